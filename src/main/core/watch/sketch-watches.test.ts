import { renameSync, writeFileSync } from 'node:fs';
import { mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import type { JobSummary } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import type { WatchState } from '../../../shared/watch';
import { sketchKeyOf } from '../handlers/input-handlers';
import { prepareInputImage } from '../image/prepare-input';

const FILE = 'sketch.kra.png';
/** Long enough that a burst of saves written back to back always lands inside one quiet window. */
const DEBOUNCE_MS = 400;

let f: CoreFixture | null = null;
let dir: string | null = null;
afterEach(async () => {
  await f?.close();
  f = null;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

/** A drawing whose strokes depend on `n`: every n gives other pixels. */
async function drawing(n: number, compressionLevel = 6): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240">
    <rect width="100%" height="100%" fill="white"/>
    <path d="M0 200 L${40 + n * 30} 60 L320 ${180 - n * 10}" stroke="black" stroke-width="6" fill="none"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel }).toBuffer();
}

/** What the model would get of these bytes: the key a revision's job carries. */
async function keyOf(bytes: Buffer): Promise<string> {
  return sketchKeyOf((await prepareInputImage(bytes, FILE)).png);
}

/** How Krita and Photoshop save: a temporary file beside it, renamed over the old one. */
function saveLikeAnEditor(path: string, bytes: Buffer): void {
  const temp = `${path}.saving-${Math.random().toString(36).slice(2)}`;
  writeFileSync(temp, bytes);
  renameSync(temp, path);
}

/** The same, letting the watcher hear each step as it happens (an artist saving again and again). */
async function saveLikeAnEditorAsync(path: string, bytes: Buffer): Promise<void> {
  const temp = `${path}.saving-${Math.random().toString(36).slice(2)}`;
  await writeFile(temp, bytes);
  await rename(temp, path);
}

async function watchedFile(bytes: Buffer): Promise<string> {
  dir = await mkdtemp(join(tmpdir(), 'redraw-watched-'));
  const path = join(dir, FILE);
  await writeFile(path, bytes);
  return path;
}

async function startWatching(path: string, watchDebounceMs = DEBOUNCE_MS): Promise<{ f: CoreFixture; watch: WatchState }> {
  const fixture = await startCoreFixture({}, { desktop: { pickImageFiles: async () => [path] }, watchDebounceMs });
  f = fixture;
  const watch = await fixture.call<WatchState>('watch:start', { params: { ...DEFAULT_PARAMS, prompt: 'a castle', seed: 7 } });
  return { f: fixture, watch };
}

/** Where the events stand now: `watchWhen` can be told to look only at what comes after. */
const mark = (fixture: CoreFixture): number => fixture.events.length;

/** The watch as a `watch:changed` event (from the `since` mark on) told it, once it satisfies `done`. */
async function watchWhen(fixture: CoreFixture, watchId: string, done: (watch: WatchState) => boolean, since = 0): Promise<WatchState> {
  const payload = await fixture.waitForEvent(
    'watch:changed',
    (candidate) => candidate.watches.some((w) => w.id === watchId && done(w)) && fixture.events.findIndex((e) => e.payload === candidate) >= since,
  );
  const found = payload.watches.find((w) => w.id === watchId);
  if (!found) throw new Error('the watch is gone');
  return found;
}

const revisionsOf = (fixture: CoreFixture, watchId: string): Promise<JobSummary[]> => fixture.call<JobSummary[]>('watch:revisions', { watchId });

