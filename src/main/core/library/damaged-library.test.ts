import { execFileSync } from 'node:child_process';
import { constants, existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { keepAllSpec, type BatchSummary } from '../../../shared/batch-spec';
import { thumbnailFileName, type DraftInput, type JobSummary } from '../../../shared/job';
import type { LibraryStatus } from '../../../shared/library-status';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { jobFinished as isFinished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';

let fixture: CoreFixture | null = null;
const fifos: string[] = [];
const dirs: string[] = [];
afterEach(async () => {
  // Should a reader be stuck opening a FIFO (the failure these tests look for), a writer that
  // opens and closes it lets that reader see an empty file, so the core can still close.
  for (const fifo of fifos.splice(0)) {
    const writer = await open(fifo, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => null);
    await writer?.close();
  }
  await fixture?.close();
  fixture = null;
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function mkfifo(path: string): void {
  execFileSync('mkfifo', [path]);
  fifos.push(path);
}

/** A finished job with one output, its thumbnails made; the core is closed so the test can change its files. */
async function jobOnDisk(): Promise<{ f: CoreFixture; job: JobSummary; dir: string }> {
  fixture = await startCoreFixture({ predictionMs: 30 });
  const f = fixture;
  const draft = await f.call<DraftInput>('input:import', { name: 'hill.png', bytes: new Uint8Array(await sketchPng(640, 480)) });
  const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, numOutputs: 1 } });
  const job = await f.waitForJob(created.id, isFinished);
  expect(job.status).toBe('succeeded');
  await f.core.close();
  return { f, job, dir: join(f.dataDir, 'library/jobs', job.id) };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return (error as Error).message;
}

describe('a tampered or damaged library', () => {
  it('a pipe where an image should be never blocks main: the gallery shows a placeholder, Use as input, Save as and Copy say why', async () => {
    const { f, job, dir } = await jobOnDisk();
    await rm(join(dir, 'output-1.png'));
    await rm(join(dir, thumbnailFileName('output-1.png')));
    mkfifo(join(dir, 'output-1.png'));
    await f.reopen();

    // The gallery asks for the missing thumbnail: none can be made, and the answer comes.
    expect(await f.core.readMedia(`jobs/${job.id}/${thumbnailFileName('output-1.png')}`)).toBeNull();
    expect(await f.core.readMedia(`jobs/${job.id}/output-1.png`)).toBeNull();
    const why = 'output-1.png in the library is not a regular file (a pipe, a device or a folder); Redraw will not read it.';
    expect(await refusal(f.call('input:from-output', { jobId: job.id, outputIndex: 0 }))).toBe(why);
    expect(await refusal(f.call('outputs:save-as', { jobId: job.id, outputIndex: 0 }))).toBe(why);
    expect(await refusal(f.call('images:copy', { jobId: job.id, outputIndex: 0 }))).toBe(why);
    expect(f.copiedImages).toEqual([]);
    // Nothing is left waiting on the pipe: the library closes and opens again.
    await f.reopen();
    expect((await f.history()).map((j) => j.id)).toEqual([job.id]);
  });

  it('a pipe where the catalog, its index or a record should be: the library still opens, rebuilt from the job folders, and reports the record', async () => {
    const { f, job, dir } = await jobOnDisk();
    const catalog = join(f.dataDir, 'library/catalog.sqlite');
    for (const suffix of ['', '-wal', '-shm']) await rm(catalog + suffix, { force: true });
    mkfifo(catalog);
    const other = join(f.dataDir, 'library/jobs/00000000x-fifo000001');
    await mkdir(other);
    mkfifo(join(other, 'job.json'));
    await f.reopen();
    expect((await f.history()).map((j) => j.id)).toEqual([job.id]);
    let status = await f.call<LibraryStatus>('library:status');
    expect(status.rebuilt).toEqual({ movedAside: expect.stringMatching(/catalog\.sqlite\.damaged-\d+$/) as unknown, imported: 1 });
    expect(status.unreadable).toEqual([{ folder: '00000000x-fifo000001', reason: 'the record is not a regular file' }]);
    expect(existsSync(join(dir, 'output-1.png'))).toBe(true);

    // The catalog's shared-memory index as a pipe: set aside, and the catalog opens as it was.
    await f.core.close();
    await rm(catalog + '-shm', { force: true });
    mkfifo(catalog + '-shm');
    await f.reopen();
    expect((await f.history()).map((j) => j.id)).toEqual([job.id]);
    status = await f.call<LibraryStatus>('library:status');
    expect(status.rebuilt).toBeNull();
  });

  it('an image that is a link to a file elsewhere is refused by Save as, Use as input, Copy and the gallery, and nothing is copied', async () => {
    const { f, job, dir } = await jobOnDisk();
    // A private image outside the library, linked in where the job's images were.
    const outside = await mkdtemp(join(tmpdir(), 'redraw-outside-'));
    dirs.push(outside);
    const secret = join(outside, 'private.png');
    await writeFile(secret, await sketchPng(300, 200));
    for (const file of ['output-1.png', 'input.png']) {
      await rm(join(dir, file));
      await rm(join(dir, thumbnailFileName(file)));
      await symlink(secret, join(dir, file));
    }
    await f.reopen();
    const draftsBefore = await readdir(join(f.dataDir, 'drafts'));

    const link = (file: string) => `${file} in the library is a link to a file elsewhere; Redraw only reads files stored in the library itself.`;
    expect(await refusal(f.call('outputs:save-as', { jobId: job.id, outputIndex: 0 }))).toBe(link('output-1.png'));
    const target = join(f.dataDir, '..', `redraw-${job.id}-output-1.png`);
    expect(existsSync(target)).toBe(false);
    expect(existsSync(join(f.dataDir, '..', `.redraw-${job.id}-output-1.png.redraw-partial`))).toBe(false);

    expect(await refusal(f.call('input:from-output', { jobId: job.id, outputIndex: 0 }))).toBe(link('output-1.png'));
    expect(await refusal(f.call('input:from-job', { jobId: job.id }))).toBe(link('input.png'));
    expect(await refusal(f.call('images:copy', { jobId: job.id, outputIndex: null }))).toBe(link('input.png'));
    expect(await refusal(f.call('outputs:show-in-folder', { jobId: job.id, outputIndex: 0 }))).toBe(link('output-1.png'));
    expect(f.copiedImages).toEqual([]);
    expect(await readdir(join(f.dataDir, 'drafts'))).toEqual(draftsBefore);

    // Run again and a batch on the job's own sketch neither send the linked file nor share it.
    expect(await refusal(f.call('jobs:rerun', { jobId: job.id, copies: 1, seed: 'new' }))).toBe(link('input.png'));
    expect(await refusal(f.call('batches:create', { spec: keepAllSpec([job.id]), confirmedCostUsd: null }))).toMatch(/not a regular file in the library/);
    expect((await f.history()).map((j) => j.id)).toEqual([job.id]);
    expect(f.server.predictionInputs()).toHaveLength(1);

    // The gallery neither serves the linked file nor makes a thumbnail of it.
    expect(await f.core.readMedia(`jobs/${job.id}/output-1.png`)).toBeNull();
    expect(await f.core.readMedia(`jobs/${job.id}/${thumbnailFileName('output-1.png')}`)).toBeNull();
    expect(existsSync(join(dir, thumbnailFileName('output-1.png')))).toBe(false);
  });

  it('a half-made batch’s folder holding more than its sketch is moved to recovered/ and reported, never deleted', async () => {
    const { f, job } = await jobOnDisk();
    // What a crash between a batch's first step and its transaction leaves (the row, its
    // folders), where one folder has since gained an output the artist would not want lost.
    const jobs = join(f.dataDir, 'library/jobs');
    const [onlySketch, withOutput] = ['0000000aa-half000001', '0000000aa-half000002'];
    const output = await sketchPng(200, 100);
    for (const id of [onlySketch, withOutput]) {
      await mkdir(join(jobs, id));
      await writeFile(join(jobs, id, 'input.png'), await sketchPng(64, 64));
    }
    await writeFile(join(jobs, withOutput, 'output-1.png'), output);
    const db = new DatabaseSync(join(f.dataDir, 'library/catalog.sqlite'));
    db.prepare(`INSERT INTO batches (id, name, created_at, state, spec, axes, pending_job_ids) VALUES ('0000000aa-halfbatch1', 'half', '2026-01-01T00:00:00.000Z', 'creating', '{}', '[]', ?)`).run(
      JSON.stringify([onlySketch, withOutput]),
    );
    db.close();

    await f.reopen();
    expect(await readdir(jobs)).toEqual([job.id]);
    expect(await f.call<BatchSummary[]>('batches:list')).toEqual([]);
    const recovered = await readdir(join(f.dataDir, 'recovered'));
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatch(/^0000000aa-half000002-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/);
    const movedTo = join(f.dataDir, 'recovered', recovered[0] ?? '');
    expect((await readdir(movedTo)).sort()).toEqual(['input.png', 'output-1.png']);
    expect(await readFile(join(movedTo, 'output-1.png'))).toEqual(output);
    const status = await f.call<LibraryStatus>('library:status');
    expect(status.recovered).toEqual([{ folder: withOutput, movedTo }]);
  });
});
