import type { CatalogDb } from './catalog-db';

/**
 * What the library's jobs say about model time: how long a step takes (for estimates) and how
 * much was spent since an instant (for the cost totals). Read from the jobs, never kept twice.
 */
export function prepareModelTime(catalog: CatalogDb) {
  const { db } = catalog;
  // The 300 most recent successes (read from the status index), of which those with a measured time.
  const recentRates = db.prepare(
    `SELECT COUNT(*) AS n,
       SUM(json_extract(record, '$.timings.predictTimeSeconds')) AS seconds,
       SUM(json_extract(record, '$.params.steps') * json_extract(record, '$.params.numOutputs')) AS work
     FROM (SELECT record FROM jobs WHERE status = 'succeeded' ORDER BY created_at DESC, id DESC LIMIT 300)
     WHERE json_extract(record, '$.timings.predictTimeSeconds') > 0`,
  );

  // Jobs made since an instant that the service measured (read from the created_at index).
  const spentSince = db.prepare(
    `SELECT COUNT(*) AS jobs, COALESCE(SUM(json_extract(record, '$.timings.predictTimeSeconds')), 0) AS seconds
     FROM jobs WHERE created_at >= ? AND json_extract(record, '$.timings.predictTimeSeconds') > 0`,
  );

  return {
    /** Model time spent on jobs made since an instant, and how many jobs it was. */
    spentSince(since: string): { jobs: number; predictSeconds: number } {
      const row = spentSince.get(since) as { jobs: number; seconds: number };
      return { jobs: row.jobs, predictSeconds: row.seconds };
    },
    /** Model seconds per step per image over recent successes; null before there are enough to go by. */
    measuredStepRate(): number | null {
      const row = recentRates.get() as { n: number; seconds: number | null; work: number | null } | undefined;
      if (!row || row.n < 3 || !row.seconds || !row.work) return null;
      return row.seconds / row.work;
    },
  };
}

export type ModelTime = ReturnType<typeof prepareModelTime>;