describe('watching a sketch file', () => {
  it('queues the file as it is as revision 1, then one revision for a burst of saves: the last drawing, with the recipe', async () => {
    const first = await drawing(0);
    const path = await watchedFile(first);
    // Five saves take a few milliseconds; a second of quiet after them is far more than any stall.
    const { f, watch } = await startWatching(path, 1_000);
    expect(watch).toMatchObject({ fileName: FILE, state: 'watching', revisions: 1, message: null });

    const versions = await Promise.all([1, 2, 3, 4, 5].map((n) => drawing(n)));
    // Each save is heard before the next (the event loop turns between them): only the debounce makes them one.
    for (const bytes of versions) await saveLikeAnEditorAsync(path, bytes);
    await watchWhen(f, watch.id, (w) => w.revisions === 2);

    const jobs = await revisionsOf(f, watch.id);
    expect(jobs.map((job) => job.watch)).toEqual([
      { watchId: watch.id, revision: 1, fileName: FILE },
      { watchId: watch.id, revision: 2, fileName: FILE },
    ]);
    expect(jobs[0]?.sketchKey).toBe(await keyOf(first));
    // The drawing as the last save left it, not one the editor passed through.
    expect(jobs[1]?.sketchKey).toBe(await keyOf(versions[4] as Buffer));
    expect(jobs[1]?.params).toMatchObject({ prompt: 'a castle', seed: 7 });
    expect(jobs[1]?.input.sourceName).toBe(FILE);
    const done = await f.waitForJob(jobs[1]?.id ?? '', (job) => job.status === 'succeeded');
    expect(done.outputs).toHaveLength(1);
    expect((await f.call<WatchState[]>('watch:list'))[0]?.revisions).toBe(2);
  });

  it('queues nothing for a save that leaves the pixels as they were', async () => {
    const path = await watchedFile(await drawing(0));
    const { f, watch } = await startWatching(path);
    // Other bytes (another compression), the same pixels: what an editor's "Save" with no stroke does.
    const since = mark(f);
    saveLikeAnEditor(path, await drawing(0, 9));
    const checked = await watchWhen(f, watch.id, () => true, since);
    expect(checked.revisions).toBe(1);
    expect(checked.lastJobId).toBe(watch.lastJobId);
    expect(await revisionsOf(f, watch.id)).toHaveLength(1);
    expect((await f.history()).length).toBe(1);
  });

  it('cancels the previous revision while it still waits in the queue, never sending it', async () => {
    const path = await watchedFile(await drawing(0));
    // Revision 1 holds the one slot for long; cleaned up by Cancel all at the end.
    const fixture = await startCoreFixture({ predictionMs: 60_000, maxWaitSeconds: 1 }, { desktop: { pickImageFiles: async () => [path] }, watchDebounceMs: DEBOUNCE_MS });
    f = fixture;
    const settings = await fixture.call<{ apiBaseUrl: string; modelVersion: string }>('settings:get');
    await fixture.call('settings:save', { apiBaseUrl: settings.apiBaseUrl, modelVersion: settings.modelVersion, concurrency: 1 });
    const watch = await fixture.call<WatchState>('watch:start', { params: DEFAULT_PARAMS });
    const first = watch.lastJobId ?? '';
    await fixture.waitForJob(first, (job) => job.status === 'processing');

    saveLikeAnEditor(path, await drawing(1));
    const second = (await watchWhen(fixture, watch.id, (w) => w.revisions === 2)).lastJobId ?? '';
    expect((await fixture.call<{ waiting: string[] }>('queue:get')).waiting).toEqual([second]);

    saveLikeAnEditor(path, await drawing(2));
    const third = (await watchWhen(fixture, watch.id, (w) => w.revisions === 3)).lastJobId ?? '';
    const canceled = await fixture.waitForJob(second, (job) => job.status === 'canceled');
    expect(canceled.predictionId).toBeNull();
    expect((await fixture.call<{ waiting: string[]; running: string[] }>('queue:get'))).toMatchObject({ waiting: [third], running: [first] });
    // The one running was left alone: only revision 1 reached the server.
    expect(fixture.server.stats().creates).toBe(1);
    await fixture.call('jobs:cancel-all');
  });

  it('pauses when the file is deleted or moved away, and Resume looks at the path again', async () => {
    const path = await watchedFile(await drawing(0));
    const { f, watch } = await startWatching(path);

    await unlink(path);
    const paused = await watchWhen(f, watch.id, (w) => w.state === 'paused');
    expect(paused.message).toBe('sketch.kra.png was moved or deleted; watching is paused');

    // Resume with the file still gone: still paused, and said so.
    const still = await f.call<WatchState>('watch:resume', { watchId: watch.id });
    expect(still).toMatchObject({ state: 'paused', message: 'sketch.kra.png is still missing; watching is paused' });

    // Back with a new drawing: Resume sees the change and queues it.
    await writeFile(path, await drawing(1));
    const resumed = await f.call<WatchState>('watch:resume', { watchId: watch.id });
    expect(resumed).toMatchObject({ state: 'watching', message: null, revisions: 2 });

    // Renamed away (the artist did "Save as" under another name and tidied up): paused too.
    const beforeMove = mark(f);
    await rename(path, join(dir ?? '', 'sketch-old.kra.png'));
    const moved = await watchWhen(f, watch.id, (w) => w.state === 'paused', beforeMove);
    expect(moved.message).toBe('sketch.kra.png was moved or deleted; watching is paused');
    // Renamed back unchanged: watching again, nothing new to run.
    await rename(join(dir ?? '', 'sketch-old.kra.png'), path);
    expect(await f.call<WatchState>('watch:resume', { watchId: watch.id })).toMatchObject({ state: 'watching', revisions: 2 });
    // And saves are followed again after a resume.
    saveLikeAnEditor(path, await drawing(2));
    await watchWhen(f, watch.id, (w) => w.revisions === 3);
  });

  it('survives a restart: watching resumes, and a drawing saved while Redraw was closed is one revision', async () => {
    const path = await watchedFile(await drawing(0));
    const { f, watch } = await startWatching(path);
    await f.waitForJob(watch.lastJobId ?? '', (job) => job.status === 'succeeded');

    // Closed and opened with the file untouched: looked at, nothing queued.
    const beforeRestart = mark(f);
    await f.reopen();
    // The start's look at the file is the second event (the first lists the watches as they were kept).
    const untouched = await watchWhen(f, watch.id, (w) => w.lastCheckedAt !== watch.lastCheckedAt, beforeRestart);
    expect(untouched).toMatchObject({ state: 'watching', revisions: 1 });

    const later = await drawing(1);
    await f.reopen(async () => saveLikeAnEditor(path, later));
    const revised = await watchWhen(f, watch.id, (w) => w.revisions === 2);
    const jobs = await revisionsOf(f, watch.id);
    expect(jobs.map((job) => job.watch?.revision)).toEqual([1, 2]);
    expect(jobs[1]?.sketchKey).toBe(await keyOf(later));
    expect(revised.lastJobId).toBe(jobs[1]?.id);

    // The folder is watched again after the restart.
    saveLikeAnEditor(path, await drawing(2));
    await watchWhen(f, watch.id, (w) => w.revisions === 3);

    // Stopped: gone after a restart too, and its jobs still say which revision they were.
    await f.call('watch:stop', { watchId: watch.id });
    await f.reopen();
    expect(await f.call<WatchState[]>('watch:list')).toEqual([]);
    expect((await revisionsOf(f, watch.id)).map((job) => job.watch?.revision)).toEqual([1, 2, 3]);
  });

  it('a drawing that could not be queued (no token) is not taken as seen: the next start queues it', async () => {
    const path = await watchedFile(await drawing(0));
    const { f, watch } = await startWatching(path);
    await f.waitForJob(watch.lastJobId ?? '', (job) => job.status === 'succeeded');
    const origin = new URL(f.server.baseUrl).origin;
    await f.tokenStore.clear(origin);
    const since = mark(f);
    saveLikeAnEditor(path, await drawing(1));
    const refused = await watchWhen(f, watch.id, (w) => w.message !== null, since);
    expect(refused).toMatchObject({ revisions: 1 });
    expect(refused.message).toMatch(/token/i);

    // The token is back and Redraw starts again with the file as it was left: it is looked at and queued.
    await f.tokenStore.set(origin, f.server.token);
    const beforeRestart = mark(f);
    await f.reopen();
    await watchWhen(f, watch.id, (w) => w.revisions === 2, beforeRestart);
    expect((await revisionsOf(f, watch.id)).map((job) => job.watch?.revision)).toEqual([1, 2]);
  });

  it('takes a History job’s recipe (with the seed it used), and "Use current parameters" replaces it', async () => {
    const path = await watchedFile(await drawing(0));
    const { f, watch } = await startWatching(path);
    const recipeJob = await f.waitForJob(watch.lastJobId ?? '', (job) => job.status === 'succeeded');
    expect(recipeJob.seedUsed).toBe(7);
    await f.call('watch:stop', { watchId: watch.id });

    const fromJob = await f.call<WatchState>('watch:start', { params: DEFAULT_PARAMS, recipeJobId: recipeJob.id });
    expect(fromJob).toMatchObject({ recipeJobId: recipeJob.id, params: { prompt: 'a castle', seed: 7 } });
    const updated = await f.call<WatchState>('watch:update-params', { watchId: fromJob.id, params: { ...DEFAULT_PARAMS, prompt: 'a lighthouse' } });
    expect(updated).toMatchObject({ recipeJobId: null, params: { prompt: 'a lighthouse' } });
    saveLikeAnEditor(path, await drawing(1));
    await watchWhen(f, fromJob.id, (w) => w.revisions === 2);
    const jobs = await revisionsOf(f, fromJob.id);
    expect(jobs.map((job) => job.params.prompt)).toEqual(['a castle', 'a lighthouse']);
  });
});
