import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import type { HistoryFacets, HistoryGroup, HistoryQuery } from '../../../shared/history-query';
import { JOB_STATUSES, isFinalStatus, type Job } from '../../../shared/job';
import { jobFromRow } from './job-rows';

type Params = Record<string, SQLInputValue>;
type Clause = { sql: string; params: Params };

const FAILED = ['failed', 'aborted', 'expired'];
const ACTIVE = JOB_STATUSES.filter((status) => !isFinalStatus(status));
const quoted = (values: readonly string[]): string => values.map((v) => `'${v}'`).join(', ');

/**
 * The words of a search as an FTS5 query: each word a prefix ("cas" finds "castle"), all of
 * them required. Only letters and digits survive, so nothing the artist types can be read as
 * FTS5 syntax.
 */
export function ftsQuery(text: string): string | null {
  const words = text.normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
  if (words.length === 0) return null;
  return words.slice(0, 16).map((word) => `"${word}"*`).join(' ');
}

/**
 * A search of words alone matching at most this many jobs is read from its matches outward
 * (each looked up, then sorted); one matching more is read in the History's order through an
 * index, each job's seq checked against the matches, stopping after one window. Looking up and
 * sorting every match costs a few microseconds a job: well over 100 ms for a common word in a
 * library of 50,000, where walking the order finds a window of matches almost at once.
 */
export const FEW_MATCHES = 300;

/**
 * How the words take part in a query. `lead`: SQLite may start from their matches (best when
 * they are few). `check`: the words are only checked, job by job, as an index walks the
 * History's order or the range of another filter (the `+` keeps the planner from starting
 * from the matches, which it takes to be few whatever they are).
 */
export type WordsRole = 'lead' | 'check';

/**
 * The filter part of a query, shared by the page, the total and the groups. `filters` counts
 * the conditions other than the words: with none, the total is the full-text index's own count.
 */
export function whereOf(query: HistoryQuery, words: WordsRole = 'lead'): Clause & { filters: number } {
  const conditions: string[] = [];
  const params: Params = {};
  const match = ftsQuery(query.text);
  if (match !== null) {
    conditions.push(`${words === 'check' ? '+' : ''}jobs.seq IN (SELECT rowid FROM jobs_text WHERE jobs_text MATCH $match)`);
    params.match = match;
  }
  const textConditions = conditions.length;
  if (query.status === 'succeeded') conditions.push("jobs.status = 'succeeded'");
  else if (query.status === 'failed') conditions.push(`jobs.status IN (${quoted(FAILED)})`);
  else if (query.status === 'canceled') conditions.push("jobs.status = 'canceled'");
  else if (query.status === 'active') conditions.push(`jobs.status IN (${quoted(ACTIVE)})`);
  if (query.favouritesOnly) conditions.push('jobs.favourite = 1');
  if (query.fromTime !== null) {
    conditions.push('jobs.created_at >= $fromTime');
    params.fromTime = query.fromTime;
  }
  if (query.toTime !== null) {
    conditions.push('jobs.created_at < $toTime');
    params.toTime = query.toTime;
  }
  if (query.sketch !== null) {
    conditions.push('jobs.sketch_key = $sketchKey');
    params.sketchKey = query.sketch.key;
  }
  if (query.modelVersion !== null) {
    conditions.push('jobs.model_version = $modelVersion');
    params.modelVersion = query.modelVersion;
  }
  return { sql: conditions.length === 0 ? '1' : conditions.join(' AND '), params, filters: conditions.length - textConditions };
}

/** The artist's day of a timestamp: SQLite's date() shifted by their offset from UTC. */
function dayExpression(query: HistoryQuery, params: Params): string {
  params.dayShift = `${query.utcOffsetMinutes >= 0 ? '+' : ''}${query.utcOffsetMinutes} minutes`;
  return 'date(jobs.created_at, $dayShift)';
}

/** Order within the result (and within each group when grouped). The id breaks ties, so paging is stable. */
function sortOrder(query: HistoryQuery): string {
  if (query.sort === 'oldest') return 'jobs.created_at ASC, jobs.id ASC';
  if (query.sort === 'rating') return 'jobs.rating DESC, jobs.created_at DESC, jobs.id DESC';
  return 'jobs.created_at DESC, jobs.id DESC';
}

/** Groups come newest first, except when the artist sorts oldest first. */
const groupDirection = (query: HistoryQuery): 'ASC' | 'DESC' => (query.sort === 'oldest' ? 'ASC' : 'DESC');

/**
 * FROM + ORDER BY for a page: grouped results keep each group together, in group order. Its own
 * parameters are returned apart from the filter's, which the total's query shares: SQLite refuses
 * a named parameter the SQL does not use.
 */
