import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import type { Channel, ChannelInput, ChannelOutput, EventName, EventPayload } from '../src/shared/ipc-contract';
import { isFinalStatus, type JobSummary } from '../src/shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../src/shared/model-input';
import { createCore, type Core } from '../src/main/core/create-core';
import type { DesktopShell } from '../src/main/core/desktop-shell';
import { createSessionTokenStore, tokenOrigin } from '../src/main/core/secrets/token-store';
import { INERT_DESKTOP } from '../test-support/inert-desktop';

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export const round = (value: number, digits = 1): number => Math.round(value * 10 ** digits) / 10 ** digits;

export type BenchCore = {
  core: Core;
  dataDir: string;
  /** Epoch ms (sub-ms precision) when the renderer was told each job succeeded (the emit to the page). */
  notifiedAt: Map<string, number>;
  finished: Map<string, JobSummary>;
  waitForAll(ids: string[], timeoutMs: number): Promise<void>;
  /** Stages one input and queues `count` jobs from it. */
  enqueue(count: number, png: Buffer, params?: Partial<GenerationParams>): Promise<string[]>;
  close(): Promise<void>;
};

/**
 * Redraw's real core, as main runs it, pointed at a fake server, with timing hooks on its events.
 * On a new data folder, or on `dataDir` (a library seeded beforehand); either is removed on close.
 */
export async function startBenchCore(server: { baseUrl: string; token: string }, concurrency: number, options: { dataDir?: string } = {}): Promise<BenchCore> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'redraw-bench-')));
  const tokenStore = createSessionTokenStore();
  await tokenStore.set(tokenOrigin(server.baseUrl), server.token);
  const dispatcher = new Agent({ connections: 256, pipelining: 1 });
  const notifiedAt = new Map<string, number>();
  const finished = new Map<string, JobSummary>();
  let wake: (() => void) | null = null;
  const core = await createCore({
    dataDir,
    tokenStore,
    dispatcher,
    mediaBaseUrl: 'redraw-media://media',
    appVersion: 'bench',
    defaultSettings: { apiBaseUrl: server.baseUrl, concurrency },
    desktop: INERT_DESKTOP,
    emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
      if (event !== 'job:updated') return;
      const job = payload as JobSummary;
      if (job.status === 'succeeded' && job.predictionId && !notifiedAt.has(job.predictionId)) {
        notifiedAt.set(job.predictionId, performance.timeOrigin + performance.now());
      }
      if (isFinalStatus(job.status)) {
        finished.set(job.id, job);
        wake?.();
      }
    },
  });
  core.start();
  return {
    core,
    dataDir,
    notifiedAt,
    finished,
    async waitForAll(ids, timeoutMs) {
      const deadline = performance.now() + timeoutMs;
      while (!ids.every((id) => finished.has(id))) {
        if (performance.now() > deadline) throw new Error(`bench: ${ids.filter((id) => !finished.has(id)).length} jobs unfinished after ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 250);
        });
      }
    },
    async enqueue(count, png, params = {}) {
      const draft = await core.dispatch('input:import', { name: 'bench.png', bytes: new Uint8Array(png) });
      if (!draft.ok) throw new Error(draft.error.message);
      const { inputId } = draft.value as { inputId: string };
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const created = await core.dispatch('jobs:create', { inputId, params: { ...DEFAULT_PARAMS, ...params, prompt: `bench ${i}` } });
        if (!created.ok) throw new Error(created.error.message);
        ids.push((created.value as JobSummary).id);
      }
      return ids;
    },
    async close() {
      await core.close();
      await dispatcher.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * The core as main builds it at start (createCore, which opens the library), over an existing
 * data folder, with no server behind it: for what happens before any job runs.
 */
export function openBenchCore(dataDir: string, desktop: Partial<DesktopShell> = {}): Promise<Core> {
  return createCore({
    dataDir,
    tokenStore: createSessionTokenStore(),
    mediaBaseUrl: 'redraw-media://media',
    appVersion: 'bench',
    desktop: { ...INERT_DESKTOP, ...desktop },
    emit: () => undefined,
  });
}

/** A call through the core's dispatch, as the renderer makes it; throws the error it answers with. */
export async function call<C extends Channel>(core: Core, channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const answer = await core.dispatch(channel, input);
  if (!answer.ok) throw new Error(`${channel}: ${answer.error.message}`);
  // The dispatch has parsed the value against this channel's output schema already.
  return answer.value as ChannelOutput<C>;
}

/**
 * Writes pending files out before anything is timed: otherwise the kernel flushes (or, after a
 * large temp folder is removed, journals) hundreds of MB in the background while the timed
 * work runs, and it is timed against that. Best effort (`sync` is not everywhere).
 */
export function settleDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No sync command: measured as it is.
  }
}
