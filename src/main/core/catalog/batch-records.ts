import { z } from 'zod';
import { batchSummarySchema, type BatchState, type BatchSummary } from '../../../shared/batch-spec';
import { JOB_STATUSES, isFinalStatus } from '../../../shared/job';
import type { CatalogDb } from './catalog-db';

const UNFINISHED = JOB_STATUSES.filter((status) => !isFinalStatus(status));
const UNFINISHED_LIST = `(${UNFINISHED.map((status) => `'${status}'`).join(', ')})`;

export type NewBatch = { id: string; name: string; createdAt: string; spec: unknown; axes: unknown; pendingJobIds: string[] };

const pendingSchema = z.array(z.string());

/**
 * Batch rows in the catalog. A batch is begun (state 'creating', with the job folders about to be
 * made), then committed with its jobs in one transaction; `abandonUnfinished` removes what a
 * crash in between left. Counts and cost are read from the jobs, never kept twice.
 */
export function prepareBatchRecords(catalog: CatalogDb) {
  const { db } = catalog;
  const insert = db.prepare(
    `INSERT INTO batches (id, name, created_at, state, spec, axes, pending_job_ids) VALUES ($id, $name, $created_at, 'creating', $spec, $axes, $pending)`,
  );
  const activate = db.prepare(`UPDATE batches SET state = 'active', pending_job_ids = '[]' WHERE id = ? AND state = 'creating'`);
  const setStateStatement = db.prepare('UPDATE batches SET state = ? WHERE id = ?');
  const creating = db.prepare(`SELECT id, pending_job_ids FROM batches WHERE state = 'creating'`);
  const deleteOne = db.prepare('DELETE FROM batches WHERE id = ?');
  const stateOf = db.prepare('SELECT state FROM batches WHERE id = ?');
  const summaryColumns = `b.id, b.name, b.created_at, b.state, b.axes,
      COUNT(j.id) AS total,
      SUM(j.status = 'succeeded') AS succeeded,
      SUM(j.status IN ('failed', 'aborted', 'expired')) AS failed,
      SUM(j.status = 'canceled') AS canceled,
      SUM(j.status IN ${UNFINISHED_LIST}) AS unfinished,
      COALESCE(SUM(json_extract(j.record, '$.timings.predictTimeSeconds')), 0) AS predict_seconds`;
  // The newest batches are chosen first, then only their jobs are counted.
  const list = db.prepare(
    `SELECT ${summaryColumns}
     FROM (SELECT * FROM batches WHERE state != 'creating' ORDER BY created_at DESC, id DESC LIMIT ?) b
     LEFT JOIN jobs j ON j.batch_id = b.id
     GROUP BY b.id ORDER BY b.created_at DESC, b.id DESC`,
  );
  const one = db.prepare(`SELECT ${summaryColumns} FROM batches b LEFT JOIN jobs j ON j.batch_id = b.id WHERE b.id = ? GROUP BY b.id`);
  const jobsOf = db.prepare(`SELECT id FROM jobs WHERE batch_id = ? ORDER BY json_extract(record, '$.batch.index')`);
  // Asked for every waiting job each time the queue moves: kept in memory, changed only by setState.
  const paused = new Set((db.prepare(`SELECT id FROM batches WHERE state = 'paused'`).all() as { id: string }[]).map((row) => row.id));

  type Row = {
    id: string;
    name: string;
    created_at: string;
    state: BatchState;
    axes: string;
    total: number;
    succeeded: number | null;
    failed: number | null;
    canceled: number | null;
    unfinished: number | null;
    predict_seconds: number;
  };
  const toSummary = (row: Row, pricePerSecondUsd: number): BatchSummary =>
    batchSummarySchema.parse({
      id: row.id,
      name: row.name,
      createdAt: row.created_at,
      state: row.state,
      axes: JSON.parse(row.axes) as unknown,
      total: row.total,
      succeeded: row.succeeded ?? 0,
      failed: row.failed ?? 0,
      canceled: row.canceled ?? 0,
      unfinished: row.unfinished ?? 0,
      predictSeconds: row.predict_seconds,
      costUsd: row.predict_seconds * pricePerSecondUsd,
    });

  return {
    begin(batch: NewBatch): void {
      insert.run({
        id: batch.id,
        name: batch.name,
        created_at: batch.createdAt,
        spec: JSON.stringify(batch.spec),
        axes: JSON.stringify(batch.axes),
        pending: JSON.stringify(batch.pendingJobIds),
      });
    },
    /** Marks a begun batch as made; call inside the transaction that inserts its jobs. */
    activate(batchId: string): void {
      if (activate.run(batchId).changes !== 1) throw new Error(`Batch ${batchId} was not being created.`);
    },
    setState(batchId: string, state: Exclude<BatchState, 'creating'>): void {
      setStateStatement.run(state, batchId);
      if (state === 'paused') paused.add(batchId);
      else paused.delete(batchId);
    },
    isPaused: (batchId: string): boolean => paused.has(batchId),
    /**
     * Batches a crash left half made, with the job folders each was making. The caller removes
     * the folders, then forgets the batch (if a folder cannot go, the row stays for next time).
     */
    unfinishedCreations(): { batchId: string; jobIds: string[] }[] {
      const rows = creating.all() as { id: string; pending_job_ids: string }[];
      return rows.map((row) => {
        const parsed = pendingSchema.safeParse(JSON.parse(row.pending_job_ids));
        return { batchId: row.id, jobIds: parsed.success ? parsed.data : [] };
      });
    },
    /** Whether a batch is still being made (not yet committed with its jobs). */
    isCreating(batchId: string): boolean {
      return (stateOf.get(batchId) as { state: string } | undefined)?.state === 'creating';
    },
    /** Removes a batch that was never made (its folders are gone): nothing of it stays. */
    forget(batchId: string): void {
      deleteOne.run(batchId);
    },
    list(limit: number, pricePerSecondUsd: number): BatchSummary[] {
      return (list.all(limit) as Row[]).map((row) => toSummary(row, pricePerSecondUsd));
    },
    get(batchId: string, pricePerSecondUsd: number): BatchSummary | null {
      const row = one.get(batchId) as Row | undefined;
      return row && row.state !== 'creating' ? toSummary(row, pricePerSecondUsd) : null;
    },
    jobIds(batchId: string): string[] {
      return (jobsOf.all(batchId) as { id: string }[]).map((row) => row.id);
    },
  };
}

export type BatchRecords = ReturnType<typeof prepareBatchRecords>;
