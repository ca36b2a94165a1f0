import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { startFakeReplicate, type FakeReplicate } from '../fake-server/fake-replicate';
import type { FakeReplicateOptions } from '../fake-server/types';
import { historyQuerySchema, type HistoryPage, type HistoryQuery } from '../src/shared/history-query';
import type { EventName, EventPayload } from '../src/shared/ipc-contract';
import { isFinalStatus, type JobSummary } from '../src/shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../src/shared/model-input';
import { sketchPng } from './images';
import { createCore, type Core } from '../src/main/core/create-core';
import type { DesktopShell } from '../src/main/core/desktop-shell';
import { createSessionTokenStore, tokenOrigin, type TokenStore } from '../src/main/core/secrets/token-store';

/** Stages a drawn sketch of this size and creates one job from it (the default parameters, overridden by `params`). */
export async function generateFromSketch(f: CoreFixture, params: Partial<GenerationParams>, size: readonly [number, number] = [256, 192]): Promise<JobSummary> {
  const draft = await f.call<{ inputId: string }>('input:import', { name: 's.png', bytes: new Uint8Array(await sketchPng(size[0], size[1])) });
  return f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...params } });
}

/** For waitForJob: the job has ended, however it ended. */
export function jobFinished(job: JobSummary): boolean {
  return isFinalStatus(job.status);
}

export type CoreFixture = {
  core: Core;
  server: FakeReplicate;
  dataDir: string;
  tokenStore: TokenStore;
  events: { event: EventName; payload: unknown }[];
  /** PNGs put on the clipboard through the desktop shell. */
  copiedImages: Buffer[];
  /** Drags out of the window the desktop shell was asked to start: the file and its icon. */
  dragStarts: { path: string; iconPng: Buffer }[];
  /** Calls a channel through the contract dispatch and unwraps the envelope (throws its error). */
  call<T = unknown>(channel: string, input?: unknown): Promise<T>;
  /** The History as the renderer would ask for it (newest first unless the query says otherwise). */
  history(query?: Partial<HistoryQuery>): Promise<JobSummary[]>;
  /** Waits for an event (one already sent counts) whose payload satisfies `matches`. */
  waitForEvent<E extends EventName>(event: E, matches: (payload: EventPayload<E>) => boolean, timeoutMs?: number): Promise<EventPayload<E>>;
  /** Waits until the job's latest event satisfies `done`. */
  waitForJob(jobId: string, done: (job: JobSummary) => boolean, timeoutMs?: number): Promise<JobSummary>;
  /** Closes the core and opens a new one on the same data; `whileClosed` runs in between (a file edited while the app was closed). */
  reopen(whileClosed?: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
};

/** The real core over real HTTP against the fake Replicate server, with a fresh data folder. */
export async function startCoreFixture(
  serverOptions: FakeReplicateOptions = {},
  options: { token?: string | null; dataDir?: string; server?: FakeReplicate; desktop?: Partial<DesktopShell>; watchDebounceMs?: number } = {},
): Promise<CoreFixture> {
  const server = options.server ?? (await startFakeReplicate({ predictionMs: 300, startDelayMs: 20, ...serverOptions }));
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'redraw-core-')));
  const tokenStore = createSessionTokenStore();
  const token = options.token === undefined ? server.token : options.token;
  if (token) await tokenStore.set(tokenOrigin(server.baseUrl), token);
  const dispatcher = new Agent({ connections: 64 });
  const events: CoreFixture['events'] = [];
  const copiedImages: Buffer[] = [];
  const dragStarts: CoreFixture['dragStarts'] = [];
  const latest = new Map<string, JobSummary>();
  const waiters = new Set<() => void>();

  const build = () =>
    createCore({
      dataDir,
      tokenStore,
      dispatcher,
      mediaBaseUrl: 'redraw-media://media',
      appVersion: 'test',
      defaultSettings: { apiBaseUrl: server.baseUrl },
      ...(options.watchDebounceMs === undefined ? {} : { watchDebounceMs: options.watchDebounceMs }),
      desktop: {
        pickImageFiles: async () => [],
        pickSavePath: async (name) => join(dataDir, '..', `${name}`),
        showInFolder: async () => undefined,
        copyImage: async (png) => {
          copiedImages.push(png);
        },
        // No folder dialog in tests: a test that exports says where (or cancels) through `desktop`.
        pickFolder: async () => null,
        startDrag: async (path, iconPng) => {
          dragStarts.push({ path, iconPng });
        },
        ...options.desktop,
      },
      emit: <E extends EventName>(event: E, payload: EventPayload<E>) => {
        events.push({ event, payload });
        if (event === 'job:updated') latest.set((payload as JobSummary).id, payload as JobSummary);
        for (const wake of waiters) wake();
      },
    });

  const fixture: CoreFixture = {
    core: await build(),
    server,
    dataDir,
    tokenStore,
    events,
    copiedImages,
    dragStarts,
    async call<T>(channel: string, input?: unknown): Promise<T> {
      const envelope = await fixture.core.dispatch(channel, input);
      if (!envelope.ok) throw Object.assign(new Error(envelope.error.message), { data: envelope.error });
      return envelope.value as T;
    },
    async history(query = {}) {
      const page = await fixture.call<HistoryPage>('history:page', { query: historyQuerySchema.parse(query), offset: 0, limit: 500 });
      return page.jobs;
    },
    waitForEvent<E extends EventName>(event: E, matches: (payload: EventPayload<E>) => boolean, timeoutMs = 20_000) {
      return new Promise<EventPayload<E>>((resolve, reject) => {
        const check = (): boolean => {
          // Payloads were recorded as sent for this event name, so they have its type.
          const found = events.find((e) => e.event === event && matches(e.payload as EventPayload<E>));
          if (!found) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found.payload as EventPayload<E>);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${event} event matched within ${timeoutMs} ms`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    waitForJob(jobId, done, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const job = latest.get(jobId);
          if (job && done(job)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(job);
            return true;
          }
          return false;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`job ${jobId} did not reach the expected state; last: ${JSON.stringify(latest.get(jobId)?.status)} ${JSON.stringify(latest.get(jobId)?.error)}`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    async reopen(whileClosed) {
      await fixture.core.close();
      await whileClosed?.();
      fixture.core = await build();
      fixture.core.start();
    },
    async close() {
      await fixture.core.close();
      await dispatcher.close();
      if (!options.server) await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
  fixture.core.start();
  return fixture;
}
