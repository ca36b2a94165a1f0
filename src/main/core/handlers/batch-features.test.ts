import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAllSpec, type BatchEstimate, type BatchSpec, type BatchSummary } from '../../../shared/batch-spec';
import type { DraftInput, JobSummary, QueueState } from '../../../shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../shared/model-input';
import type { SettingsView } from '../../../shared/settings';
import { jobFinished as isFinished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function generate(f: CoreFixture, name: string, params: Partial<GenerationParams>): Promise<JobSummary> {
  const draft = await f.call<DraftInput>('input:import', { name, bytes: new Uint8Array(await sketchPng(640, 480)) });
  const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...params } });
  return f.waitForJob(created.id, isFinished);
}

async function batchJobs(f: CoreFixture, batch: BatchSummary): Promise<JobSummary[]> {
  return f.call<JobSummary[]>('batches:jobs', { batchId: batch.id });
}

async function waitForBatch(f: CoreFixture, batch: BatchSummary, done: (b: BatchSummary) => boolean): Promise<BatchSummary> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = (await f.call<BatchSummary[]>('batches:list')).find((b) => b.id === batch.id);
    if (found && done(found)) return found;
    if (Date.now() > deadline) throw new Error(`batch did not reach the expected state: ${JSON.stringify(found)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Resolves once nothing runs: the point after which the engine would already have started any job it may start. */
async function queueIdle(f: CoreFixture): Promise<void> {
  await expect.poll(async () => (await f.call<QueueState>('queue:get')).running, { timeout: 20_000, interval: 20 }).toEqual([]);
}

describe('batch re-runs', () => {
  it('estimates, then creates the whole product of selection and sweeps, and the server gets exactly those inputs', async () => {
    fixture = await startCoreFixture({ predictionMs: 30 });
    const f = fixture;
    const a = await generate(f, 'hill.png', { prompt: 'misty hill', seed: 11 });
    const b = await generate(f, 'boat.png', { prompt: 'red boat', seed: 22 });
    const creates = f.server.stats().creates;
    const spec: BatchSpec = { ...keepAllSpec([a.id, b.id]), prompt: { mode: 'append', text: 'at dusk' }, promptStrength: { mode: 'values', text: '0.4, 0.7' } };

    const estimate = await f.call<BatchEstimate>('batches:estimate', spec);
    expect(estimate).toMatchObject({ predictions: 4, images: 4, axes: [{ name: 'job' }, { name: 'promptStrength', values: [0.4, 0.7] }] });
    expect(estimate.costUsd).toBeGreaterThan(0);
    // An estimate creates nothing.
    expect(f.server.stats().creates).toBe(creates);

    const batch = await f.call<BatchSummary>('batches:create', { spec, confirmedCostUsd: null });
    expect(batch).toMatchObject({ total: 4, state: 'active' });
    const done = await waitForBatch(f, batch, (x) => x.succeeded === 4);
    expect(done.predictSeconds).toBeGreaterThan(0);
    expect(done.costUsd).toBeCloseTo(done.predictSeconds * 0.0014);
    expect(await f.call<BatchSummary>('batches:get', { batchId: batch.id })).toEqual(done);
    await expect(f.call('batches:get', { batchId: '0000000aa-nosuchbatch' })).rejects.toThrow(/no longer exists/);

    const jobs = await batchJobs(f, batch);
    const sent = jobs.map((job) => {
      const prediction = f.server.prediction(job.predictionId ?? '') as { input: Record<string, unknown> };
      return [prediction.input.prompt, prediction.input.prompt_strength, prediction.input.seed];
    });
    expect(sent).toEqual([
      ['misty hill, at dusk', 0.4, 11],
      ['misty hill, at dusk', 0.7, 11],
      ['red boat, at dusk', 0.4, 22],
      ['red boat, at dusk', 0.7, 22],
    ]);
    expect(f.server.stats().creates).toBe(creates + 4);
    expect(jobs.map((job) => job.batch?.axes)).toEqual([
      { job: a.id, promptStrength: 0.4 },
      { job: a.id, promptStrength: 0.7 },
      { job: b.id, promptStrength: 0.4 },
      { job: b.id, promptStrength: 0.7 },
    ]);
    expect(jobs.map((job) => job.origin)).toEqual([a, a, b, b].map((source) => ({ kind: 'rerun', jobId: source.id })));
    // Its jobs are in the History like any other.
    expect((await f.history()).length).toBe(6);

    // Cost totals count the jobs made since the instants asked about.
    const totals = await f.call<{ today: { jobs: number; costUsd: number; predictSeconds: number }; month: { jobs: number } }>('costs:totals', {
      dayStart: new Date(Date.now() - 3_600_000).toISOString(),
      monthStart: new Date(Date.now() - 86_400_000).toISOString(),
    });
    expect(totals.today.jobs).toBe(6);
    expect(totals.month.jobs).toBe(6);
    expect(totals.today.costUsd).toBeCloseTo(totals.today.predictSeconds * 0.0014);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString();
    expect((await f.call<{ today: { jobs: number } }>('costs:totals', { dayStart: tomorrow, monthStart: tomorrow })).today.jobs).toBe(0);
  });

  it('asks for a confirmation over the cost threshold, and refuses a bad sweep with the field named', async () => {
    fixture = await startCoreFixture({ predictionMs: 30 });
    const f = fixture;
    const a = await generate(f, 'hill.png', { prompt: 'hill' });
    const settings = await f.call<SettingsView>('settings:get');
    await f.call('settings:save', { apiBaseUrl: settings.apiBaseUrl, modelVersion: settings.modelVersion, confirmCostOverUsd: 0, pricePerSecondUsd: 1 });
    const spec: BatchSpec = { ...keepAllSpec([a.id]), steps: { mode: 'values', text: '20, 30' } };
    const estimate = await f.call<BatchEstimate>('batches:estimate', spec);
    expect(estimate).toMatchObject({ predictions: 2, needsConfirmation: true });
    await expect(f.call('batches:create', { spec, confirmedCostUsd: null })).rejects.toThrow(/confirm it first/);
    // A yes to a smaller estimate does not cover this one.
    await expect(f.call('batches:create', { spec, confirmedCostUsd: estimate.costUsd / 2 })).rejects.toThrow(/confirm it first/);
    expect(await f.call<BatchSummary[]>('batches:list')).toEqual([]);
    await f.call('batches:create', { spec, confirmedCostUsd: estimate.costUsd });

    // A model version set for the batch is the one sent, whatever Settings say: here one the
    // server does not know, so its job fails saying so (a job of no batch would use Settings').
    const other = await f.call<BatchSummary>('batches:create', {
      spec: { ...keepAllSpec([a.id]), modelVersion: { mode: 'set', value: 'someone/unknown-model:' + 'e'.repeat(64) } },
      confirmedCostUsd: 1_000,
    });
    const [failed] = await batchJobs(f, await waitForBatch(f, other, (x) => x.failed === 1));
    expect(failed).toMatchObject({ modelVersion: 'someone/unknown-model:' + 'e'.repeat(64), error: { code: 'invalid-version' } });

    const wrong = f.call('batches:estimate', { ...spec, promptStrength: { mode: 'values', text: '0.5, 2' } });
    await expect(wrong).rejects.toMatchObject({ data: { code: 'invalid-input', fields: [{ param: 'promptStrength', message: 'Prompt strength: 2 is outside 0-1' }] } });
  });

  it('pauses (nothing more starts), resumes, cancels the rest, and retries its failed jobs in one call', async () => {
    fixture = await startCoreFixture({ predictionMs: 150 });
    const f = fixture;
    const a = await generate(f, 'hill.png', { prompt: 'hill' });
    const settings = await f.call<SettingsView>('settings:get');
    await f.call('settings:save', { apiBaseUrl: settings.apiBaseUrl, modelVersion: settings.modelVersion, concurrency: 1 });

    const batch = await f.call<BatchSummary>('batches:create', { spec: { ...keepAllSpec([a.id]), seed: { mode: 'values', text: '1-6 step 1' } }, confirmedCostUsd: null });
    await f.call('batches:pause', { batchId: batch.id });
    // What was already sent when the pause came finishes (one at most, at concurrency 1). The
    // engine picks the next job the moment one ends, so once nothing runs, what waits is held.
    await queueIdle(f);
    const startedWhenPaused = f.server.stats().creates;
    expect(startedWhenPaused).toBeLessThanOrEqual(2);
    expect((await f.call<QueueState>('queue:get')).waiting.length).toBeGreaterThanOrEqual(4);
    const paused = (await f.call<BatchSummary[]>('batches:list'))[0];
    expect(paused).toMatchObject({ state: 'paused', unfinished: expect.any(Number) });
    expect(paused?.unfinished).toBeGreaterThanOrEqual(4);

    await f.call('batches:resume', { batchId: batch.id });
    await waitForBatch(f, batch, (x) => x.succeeded >= startedWhenPaused - 1 + 2);
    const canceled = await f.call<BatchSummary>('batches:cancel', { batchId: batch.id });
    expect(canceled.state).toBe('canceled');
    expect(canceled.unfinished).toBe(0);
    expect(canceled.canceled + canceled.succeeded).toBe(6);

    // A batch whose prompt the server refuses: every job fails, then one call retries them all.
    f.server.configure({ failPrompt: 'doomed' });
    const failing = await f.call<BatchSummary>('batches:create', { spec: { ...keepAllSpec([a.id]), prompt: { mode: 'replace', text: 'doomed' }, seed: { mode: 'values', text: '1, 2' } }, confirmedCostUsd: null });
    await waitForBatch(f, failing, (x) => x.failed === 2);
    f.server.configure({ failPrompt: 'never matches' });
    await f.call('batches:retry-failed', { batchId: failing.id });
    expect(await waitForBatch(f, failing, (x) => x.succeeded === 2)).toMatchObject({ failed: 0, total: 2 });
  });

  it('a job already sent when its batch is paused is followed to its end, across a restart', async () => {
    fixture = await startCoreFixture({ predictionMs: 800 });
    const f = fixture;
    const a = await generate(f, 'hill.png', { prompt: 'hill' });
    const settings = await f.call<SettingsView>('settings:get');
    await f.call('settings:save', { apiBaseUrl: settings.apiBaseUrl, modelVersion: settings.modelVersion, concurrency: 1 });
    const batch = await f.call<BatchSummary>('batches:create', { spec: { ...keepAllSpec([a.id]), seed: { mode: 'values', text: '1, 2, 3' } }, confirmedCostUsd: null });
    // The first is on the server (paid for) before the pause.
    await expect.poll(() => f.server.stats().creates, { timeout: 10_000 }).toBe(2);
    await f.call('batches:pause', { batchId: batch.id });
    await f.reopen();
    const done = await waitForBatch(f, batch, (x) => x.succeeded === 1);
    expect(done).toMatchObject({ state: 'paused', unfinished: 2 });
    await queueIdle(f);
    expect(f.server.stats().creates).toBe(2);
  });

  it('several sketches at once: one job each with the same parameters, estimated first, made as one batch', async () => {
    fixture = await startCoreFixture({ predictionMs: 30 });
    const f = fixture;
    const drafts: DraftInput[] = [];
    for (const name of ['a.png', 'b.png', 'c.png']) drafts.push(await f.call<DraftInput>('input:import', { name, bytes: new Uint8Array(await sketchPng(320, 240)) }));
    const request = { inputIds: drafts.map((d) => d.inputId), params: { ...DEFAULT_PARAMS, prompt: 'ink wash', seed: 5 } };
    expect(await f.call<BatchEstimate>('batches:estimate-sketches', request)).toMatchObject({ predictions: 3, images: 3, axes: [{ name: 'sketch', values: ['1. a.png', '2. b.png', '3. c.png'] }] });
    expect(f.server.stats().creates).toBe(0);
    const batch = await f.call<BatchSummary>('batches:from-sketches', { ...request, confirmedCostUsd: null });
    expect(batch).toMatchObject({ total: 3, name: '3 sketches · ink wash' });
    await waitForBatch(f, batch, (x) => x.succeeded === 3);
    const jobs = await batchJobs(f, batch);
    expect(jobs.map((job) => [job.input.sourceName, job.params.prompt, job.origin.kind])).toEqual([
      ['a.png', 'ink wash', 'file'],
      ['b.png', 'ink wash', 'file'],
      ['c.png', 'ink wash', 'file'],
    ]);
    expect(f.server.predictionInputs().map((input) => [input.prompt, input.seed])).toEqual([['ink wash', 5], ['ink wash', 5], ['ink wash', 5]]);
  });

  it('a crash while a batch is being made leaves no half batch: its folders go at the next open', async () => {
    fixture = await startCoreFixture({ predictionMs: 30 });
    const f = fixture;
    const a = await generate(f, 'hill.png', { prompt: 'hill' });
    await f.core.close();
    // What a crash between the batch's first step and its transaction leaves: the row, some folders.
    const library = join(f.dataDir, 'library');
    const pending = ['0000000aa-half000001', '0000000aa-half000002'];
    for (const id of pending) {
      await mkdir(join(library, 'jobs', id));
      await writeFile(join(library, 'jobs', id, 'input.png'), await sketchPng(64, 64));
    }
    const db = new DatabaseSync(join(library, 'catalog.sqlite'));
    db.prepare(`INSERT INTO batches (id, name, created_at, state, spec, axes, pending_job_ids) VALUES ('0000000aa-halfbatch1', 'half', '2026-01-01T00:00:00.000Z', 'creating', '{}', '[]', ?)`).run(
      JSON.stringify(pending),
    );
    db.close();

    await f.reopen();
    expect(await readdir(join(library, 'jobs'))).toEqual([a.id]);
    expect(await f.call<BatchSummary[]>('batches:list')).toEqual([]);
    expect((await f.history()).map((job) => job.id)).toEqual([a.id]);
  });
});
