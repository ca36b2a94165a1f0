import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { historyQuerySchema, type HistoryQuery } from '../../../shared/history-query';
import type { Job } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { sampleJob } from '../../../../test-support/sample-job';
import { openLibrary, type Library } from '../library/open-library';
import { openCatalogDb } from './catalog-db';
import type { JobChange } from './job-store';
import { FEW_MATCHES } from './history-queries';
import { MIGRATIONS } from './migrations';

const dirs: string[] = [];
const libraries: Library[] = [];
afterEach(async () => {
  for (const library of libraries.splice(0)) await library.close().catch(() => undefined);
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-catalog-'));
  dirs.push(dir);
  return dir;
}

async function open(dir: string, changes: JobChange[] = []): Promise<Library> {
  const library = await openLibrary(dir, { now: () => Date.now() }, (change) => changes.push(change));
  libraries.push(library);
  return library;
}

async function reopen(library: Library, dir: string): Promise<Library> {
  await library.close();
  libraries.splice(libraries.indexOf(library), 1);
  return open(dir);
}

const query = (q: Partial<HistoryQuery> = {}): HistoryQuery => historyQuerySchema.parse(q);
const ids = (jobs: Job[]): string[] => jobs.map((j) => j.id);

/** A job id sortable by time like the app's own (base-36 ms, padded), created `minute` minutes into a day. */
function jobAt(minute: number, extra: Partial<Job> = {}): Job {
  const created = new Date(Date.UTC(2026, 10, 20, 0, 0, 0) + minute * 60_000);
  const id = `${created.getTime().toString(36).padStart(9, '0')}-${String(minute).padStart(10, '0')}`;
  const base = sampleJob(id);
  return { ...base, ...extra, timings: { ...base.timings, createdAt: created.toISOString() } };
}

/** A job.json as Redraw 0.1 wrote it: no marks, origin or sketch key; outputs without a size. */
function legacyRecord(job: Job): Record<string, unknown> {
  const { favourite: _f, rating: _r, origin: _o, sketchKey: _s, ...rest } = job;
  return { ...rest, outputs: job.outputs.map(({ width: _w, height: _h, ...output }) => output) };
}

describe('the catalog schema', () => {
  it('runs each migration once, in order, and refuses a catalog from a newer Redraw', async () => {
    const dir = await tempDir();
    const path = join(dir, 'catalog.sqlite');
    const v1 = await openCatalogDb(path, { migrations: ['CREATE TABLE a (x INTEGER)'] });
    expect(v1.created).toBe(true);
    v1.db.prepare('INSERT INTO a (x) VALUES (1)').run();
    v1.close();

    // A later version adds a step: only that step runs, and the data stays.
    const v2 = await openCatalogDb(path, { migrations: ['CREATE TABLE a (x INTEGER)', 'ALTER TABLE a ADD COLUMN y TEXT DEFAULT \'new\''] });
    expect(v2.created).toBe(false);
    expect(v2.db.prepare('SELECT x, y FROM a').all()).toEqual([{ x: 1, y: 'new' }]);
    expect(v2.db.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    expect(v2.db.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(v2.db.prepare('PRAGMA foreign_keys').get()).toEqual({ foreign_keys: 1 });
    v2.close();

    // A step that fails leaves the schema where it was.
    await expect(openCatalogDb(path, { migrations: ['CREATE TABLE a (x INTEGER)', 'ALTER TABLE a ADD COLUMN y TEXT', 'CREATE TABLE b (x); SELECT nonsense('] })).rejects.toThrow();
    const check = new DatabaseSync(path);
    expect(check.prepare('PRAGMA user_version').get()).toEqual({ user_version: 2 });
    expect(check.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'b'").get()).toEqual({ n: 0 });
    check.close();

    await expect(openCatalogDb(path, { migrations: ['CREATE TABLE a (x INTEGER)'] })).rejects.toThrow(/newer version of Redraw/);
  });

  it('a new library gets the whole schema: WAL, foreign keys, full-text search', async () => {
    const dir = await tempDir();
    const library = await open(dir);
    const { db } = library.catalog;
    expect(db.prepare('PRAGMA user_version').get()).toEqual({ user_version: MIGRATIONS.length });
    expect(db.prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
    expect(db.prepare("SELECT name FROM sqlite_schema WHERE name = 'jobs_text'").get()).toEqual({ name: 'jobs_text' });
  });
});

describe('importing a library of job folders', () => {
  it('imports every readable record once, keeps unreadable ones aside and reports them, and changes nothing on disk', async () => {
    const dir = await tempDir();
    const jobsDir = join(dir, 'library/jobs');
    const good = Array.from({ length: 20 }, (_, i) => jobAt(i, { params: { ...DEFAULT_PARAMS, prompt: `old prompt ${i}` } }));
    for (const job of good) {
      await mkdir(join(jobsDir, job.id), { recursive: true });
      await writeFile(join(jobsDir, job.id, 'job.json'), JSON.stringify(legacyRecord(job)));
      await writeFile(join(jobsDir, job.id, 'output-1.png'), 'pixels');
    }
    const broken = {
      '00000000x-badjson001': '{"id": "00000000x-badjson001", "status": "succ',
      '00000000x-badshape01': JSON.stringify({ id: '00000000x-badshape01', status: 'exploded' }),
      '00000000x-otherid001': JSON.stringify(legacyRecord(jobAt(99))),
    };
    for (const [folder, text] of Object.entries(broken)) {
      await mkdir(join(jobsDir, folder), { recursive: true });
      await writeFile(join(jobsDir, folder, 'job.json'), text);
    }
    // A FIFO where a record should be: opening the library must not hang on it.
    await mkdir(join(jobsDir, '00000000x-fifo000001'), { recursive: true });
    execFileSync('mkfifo', [join(jobsDir, '00000000x-fifo000001', 'job.json')]);
    // A folder with images and no record at all.
    await mkdir(join(jobsDir, '00000000x-norecord01'), { recursive: true });
    await writeFile(join(jobsDir, '00000000x-norecord01', 'output-1.png'), 'an artist’s image');
    const before = await snapshot(jobsDir);

    const library = await open(dir);
    const all = library.store.page(query(), 0, 100);
    expect(all.total).toBe(20);
    expect(ids(all.jobs)).toEqual(ids([...good].reverse()));
    // Old records gain today's fields with their defaults; groups by sketch still work.
    expect(all.jobs[0]).toMatchObject({ favourite: false, rating: 0, origin: { kind: 'file' } });
    expect(all.jobs[0]?.outputs[0]).toMatchObject({ width: null, height: null });
    expect(all.jobs[0]?.sketchKey).toMatch(/^legacy:/);

    const status = library.status();
    expect(status.unreadable.map((u) => u.folder).sort()).toEqual([...Object.keys(broken), '00000000x-fifo000001'].sort());
    expect(status.unreadable.find((u) => u.folder === '00000000x-badjson001')?.reason).toMatch(/not valid JSON/);
    expect(status.unreadable.find((u) => u.folder === '00000000x-badshape01')?.reason).toMatch(/shape of a job/);
    expect(status.unreadable.find((u) => u.folder === '00000000x-otherid001')?.reason).toMatch(/another job/);
    expect(status.unreadable.find((u) => u.folder === '00000000x-fifo000001')?.reason).toMatch(/not a regular file/);
    expect(status.foldersWithoutRecord).toEqual(['00000000x-norecord01']);
    expect(await snapshot(jobsDir)).toEqual(before);

    // Once only: a second open does not import again, and the report stays.
    const again = await reopen(library, dir);
    expect(again.store.page(query(), 0, 100).total).toBe(20);
    expect(again.status().unreadable).toHaveLength(4);
    expect(await again.checkFolders()).toEqual(['00000000x-norecord01']);
    expect(await snapshot(jobsDir)).toEqual(before);
  });

  it('a damaged catalog is moved aside and rebuilt from the recovery copies in the job folders', async () => {
    const dir = await tempDir();
    const library = await open(dir);
    const jobs = [jobAt(1), jobAt(2), jobAt(3)];
    for (const job of jobs) {
      await library.files.createJobFolder(job.id);
      library.store.create({ ...job, status: 'processing' });
      // Finishing a job writes its recovery copy.
      library.store.patch(job.id, { status: 'succeeded' });
    }
    library.store.patch(jobs[1]!.id, { favourite: true, rating: 4 });
    await library.close();
    libraries.splice(0);
    await writeFile(join(dir, 'library/catalog.sqlite'), 'this is not a database, it was damaged');
    await rm(join(dir, 'library/catalog.sqlite-wal'), { force: true });
    await rm(join(dir, 'library/catalog.sqlite-shm'), { force: true });

    const rebuilt = await open(dir);
    const page = rebuilt.store.page(query(), 0, 10);
    expect(ids(page.jobs)).toEqual(ids([...jobs].reverse()));
    expect(page.jobs[1]).toMatchObject({ favourite: true, rating: 4, status: 'succeeded' });
    const status = rebuilt.status();
    expect(status.rebuilt?.imported).toBe(3);
    expect(status.rebuilt?.movedAside).toMatch(/catalog\.sqlite\.damaged-\d+$/);
    expect(await readFile(status.rebuilt!.movedAside!, 'utf8')).toBe('this is not a database, it was damaged');
  });
});

describe('finding jobs', () => {
  async function seeded() {
    const dir = await tempDir();
    const library = await open(dir);
    const p = (prompt: string, extra: Partial<typeof DEFAULT_PARAMS> = {}) => ({ ...DEFAULT_PARAMS, prompt, ...extra });
    const jobs = [
      jobAt(10, { params: p('A castle on a cliff at dusk'), sketchKey: 'castle', input: { ...sampleJob('x').input, sourceName: 'castle-study.png' } }),
      jobAt(20, { params: p('castle in the fog', { negativePrompt: 'blurry, lowres' }), sketchKey: 'castle', rating: 5 }),
      jobAt(30, { params: p('a forest path'), sketchKey: 'forest', status: 'failed', input: { ...sampleJob('x').input, sourceName: 'woods.jpg' } }),
      jobAt(24 * 60 + 5, { params: p('Crème brûlée still life'), sketchKey: 'food', favourite: true, rating: 3, modelVersion: 'owner/other:v2' }),
      jobAt(24 * 60 + 50, { params: p('castle gate, night'), sketchKey: 'castle', status: 'canceled', rating: 1 }),
      jobAt(2 * 24 * 60, { params: p('harbour at noon'), sketchKey: 'harbour', status: 'processing', favourite: true }),
    ];
    for (const job of jobs) library.store.create(job);
    return { dir, library, jobs };
  }

  it('searches prompt, negative prompt and sketch name by word prefix, accents and case aside', async () => {
    const { library, jobs } = await seeded();
    const find = (text: string) => ids(library.store.page(query({ text }), 0, 50).jobs);
    expect(find('cast')).toEqual(ids([jobs[4]!, jobs[1]!, jobs[0]!]));
    expect(find('castle dusk')).toEqual([jobs[0]!.id]);
    expect(find('BLURRY')).toEqual([jobs[1]!.id]);
    expect(find('woods')).toEqual([jobs[2]!.id]);
    expect(find('creme brulee')).toEqual([jobs[3]!.id]);
    expect(find('study')).toEqual([jobs[0]!.id]);
    // Whatever is typed is words, never FTS syntax.
    expect(find('castle" OR "forest')).toEqual([]);
    expect(find('NEAR(castle')).toEqual([]);
    expect(find('*')).toHaveLength(6);
  });

  it('filters by status, favourites, dates, sketch and model version, and sorts by date or rating', async () => {
    const { library, jobs } = await seeded();
    const get = (q: Partial<HistoryQuery>) => ids(library.store.page(query(q), 0, 50).jobs);
    const [a, b, c, d, e, f] = jobs as [Job, Job, Job, Job, Job, Job];
    expect(get({ status: 'succeeded' })).toEqual(ids([d, b, a]));
    expect(get({ status: 'failed' })).toEqual([c.id]);
    expect(get({ status: 'canceled' })).toEqual([e.id]);
    expect(get({ status: 'active' })).toEqual([f.id]);
    expect(get({ favouritesOnly: true })).toEqual(ids([f, d]));
    expect(get({ fromTime: '2026-11-21T00:00:00.000Z', toTime: '2026-11-22T00:00:00.000Z' })).toEqual(ids([e, d]));
    expect(get({ sketch: { key: 'castle', name: 'castle-sketch.png' } })).toEqual(ids([e, b, a]));
    expect(get({ modelVersion: 'owner/other:v2' })).toEqual([d.id]);
    expect(get({ text: 'castle', status: 'succeeded' })).toEqual(ids([b, a]));
    expect(get({ sort: 'oldest' })).toEqual(ids(jobs));
    expect(get({ sort: 'rating' })).toEqual(ids([b, d, e, f, c, a]));

    // Pages are windows of one stable order.
    const whole = get({});
    const paged = [0, 2, 4].flatMap((offset) => ids(library.store.page(query(), offset, 2).jobs));
    expect(paged).toEqual(whole);
    expect(library.store.page(query({ text: 'castle' }), 1, 1)).toMatchObject({ total: 3 });

    expect(library.store.facets()).toEqual({
      total: 6,
      modelVersions: [
        { modelVersion: 'stability-ai/stable-diffusion-img2img', count: 5 },
        { modelVersion: 'owner/other:v2', count: 1 },
      ],
    });
  });

  it('groups by day (in the artist’s time zone) and by sketch, with pages in group order', async () => {
    const { library, jobs } = await seeded();
    const [a, b, c, d, e, f] = jobs as [Job, Job, Job, Job, Job, Job];
    const byDay = query({ group: 'day' });
    expect(library.store.groups(byDay)).toEqual([
      { key: '2026-11-22', label: '2026-11-22', start: 0, count: 1, sampleJobId: null },
      { key: '2026-11-21', label: '2026-11-21', start: 1, count: 2, sampleJobId: null },
      { key: '2026-11-20', label: '2026-11-20', start: 3, count: 3, sampleJobId: null },
    ]);
    // A page of the day grouping, in every sort (the day only orders pages when sorting by rating).
    expect(ids(library.store.page(byDay, 0, 10).jobs)).toEqual(ids([f, e, d, c, b, a]));
    expect(ids(library.store.page(query({ group: 'day', sort: 'oldest' }), 0, 10).jobs)).toEqual(ids([a, b, c, d, e, f]));
    expect(library.store.page(query({ group: 'day', sort: 'rating' }), 0, 10).jobs).toHaveLength(6);
    // Ten hours west of UTC, the first day's jobs (00:10-00:30 UTC) fall on the 19th.
    const west = library.store.groups(query({ group: 'day', utcOffsetMinutes: -600 }));
    expect(west.map((g) => [g.key, g.count])).toEqual([['2026-11-21', 1], ['2026-11-20', 2], ['2026-11-19', 3]]);

    const bySketch = query({ group: 'sketch' });
    const groups = library.store.groups(bySketch);
    expect(groups.map((g) => [g.key, g.start, g.count, g.sampleJobId])).toEqual([
      ['harbour', 0, 1, f.id],
      ['castle', 1, 3, e.id],
      ['food', 4, 1, d.id],
      ['forest', 5, 1, c.id],
    ]);
    expect(ids(library.store.page(bySketch, 0, 10).jobs)).toEqual(ids([f, e, b, a, d, c]));
    // Within a group the chosen sort holds.
    const byRating = query({ group: 'sketch', sort: 'rating' });
    expect(ids(library.store.page(byRating, 0, 10).jobs)).toEqual(ids([f, b, e, a, d, c]));
  });

  it('keeps favourites and ratings across a restart, and says when a mark changes what the History lists', async () => {
    const dir = await tempDir();
    const changes: JobChange[] = [];
    const library = await open(dir, changes);
    const job = library.store.create(jobAt(1));
    library.store.patch(job.id, { status: 'processing' });
    library.store.patch(job.id, { progress: { percent: 10, current: 1, total: 10, etaSeconds: 3 } }, 'throttled');
    library.store.patch(job.id, { favourite: true, rating: 2 });
    // Created, started, marked: each may move the job in the History. The tick right after the
    // start is held back (ticks reach the page a few times a second at most).
    expect(changes.map((c) => (c.type === 'updated' ? c.listChanged : 'deleted'))).toEqual([true, true, true]);

    const again = await reopen(library, dir);
    expect(again.store.get(job.id)).toMatchObject({ favourite: true, rating: 2, progress: { percent: 10 } });
    expect(ids(again.store.page(query({ favouritesOnly: true }), 0, 10).jobs)).toEqual([job.id]);
    expect(ids(again.store.page(query({ favouritesOnly: true, sort: 'rating' }), 0, 10).jobs)).toEqual([job.id]);
  });
});

describe('searching a large library', () => {
  it('a word matching many jobs gives the same windows and totals as one matching few, alone or with a filter', async () => {
    const dir = await tempDir();
    const library = await open(dir);
    const many = FEW_MATCHES + 45;
    // Castles every minute, a forest every tenth; every seventh castle a favourite, every fifth failed.
    const jobs = Array.from({ length: many }, (_, i) =>
      jobAt(i, {
        params: { ...DEFAULT_PARAMS, prompt: i % 10 === 0 ? `forest castle ${i}` : `castle ${i}` },
        favourite: i % 7 === 0,
        rating: i % 6,
        status: i % 5 === 0 ? 'failed' : 'succeeded',
      }),
    );
    library.catalog.transaction(() => {
      for (const job of jobs) library.store.create(job);
    });
    const newest = [...jobs].reverse();
    const expected = (keep: (job: Job) => boolean) => {
      const all = newest.filter(keep);
      return { total: all.length, first: ids(all.slice(0, 60)), rest: ids(all.slice(60, 120)) };
    };
    const got = (q: Partial<HistoryQuery>) => {
      const first = library.store.page(query(q), 0, 60);
      return { total: first.total, first: ids(first.jobs), rest: ids(library.store.page(query(q), 60, 60).jobs) };
    };

    // Many matches (read in the History's order) and few (read from the matches).
    expect(got({ text: 'castle' })).toEqual(expected(() => true));
    expect(got({ text: 'forest' })).toEqual(expected((j) => j.params.prompt.startsWith('forest')));
    expect(got({ text: 'castle', favouritesOnly: true })).toEqual(expected((j) => j.favourite));
    expect(got({ text: 'cast', status: 'failed' })).toEqual(expected((j) => j.status === 'failed'));
    expect(got({ text: 'forest', status: 'succeeded' })).toEqual(expected((j) => j.params.prompt.startsWith('forest') && j.status === 'succeeded'));
    expect(got({ text: 'nothing' })).toEqual({ total: 0, first: [], rest: [] });

    const oldest = library.store.page(query({ text: 'castle', sort: 'oldest' }), 0, 5);
    expect(oldest).toMatchObject({ total: many });
    expect(ids(oldest.jobs)).toEqual(ids(jobs.slice(0, 5)));
    const byRating = library.store.page(query({ text: 'castle', sort: 'rating' }), 0, many).jobs;
    expect(byRating.map((j) => j.rating)).toEqual(newest.map((j) => j.rating).sort((a, b) => b - a));
  });

  it('an older catalog gains the indexes that keep filtered windows in the History’s order, and batches', async () => {
    const dir = await tempDir();
    await (await open(dir)).close();
    libraries.splice(0);
    // A catalog as the first version of the catalog made it: the first schema, one favourite job.
    const path = join(dir, 'library/catalog.sqlite');
    await rm(path);
    const old = new DatabaseSync(path);
    old.exec(`${MIGRATIONS[0] ?? ''}; PRAGMA user_version = 1`);
    const { logs: _logs, ...record } = jobAt(1, { favourite: true });
    old.prepare(
      `INSERT INTO jobs (id, created_at, status, prompt, negative_prompt, source_name, model_version, sketch_key, favourite, record)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
    ).run(record.id, record.timings.createdAt, record.status, record.params.prompt, '', record.input.sourceName, record.modelVersion, record.sketchKey, JSON.stringify(record));
    old.close();

    const again = await open(dir);
    const columns = (index: string) => (again.catalog.db.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[]).map((c) => c.name);
    expect(columns('jobs_by_status')).toEqual(['status', 'created_at', 'id']);
    expect(columns('jobs_favourites')).toEqual(['created_at', 'id']);
    expect(columns('jobs_by_batch')).toEqual(['batch_id', 'created_at', 'id']);
    expect(again.store.page(query({ favouritesOnly: true }), 0, 10).total).toBe(1);
    // A record from before batches reads as a job of no batch.
    expect(again.store.get(record.id)?.batch).toBeNull();
  });
});

async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const folder of await readdir(dir)) {
    for (const file of await readdir(join(dir, folder))) {
      out[`${folder}/${file}`] = file === 'job.json' && folder.includes('fifo') ? '(fifo)' : await readFile(join(dir, folder, file), 'utf8');
    }
  }
  return out;
}
