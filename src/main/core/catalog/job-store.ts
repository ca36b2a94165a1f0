import { AppError } from '../../../shared/app-error';
import type { HistoryQuery } from '../../../shared/history-query';
import { JOB_STATUSES, isFinalStatus, jobSchema, type Job } from '../../../shared/job';
import type { CatalogDb } from './catalog-db';
import { prepareHistoryQueries } from './history-queries';
import { parseJobRow, prepareJobRows } from './job-rows';

export type Clock = { now(): number };

/**
 * How a change is kept. `now`: written before patch returns (a status, a result, anything a
 * restart must know). `throttled`: progress and log ticks, shown at once but written about
 * once a second (a change of status is always written, whatever the mode).
 */
export type PersistMode = 'now' | 'throttled';

export type JobChange =
  | {
      type: 'updated';
      job: Job;
      /** Something the History filters or sorts on changed (a new job, a status, a mark): its lists may move. */
      listChanged: boolean;
    }
  | { type: 'deleted'; jobId: string };

export type JobStoreDeps = {
  catalog: CatalogDb;
  clock: Clock;
  /** Every change, in the order it happened (progress ticks at most a few times a second per job). */
  onChange(change: JobChange): void;
  /** A job reached a final state or its marks changed: the moment to refresh its recovery copy. */
  onSettled?(job: Job): void;
};

const THROTTLED_PERSIST_MS = 1_000;
const TICK_EVENT_MS = 200;
/**
 * The statuses of unfinished jobs, spelled out for SQL: `status IN (...)` is looked up in the
 * status index, where `NOT IN (finished)` read every record in the catalog at start (about
 * 100 ms at 50,000 jobs, before the first window of the History could be read).
 */
const UNFINISHED_LIST = `(${JOB_STATUSES.filter((status) => !isFinalStatus(status)).map((status) => `'${status}'`).join(', ')})`;

/**
 * The one owner of job records: every read, write and change notification of a job goes
 * through here. Unfinished jobs live in memory (the engine reads them many times a second);
 * finished ones are read from the catalog when asked for. Writes are synchronous SQLite
 * statements, so a read-modify-write of a record cannot interleave with another.
 */
