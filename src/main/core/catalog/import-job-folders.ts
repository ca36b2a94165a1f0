import { jobSchema, type Job } from '../../../shared/job';
import { RECORD_COPY_FILE } from '../library/job-files';
import { LibraryFileRefused, openCheckedLibraryFile } from '../library/library-file-guard';
import type { CatalogDb } from './catalog-db';
import { prepareJobRows } from './job-rows';

const READ_CONCURRENCY = 64;
const INSERT_BATCH = 1_000;
/** A record this large is not a job record; reading it whole could exhaust memory. */
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const IMPORT_DONE_KEY = 'import.completedAt';

export type ImportReport = {
  /** Records added to the catalog by this run. */
  imported: number;
  /** Folders whose record could not be read: left on disk as they are, and listed in the catalog. */
  unreadable: { folder: string; reason: string }[];
  /** Folders with no record at all (e.g. a crash right after the folder was made): left alone. */
  withoutRecord: string[];
};

/**
 * The key that groups jobs of one sketch, for records from before jobs carried the sketch's
 * hash: the prepared input's file name, size and pixel size. Reading every old input to hash it
 * would make a one-time import of 50,000 jobs take minutes instead of seconds.
 */
export function legacySketchKey(job: Pick<Job, 'input'>): string {
  const { sourceName, bytes, width, height } = job.input;
  return `legacy:${bytes}:${width}x${height}:${sourceName}`.slice(0, 200);
}

type ReadResult = { job: Job } | { unreadable: string } | { missing: true };

const REFUSED: Record<Exclude<LibraryFileRefused['reason'], 'missing'>, string> = {
  link: 'the record is a link to a file elsewhere',
  special: 'the record is not a regular file',
  'bad-name': 'the folder name is not a job id',
};

/**
 * Reads a record through the library file guard: never blocking on a special file (a FIFO
 * where job.json should be), never following a link out of the folder.
 */
async function readRecord(jobsDir: string, folder: string): Promise<ReadResult> {
  let handle;
  let stats;
  try {
    ({ handle, stats } = await openCheckedLibraryFile(jobsDir, [folder, RECORD_COPY_FILE]));
  } catch (error) {
    if (error instanceof LibraryFileRefused) return error.reason === 'missing' ? { missing: true } : { unreadable: REFUSED[error.reason] };
    return { unreadable: `the record cannot be opened (${(error as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    if (stats.size > MAX_RECORD_BYTES) return { unreadable: `the record is too large (${Math.round(stats.size / 1024 / 1024)} MB)` };
    let parsed: unknown;
    try {
      parsed = JSON.parse(await handle.readFile('utf8'));
    } catch {
      return { unreadable: 'the record is not valid JSON (damaged or cut short)' };
    }
    const result = jobSchema.safeParse(parsed);
    if (!result.success) {
      const issue = result.error.issues[0];
      return { unreadable: `the record does not have the shape of a job (${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'invalid'})` };
    }
    return { job: result.data };
  } finally {
    await handle.close();
  }
}

/** True when the job folders have been imported into this catalog already. */
export function importDone(catalog: CatalogDb): boolean {
  return catalog.db.prepare('SELECT 1 FROM preferences WHERE key = ?').get(IMPORT_DONE_KEY) !== undefined;
}

/**
 * Brings a library of job folders into the catalog: the job.json records of earlier versions
 * on first open, or the recovery copies when the catalog is rebuilt. Runs until it has seen
 * every folder; a crash midway is harmless (records already in are skipped the next time).
 * Nothing on disk is changed or removed: a record that cannot be read is reported and kept.
 */
export async function importJobFolders(catalog: CatalogDb, jobsDir: string, folders: readonly string[], now: () => number): Promise<ImportReport> {
  const rows = prepareJobRows(catalog.db);
  const noteUnreadable = catalog.db.prepare(
    'INSERT INTO unreadable_records (folder, reason, found_at) VALUES (?, ?, ?) ON CONFLICT (folder) DO UPDATE SET reason = excluded.reason',
  );
  const report: ImportReport = { imported: 0, unreadable: [], withoutRecord: [] };
  let batch: Job[] = [];
  const insertBatch = (): void => {
    const jobs = batch;
    batch = [];
    catalog.transaction(() => {
      for (const job of jobs) if (rows.insert(job)) report.imported++;
    });
  };

  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < folders.length) {
      const folder = folders[next++];
      if (folder === undefined) break;
      const result = await readRecord(jobsDir, folder);
      if ('missing' in result) {
        report.withoutRecord.push(folder);
      } else if ('unreadable' in result) {
        report.unreadable.push({ folder, reason: result.unreadable });
      } else if (result.job.id !== folder) {
        report.unreadable.push({ folder, reason: `the record belongs to another job (${result.job.id.slice(0, 64)})` });
      } else {
        const job = result.job;
        batch.push(job.sketchKey === '' ? { ...job, sketchKey: legacySketchKey(job) } : job);
        if (batch.length >= INSERT_BATCH) insertBatch();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, folders.length) }, worker));
  insertBatch();

  const found = new Date(now()).toISOString();
  catalog.transaction(() => {
    for (const { folder, reason } of report.unreadable) noteUnreadable.run(folder, reason, found);
    // Links between jobs whose records came in the wrong order for the insert to make them.
    catalog.db.exec(`UPDATE jobs SET origin_job_id = json_extract(record, '$.origin.jobId')
      WHERE origin_job_id IS NULL AND json_extract(record, '$.origin.jobId') IN (SELECT id FROM jobs)`);
    catalog.db.prepare('INSERT INTO preferences (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(IMPORT_DONE_KEY, found);
  });
  return report;
}
