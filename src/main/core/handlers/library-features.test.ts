import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_HISTORY_VIEW, type HistoryView } from '../../../shared/history-query';
import type { JobLineage } from '../../../shared/ipc-contract';
import { thumbnailFileName, type DraftInput, type JobSummary } from '../../../shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../shared/model-input';
import { jobFinished as finished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';
import { THUMBNAIL_LONG_SIDE } from '../library/thumbnails';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

async function generateFrom(f: CoreFixture, draft: DraftInput, params: Partial<GenerationParams> = {}): Promise<JobSummary> {
  const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...params } });
  return f.waitForJob(created.id, finished);
}

async function importSketch(f: CoreFixture, name: string, width = 800, height = 600): Promise<DraftInput> {
  return f.call<DraftInput>('input:import', { name, bytes: new Uint8Array(await sketchPng(width, height)) });
}

describe('lineage', () => {
  it('records where each input came from, links both ways, and survives the source’s deletion', async () => {
    fixture = await startCoreFixture({ predictionMs: 60 });
    const f = fixture;
    const first = await generateFrom(f, await importSketch(f, 'hill.png'), { numOutputs: 2 });
    expect(first.origin).toEqual({ kind: 'file' });

    const fromOutput = await f.call<DraftInput>('input:from-output', { jobId: first.id, outputIndex: 1 });
    expect(fromOutput.origin).toEqual({ kind: 'output', jobId: first.id, outputIndex: 1 });
    const second = await generateFrom(f, fromOutput);
    const [rerun] = await f.call<JobSummary[]>('jobs:rerun', { jobId: second.id });
    const fromSketch = await generateFrom(f, await f.call<DraftInput>('input:from-job', { jobId: first.id }));

    const ofSecond = await f.call<JobLineage>('jobs:lineage', { jobId: second.id });
    expect(ofSecond.madeFrom).toMatchObject({ origin: { kind: 'output', jobId: first.id, outputIndex: 1 }, job: { id: first.id } });
    expect(ofSecond.usedBy.jobs.map((j) => j.id)).toEqual([rerun?.id]);
    expect((await f.call<JobLineage>('jobs:lineage', { jobId: rerun?.id })).madeFrom?.origin).toEqual({ kind: 'rerun', jobId: second.id });
    const ofFirst = await f.call<JobLineage>('jobs:lineage', { jobId: first.id });
    expect(ofFirst.madeFrom).toBeNull();
    expect(ofFirst.usedBy).toMatchObject({ total: 2, jobs: [{ id: fromSketch.id }, { id: second.id }] });
    // The same sketch reused keeps its group; a sketch made from an output is a new one.
    expect(fromSketch.sketchKey).toBe(first.sketchKey);
    expect(second.sketchKey).not.toBe(first.sketchKey);

    await f.call('jobs:delete', { jobId: first.id });
    await f.reopen();
    const after = await f.call<JobLineage>('jobs:lineage', { jobId: second.id });
    expect(after.madeFrom).toEqual({ origin: { kind: 'output', jobId: first.id, outputIndex: 1 }, job: null });
  });

  it('a draft staged before a restart still makes a job with its name and origin', async () => {
    fixture = await startCoreFixture({ predictionMs: 60 });
    const f = fixture;
    const first = await generateFrom(f, await importSketch(f, 'before-restart.png'));
    const draft = await f.call<DraftInput>('input:from-output', { jobId: first.id, outputIndex: 0 });
    await f.reopen();
    const job = await generateFrom(f, draft);
    expect(job.input.sourceName).toBe(`${first.id}-output-1.png`);
    expect(job.origin).toEqual({ kind: 'output', jobId: first.id, outputIndex: 0 });
  });
});