export function createJobStore(deps: JobStoreDeps) {
  const { db } = deps.catalog;
  const rows = prepareJobRows(db);
  const queries = prepareHistoryQueries(db);
  const selectOne = db.prepare('SELECT record, logs FROM jobs WHERE id = ?');
  const deleteOne = db.prepare('DELETE FROM jobs WHERE id = ?');
  const claimed = db.prepare('SELECT 1 AS found FROM jobs WHERE prediction_id = ? LIMIT 1');

  /** Unfinished jobs, and finished ones with a tick not yet written. */
  const live = new Map<string, Job>();
  /** Jobs with changes in memory only; `logs` says whether those include the logs. */
  const unwritten = new Map<string, { logs: boolean }>();
  const lastWrite = new Map<string, number>();
  const lastEmit = new Map<string, number>();

  for (const row of db.prepare(`SELECT record, logs FROM jobs WHERE status IN ${UNFINISHED_LIST}`).all() as { record: string; logs: string }[]) {
    const job = parseJobRow(row);
    live.set(job.id, job);
  }

  function read(jobId: string): Job | undefined {
    const found = live.get(jobId);
    if (found) return found;
    const row = selectOne.get(jobId) as { record: string; logs: string } | undefined;
    return row ? parseJobRow(row) : undefined;
  }

  function write(job: Job, logsChanged: boolean): void {
    const pending = unwritten.get(job.id);
    rows.update(job, { logsChanged: logsChanged || (pending?.logs ?? false) });
    unwritten.delete(job.id);
    lastWrite.set(job.id, deps.clock.now());
  }

  function keep(job: Job): void {
    if (isFinalStatus(job.status) && !unwritten.has(job.id)) {
      live.delete(job.id);
      lastWrite.delete(job.id);
      lastEmit.delete(job.id);
    } else {
      live.set(job.id, job);
    }
  }

  return {
    get: read,

    /** Adds a new job (written before anything is sent for it). */
    create(job: Job): Job {
      const record = jobSchema.parse(job);
      deps.catalog.transaction(() => {
        if (!rows.insert(record)) throw new AppError('internal', `A job with id ${record.id} exists already.`);
      });
      keep(record);
      deps.onChange({ type: 'updated', job: record, listChanged: true });
      return record;
    },

    /**
     * Adds many new jobs in one transaction (a batch): all of them land, or none. `alsoInTransaction`
     * commits with them (the batch's own row). The History hears of them once, not per job.
     */
    createMany(jobs: readonly Job[], alsoInTransaction: () => void): Job[] {
      const records = jobs.map((job) => jobSchema.parse(job));
      deps.catalog.transaction(() => {
        for (const record of records) {
          if (!rows.insert(record)) throw new AppError('internal', `A job with id ${record.id} exists already.`);
        }
        alsoInTransaction();
      });
      records.forEach((record, i) => {
        keep(record);
        deps.onChange({ type: 'updated', job: record, listChanged: i === records.length - 1 });
      });
      return records;
    },

    /** Applies a change to a job's record, keeps it as `persist` says, and tells whoever listens. */
    patch(jobId: string, change: Partial<Job>, persist: PersistMode = 'now'): Job {
      const current = read(jobId);
      if (!current) throw new AppError('not-found', 'That job no longer exists.');
      const now = deps.clock.now();
      const next: Job = { ...current, ...change, updatedAt: new Date(now).toISOString() };
      const statusChanged = next.status !== current.status;
      const logsChanged = next.logs !== current.logs;
      if (persist === 'now' || statusChanged || now - (lastWrite.get(jobId) ?? 0) >= THROTTLED_PERSIST_MS) {
        write(next, logsChanged);
      } else {
        unwritten.set(jobId, { logs: logsChanged || (unwritten.get(jobId)?.logs ?? false) });
      }
      keep(next);
      const marksChanged = next.favourite !== current.favourite || next.rating !== current.rating;
      // Ticks reach the page a few times a second at most: many running jobs must not flood it.
      if (persist === 'now' || statusChanged || now - (lastEmit.get(jobId) ?? 0) >= TICK_EVENT_MS) {
        lastEmit.set(jobId, now);
        deps.onChange({ type: 'updated', job: next, listChanged: statusChanged || marksChanged });
      }
      if (isFinalStatus(next.status) && (statusChanged || marksChanged)) deps.onSettled?.(next);
      return next;
    },

    /** Removes a job's record. Its files are the caller's to remove (after this, nothing can write it again). */
    delete(jobId: string): boolean {
      const removed = deleteOne.run(jobId).changes > 0;
      live.delete(jobId);
      unwritten.delete(jobId);
      lastWrite.delete(jobId);
      lastEmit.delete(jobId);
      if (removed) deps.onChange({ type: 'deleted', jobId });
      return removed;
    },

    /** Every job not in a final state, oldest first (what a restart resumes). */
    unfinished(): Job[] {
      return [...live.values()]
        .filter((job) => !isFinalStatus(job.status))
        .sort((a, b) => (a.timings.createdAt < b.timings.createdAt ? -1 : a.timings.createdAt > b.timings.createdAt ? 1 : a.id < b.id ? -1 : 1));
    },

    /** Whether some job already owns this prediction (a reconcile must never hand it to a second one). */
    isPredictionClaimed(predictionId: string): boolean {
      for (const job of live.values()) if (job.predictionId === predictionId) return true;
      return claimed.get(predictionId) !== undefined;
    },

    /** A window of the History; jobs with unwritten ticks are shown as they are in memory. */
    page(query: HistoryQuery, offset: number, limit: number): { total: number; jobs: Job[] } {
      const result = queries.page(query, offset, limit);
      return { total: result.total, jobs: result.jobs.map((job) => live.get(job.id) ?? job) };
    },

    groups: (query: HistoryQuery) => queries.groups(query),
    facets: () => queries.facets(),
    usedBy(jobId: string, limit: number): { total: number; jobs: Job[] } {
      const result = queries.usedBy(jobId, limit);
      return { total: result.total, jobs: result.jobs.map((job) => live.get(job.id) ?? job) };
    },

    /** Writes every tick still held in memory (before closing). */
    flush(): void {
      for (const jobId of [...unwritten.keys()]) {
        const job = live.get(jobId);
        if (job) write(job, false);
        else unwritten.delete(jobId);
        if (job) keep(job);
      }
    },

    /** For tests and diagnostics: how many records are held in memory. */
    liveCount: () => live.size,
  };
}

export type JobStore = ReturnType<typeof createJobStore>;