function pageShape(query: HistoryQuery, where: Clause): { from: string; order: string; params: Params } {
  const direction = groupDirection(query);
  // Newest and oldest already keep days together; only the rating sort needs the day first.
  if (query.group === 'day' && query.sort === 'rating') {
    const params: Params = {};
    return { from: 'jobs', order: `${dayExpression(query, params)} ${direction}, ${sortOrder(query)}`, params };
  }
  if (query.group === 'sketch') {
    const edge = direction === 'DESC' ? 'max' : 'min';
    return {
      from: `jobs JOIN (SELECT sketch_key AS group_key, ${edge}(created_at) AS group_time FROM jobs WHERE ${where.sql} GROUP BY sketch_key) AS grouped
        ON grouped.group_key = jobs.sketch_key`,
      order: `grouped.group_time ${direction}, grouped.group_key ${direction}, ${sortOrder(query)}`,
      params: {},
    };
  }
  return { from: 'jobs', order: sortOrder(query), params: {} };
}

export type HistoryQueries = ReturnType<typeof prepareHistoryQueries>;

export function prepareHistoryQueries(db: DatabaseSync) {
  const countMatches = db.prepare('SELECT count(*) AS total FROM jobs_text WHERE jobs_text MATCH ?');

  return {
    /** One window of the result, and how many match in all. */
    page(query: HistoryQuery, offset: number, limit: number): { total: number; jobs: Job[] } {
      let where = whereOf(query, 'check');
      // Words alone: the full-text index counts their matches (every job has its row there), and
      // that count says whether to start from the matches or from the History's order.
      let total: number | null = null;
      if (where.params.match !== undefined && where.filters === 0) {
        total = (countMatches.get(where.params.match) as { total: number }).total;
        if (total === 0) return { total, jobs: [] };
        if (total <= FEW_MATCHES) where = whereOf(query, 'lead');
      }
      const shape = pageShape(query, where);
      const rows = db
        .prepare(`SELECT jobs.record AS record FROM ${shape.from} WHERE ${where.sql} ORDER BY ${shape.order} LIMIT $limit OFFSET $offset`)
        .all({ ...where.params, ...shape.params, limit, offset }) as { record: string }[];
      total ??= (db.prepare(`SELECT count(*) AS total FROM jobs WHERE ${where.sql}`).get(where.params) as { total: number }).total;
      return { total, jobs: rows.map(jobFromRow) };
    },

    /** The result's groups in result order, with where each starts: the gallery lays them out without loading them. */
    groups(query: HistoryQuery): HistoryGroup[] {
      if (query.group === 'none') return [];
      const where = whereOf(query);
      const direction = groupDirection(query);
      let rows: { key: string; label: string; count: number; sample: string | null }[];
      if (query.group === 'day') {
        const day = dayExpression(query, where.params);
        rows = db
          .prepare(`SELECT ${day} AS key, ${day} AS label, count(*) AS count, NULL AS sample FROM jobs WHERE ${where.sql} GROUP BY key ORDER BY key ${direction}`)
          .all(where.params) as typeof rows;
      } else {
        const edge = direction === 'DESC' ? 'max' : 'min';
        // With one min()/max() in the select, SQLite takes the bare columns from that row: the
        // group's label and sample are those of its newest (or oldest) job.
        rows = db
          .prepare(
            `SELECT sketch_key AS key, ${edge}(created_at) AS group_time, source_name AS label, id AS sample, count(*) AS count
             FROM jobs WHERE ${where.sql} GROUP BY sketch_key ORDER BY group_time ${direction}, key ${direction}`,
          )
          .all(where.params) as typeof rows;
      }
      let start = 0;
      return rows.map((row) => {
        const group: HistoryGroup = { key: row.key, label: row.label, start, count: row.count, sampleJobId: row.sample };
        start += row.count;
        return group;
      });
    },

    facets(): HistoryFacets {
      const modelVersions = db
        .prepare('SELECT model_version AS modelVersion, count(*) AS count FROM jobs GROUP BY model_version ORDER BY count DESC LIMIT 50')
        .all() as { modelVersion: string; count: number }[];
      const { total } = db.prepare('SELECT count(*) AS total FROM jobs').get() as { total: number };
      return { modelVersions, total };
    },

    /** Jobs whose input came from this one, newest first, and how many there are. */
    usedBy(jobId: string, limit: number): { total: number; jobs: Job[] } {
      const rows = db
        .prepare('SELECT record FROM jobs WHERE origin_job_id = ? ORDER BY created_at DESC, id DESC LIMIT ?')
        .all(jobId, limit) as { record: string }[];
      const { total } = db.prepare('SELECT count(*) AS total FROM jobs WHERE origin_job_id = ?').get(jobId) as { total: number };
      return { total, jobs: rows.map(jobFromRow) };
    },
  };
}