describe('the History over IPC', () => {
  it('finds, marks and groups jobs, tells the page when its lists change, and keeps the view across restarts', async () => {
    fixture = await startCoreFixture({ predictionMs: 40 });
    const f = fixture;
    const hill = await importSketch(f, 'hill.png');
    const boat = await importSketch(f, 'boat.png', 640, 640);
    const a = await generateFrom(f, hill, { prompt: 'misty hill at dawn' });
    const b = await generateFrom(f, hill, { prompt: 'hill in autumn', promptStrength: 0.5 });
    const c = await generateFrom(f, boat, { prompt: 'a red boat', negativePrompt: 'dawn' });
    expect(a.sketchKey).toBe(b.sketchKey);
    expect(a.sketchKey).toMatch(/^[0-9a-f]{64}$/);

    expect((await f.history({ text: 'daw' })).map((j) => j.id)).toEqual([c.id, a.id]);
    expect((await f.history({ text: 'boat' })).map((j) => j.id)).toEqual([c.id]);

    await expect.poll(() => f.events.some((e) => e.event === 'history:changed' && (e.payload as { jobIds: string[] }).jobIds.includes(c.id))).toBe(true);
    const before = f.events.length;
    const marked = await f.call<JobSummary>('jobs:set-marks', { jobId: b.id, favourite: true, rating: 4 });
    expect(marked).toMatchObject({ favourite: true, rating: 4 });
    await expect.poll(() => f.events.slice(before).some((e) => e.event === 'history:changed')).toBe(true);
    expect((await f.history({ favouritesOnly: true })).map((j) => j.id)).toEqual([b.id]);
    await expect(f.call('jobs:set-marks', { jobId: b.id, rating: 6 })).rejects.toThrow();

    const groups = await f.call<{ key: string; count: number; label: string }[]>('history:groups', { query: { ...DEFAULT_HISTORY_VIEW, group: 'sketch' } });
    expect(groups.map((g) => [g.label, g.count])).toEqual([['boat.png', 1], ['hill.png', 2]]);

    const view: HistoryView = { ...DEFAULT_HISTORY_VIEW, text: 'hill', favouritesOnly: true, sort: 'rating', group: 'day', fromDay: '2026-01-01' };
    await f.call('history:save-view', view);
    await f.reopen();
    // The start answers the saved view with its first window (and its day groups) in one call.
    const start = await f.call<{ view: HistoryView; page: { total: number; jobs: { id: string }[] }; groups: { count: number }[] }>('history:start', { limit: 60 });
    expect(start.view).toEqual(view);
    expect(start.page.jobs.map((j) => j.id)).toEqual([b.id]);
    expect(start.groups.map((g) => g.count)).toEqual([1]);
    expect((await f.history({ favouritesOnly: true })).map((j) => j.id)).toEqual([b.id]);
    // A page never carries logs, and one window is what was asked for.
    const page = await f.call<{ total: number; jobs: object[] }>('history:page', { query: DEFAULT_HISTORY_VIEW, offset: 1, limit: 1 });
    expect(page.total).toBe(3);
    expect(page.jobs).toHaveLength(1);
    expect(page.jobs[0]).not.toHaveProperty('logs');
  });
});

describe('thumbnails and the clipboard', () => {
  it('makes a small WebP of each stored image, and one on demand for images from before', async () => {
    fixture = await startCoreFixture({ predictionMs: 40 });
    const f = fixture;
    const job = await generateFrom(f, await importSketch(f, 'wide.png', 1600, 900), { numOutputs: 2 });
    const stored = await sharp(join(f.dataDir, 'library/jobs', job.id, job.outputs[0]!.file)).metadata();
    expect(job.outputs[0]).toMatchObject({ width: stored.width, height: stored.height });
    expect(stored.width).toBe(1024);
    const thumb = (file: string) => join(f.dataDir, 'library/jobs', job.id, thumbnailFileName(file));
    for (const file of [job.input.file, ...job.outputs.map((o) => o.file)]) {
      await expect.poll(() => stat(thumb(file)).then(() => true, () => false)).toBe(true);
    }
    const meta = await sharp(thumb(job.outputs[0]!.file)).metadata();
    expect(meta.format).toBe('webp');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(THUMBNAIL_LONG_SIDE);

    // An image stored before thumbnails existed gets one the first time the gallery asks.
    await rm(thumb(job.outputs[1]!.file));
    const served = await f.core.readMedia(`jobs/${job.id}/${thumbnailFileName(job.outputs[1]!.file)}`);
    expect(served?.equals(await readFile(thumb(job.outputs[1]!.file)))).toBe(true);
    expect((await sharp(served!).metadata()).format).toBe('webp');
    // Only for a job's own images.
    expect(await f.core.readMedia(`jobs/${job.id}/output-9.thumb.webp`)).toBeNull();
  });

  it('copies an output or the input to the clipboard as PNG', async () => {
    fixture = await startCoreFixture({ predictionMs: 40 });
    const f = fixture;
    const job = await generateFrom(f, await importSketch(f, 'copy.png', 600, 400), { numOutputs: 2 });
    await f.call('images:copy', { jobId: job.id, outputIndex: 1 });
    await f.call('images:copy', { jobId: job.id, outputIndex: null });
    const file = (name: string) => readFile(join(f.dataDir, 'library/jobs', job.id, name));
    expect(f.copiedImages).toHaveLength(2);
    expect((await sharp(f.copiedImages[0]!).metadata()).format).toBe('png');
    expect(f.copiedImages[0]!.equals(await file(job.outputs[1]!.file))).toBe(true);
    expect(f.copiedImages[1]!.equals(await file('input.png'))).toBe(true);
    await expect(f.call('images:copy', { jobId: job.id, outputIndex: 5 })).rejects.toThrow(/does not exist/);
  });
});
