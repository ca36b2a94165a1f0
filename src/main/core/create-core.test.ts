import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, type GenerationParams } from '../../shared/model-input';
import type { DraftInput, Job, JobSummary } from '../../shared/job';
import { jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../test-support/core-fixture';
import { jpegWithGps, noisyPng, sketchPng } from '../../../test-support/images';
import { listFilesDeep } from '../../../test-support/list-files';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function stage(f: CoreFixture, bytes: Buffer, name = 'mountains.png'): Promise<DraftInput> {
  return f.call<DraftInput>('input:import', { name, bytes: new Uint8Array(bytes) });
}

async function generate(f: CoreFixture, params: Partial<GenerationParams> = {}, bytes?: Buffer): Promise<JobSummary> {
  const draft = await stage(f, bytes ?? (await sketchPng()));
  return f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...params } });
}

describe('from a dropped sketch to a saved result', () => {
  it('prepares the sketch, generates, stores every output with its record, and survives a reopen', async () => {
    fixture = await startCoreFixture();
    const f = fixture;
    const draft = await stage(f, await sketchPng(1600, 1200));
    expect(draft).toMatchObject({ width: 1024, height: 768, sourceName: 'mountains.png' });

    const created = await f.call<JobSummary>('jobs:create', {
      inputId: draft.inputId,
      params: { ...DEFAULT_PARAMS, prompt: 'castle on a cliff', numOutputs: 2, seed: 42, steps: 30 },
    });
    expect(created.status).toBe('queued');
    const done = await f.waitForJob(created.id, finished);
    expect(done.error).toBeNull();
    expect(done.status).toBe('succeeded');
    expect(done.outputs).toHaveLength(2);
    expect(done.inputTransport).toBe('data-uri');
    expect(done.predictionId).toMatch(/^[a-z0-9]+$/);
    expect(done.seedUsed).toBe(42);
    expect(done.timings.storedAt).not.toBeNull();

    const job = await f.call<Job>('jobs:get', { jobId: created.id });
    expect(job.logs).toMatch(/100%\|/);
    expect(job.params).toMatchObject({ prompt: 'castle on a cliff', numOutputs: 2, seed: 42, steps: 30 });
    expect(job.modelVersion).toContain('stability-ai/stable-diffusion-img2img:');
    for (const output of job.outputs) {
      const meta = await sharp(join(f.dataDir, 'library', 'jobs', job.id, output.file)).metadata();
      expect(meta).toMatchObject({ format: 'png', width: 1024, height: 768 });
    }
    const input = await sharp(join(f.dataDir, 'library', 'jobs', job.id, 'input.png')).metadata();
    expect(input).toMatchObject({ width: 1024, height: 768 });

    // Exactly what was sent reached the server.
    const create = f.server.requests.find((r) => r.method === 'POST' && r.path === '/v1/predictions');
    expect(create?.headers.prefer).toMatch(/^wait/);
    expect(create?.headers.authorization).toBe(`Bearer ${f.server.token}`);
    // Outputs come from another host and never get the token.
    const downloads = f.server.requests.filter((r) => r.origin === 'outputs');
    expect(downloads).toHaveLength(2);
    for (const request of downloads) expect(request.headers.authorization).toBeUndefined();
    expect(f.server.stats().creates).toBe(1);

    // Progress reached the renderer, ending at 100 % (mid-run progress: see the stream test).
    const percents = f.events
      .filter((e) => e.event === 'job:updated' && (e.payload as JobSummary).id === job.id)
      .map((e) => (e.payload as JobSummary).progress?.percent ?? -1)
      .filter((p) => p >= 0);
    expect(percents.length).toBeGreaterThan(0);
    expect(percents.at(-1)).toBe(100);

    // The token is in no file the app wrote (once its writes have landed).
    await f.core.library.files.flush();
    for (const file of await listFilesDeep(f.dataDir)) {
      expect((await readFile(file)).includes(Buffer.from(f.server.token)), file).toBe(false);
    }

    await f.reopen();
    const history = await f.history();
    expect(history.map((j) => j.id)).toEqual([job.id]);
    expect(history[0]).toMatchObject({ status: 'succeeded', outputs: job.outputs });
  });

  it('follows the SSE stream when the wait returns unfinished, and shows progress from the logs', async () => {
    fixture = await startCoreFixture({ predictionMs: 1_800, maxWaitSeconds: 1 });
    const job = await generate(fixture);
    const done = await fixture.waitForJob(job.id, finished);
    expect(done.status).toBe('succeeded');
    expect(fixture.server.requests.some((r) => r.path.startsWith('/v1/stream/'))).toBe(true);
    const midway = fixture.events
      .map((e) => e.payload as JobSummary)
      .filter((j) => j.id === job.id && j.status === 'processing' && j.progress && j.progress.percent > 0 && j.progress.percent < 100);
    expect(midway.length).toBeGreaterThan(0);
  });

  it('reconnects when the stream times out before the prediction ends', async () => {
    fixture = await startCoreFixture({ predictionMs: 2_000, maxWaitSeconds: 1, streamTimeoutMs: 400 });
    const job = await generate(fixture);
    const done = await fixture.waitForJob(job.id, finished);
    expect(done.status).toBe('succeeded');
    expect(fixture.server.requests.filter((r) => r.path.startsWith('/v1/stream/')).length).toBeGreaterThan(1);
    const stored = await fixture.call<Job>('jobs:get', { jobId: job.id });
    // Replayed log lines are not doubled.
    expect(stored.logs.match(/Using seed/g)).toHaveLength(1);
  });

  it('falls back to polling when the stream keeps failing', async () => {
    fixture = await startCoreFixture({ predictionMs: 2_000, maxWaitSeconds: 1 });
    fixture.server.injectFaults(Array.from({ length: 3 }, () => ({ match: 'stream' as const, kind: 'status' as const, status: 503 })));
    const job = await generate(fixture);
    const done = await fixture.waitForJob(job.id, finished);
    expect(done.status).toBe('succeeded');
    expect(fixture.server.pendingFaults()).toBe(0);
    const gets = fixture.server.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/v1/predictions/'));
    expect(gets.length).toBeGreaterThan(3);
    expect(fixture.server.requests.filter((r) => r.path.startsWith('/v1/stream/'))).toHaveLength(3);
  });

  it("accepts the seed's synchronous images body (no prediction id)", async () => {
    fixture = await startCoreFixture({ responseShape: 'images' });
    const job = await generate(fixture, { numOutputs: 3 });
    const done = await fixture.waitForJob(job.id, finished);
    expect(done).toMatchObject({ status: 'succeeded', responseShape: 'images', predictionId: null });
    expect(done.outputs).toHaveLength(3);
  });

  it('uploads large inputs through the Files API, and falls back to a data URI where there is none', async () => {
    fixture = await startCoreFixture();
    const big = await generate(fixture, {}, await noisyPng());
    expect((await fixture.waitForJob(big.id, finished)).inputTransport).toBe('file-upload');
    expect(fixture.server.stats().uploads).toBe(1);

    fixture.server.configure({ filesApi: false });
    const again = await generate(fixture, {}, await noisyPng());
    const done = await fixture.waitForJob(again.id, finished);
    expect(done).toMatchObject({ status: 'succeeded', inputTransport: 'data-uri' });
    expect(fixture.server.stats().uploads).toBe(1);
  });

  it('cancels a running prediction on the server', async () => {
    fixture = await startCoreFixture({ predictionMs: 5_000, maxWaitSeconds: 1 });
    const job = await generate(fixture);
    await fixture.waitForJob(job.id, (j) => j.status === 'processing');
    const canceled = await fixture.call<JobSummary>('jobs:cancel', { jobId: job.id });
    expect(canceled.status).toBe('canceled');
    await expect.poll(() => fixture!.server.stats().canceled).toBe(1);
    const prediction = fixture.server.prediction(canceled.predictionId!) as { status: string };
    expect(prediction.status).toBe('canceled');
  });

  it('deletes a job and its files', async () => {
    fixture = await startCoreFixture();
    const job = await generate(fixture);
    await fixture.waitForJob(job.id, finished);
    await fixture.call('jobs:delete', { jobId: job.id });
    await expect(stat(join(fixture.dataDir, 'library', 'jobs', job.id))).rejects.toThrow();
    expect(await fixture.history()).toEqual([]);
    expect(fixture.events.some((e) => e.event === 'job:deleted')).toBe(true);
  });

  it('runs again with the same parameters and a new seed (or the same one, in copies), and reuses outputs as inputs', async () => {
    fixture = await startCoreFixture();
    const first = await generate(fixture, { seed: 7, prompt: 'first' });
    await fixture.waitForJob(first.id, finished);
    const [rerun] = await fixture.call<JobSummary[]>('jobs:rerun', { jobId: first.id });
    const done = await fixture.waitForJob(rerun?.id ?? '', finished);
    expect(done.params).toMatchObject({ prompt: 'first', seed: null });
    expect(done.seedUsed).not.toBeNull();
    // Same seed, in copies, in one call: the seed the first job used, each a job of its own.
    const same = await fixture.call<JobSummary[]>('jobs:rerun', { jobId: first.id, copies: 2, seed: 'same' });
    expect(same.map((job) => [job.params.seed, job.origin])).toEqual([
      [first.seedUsed ?? 7, { kind: 'rerun', jobId: first.id }],
      [first.seedUsed ?? 7, { kind: 'rerun', jobId: first.id }],
    ]);
    expect(new Set(same.map((job) => job.id)).size).toBe(2);
    const fromOutput = await fixture.call<DraftInput>('input:from-output', { jobId: first.id, outputIndex: 0 });
    expect(fromOutput).toMatchObject({ width: 1024, height: 768 });
  });

  it('drops all metadata, GPS included, from the prepared input', async () => {
    fixture = await startCoreFixture();
    const original = await sharp(await jpegWithGps()).metadata();
    expect(original.exif).toBeDefined();
    const draft = await stage(fixture, await jpegWithGps(), 'photo.jpg');
    const prepared = await sharp(join(fixture.dataDir, draft.mediaPath)).metadata();
    expect(prepared.exif).toBeUndefined();
    expect(prepared.icc).toBeUndefined();
    expect(prepared.xmp).toBeUndefined();
  });
});
