import type { DatabaseSync, SQLInputValue } from 'node:sqlite';
import { jobSchema, type Job } from '../../../shared/job';

/** A job as one row: the columns queries filter and sort on, and the rest of the record as JSON. */
type JobColumns = Record<string, SQLInputValue>;

function columnsOf(job: Job): JobColumns {
  const { logs, ...record } = job;
  return {
    id: job.id,
    created_at: job.timings.createdAt,
    status: job.status,
    prompt: job.params.prompt,
    negative_prompt: job.params.negativePrompt,
    source_name: job.input.sourceName,
    model_version: job.modelVersion,
    sketch_key: job.sketchKey,
    prediction_id: job.predictionId,
    favourite: job.favourite ? 1 : 0,
    rating: job.rating,
    origin_job_id: job.origin.kind === 'file' ? null : job.origin.jobId,
    batch_id: job.batch?.id ?? null,
    watch_id: job.watch?.watchId ?? null,
    record: JSON.stringify(record),
    logs,
  };
}

/** Columns the engine changes as a job runs; prompt, sketch, origin, batch and watch are fixed at creation. */
const MUTABLE = ['status', 'model_version', 'prediction_id', 'favourite', 'rating', 'record', 'logs'] as const;

export type JobRowStatements = ReturnType<typeof prepareJobRows>;

/** The statements the store runs on every write, prepared once. */
export function prepareJobRows(db: DatabaseSync) {
  const insert = db.prepare(
    `INSERT INTO jobs (id, created_at, status, prompt, negative_prompt, source_name, model_version, sketch_key,
       prediction_id, favourite, rating, origin_job_id, batch_id, watch_id, record, logs)
     VALUES ($id, $created_at, $status, $prompt, $negative_prompt, $source_name, $model_version, $sketch_key,
       $prediction_id, $favourite, $rating, $origin_job_id, $batch_id, $watch_id, $record, $logs)
     ON CONFLICT (id) DO NOTHING`,
  );
  const update = db.prepare(`UPDATE jobs SET ${MUTABLE.map((c) => `${c} = $${c}`).join(', ')} WHERE id = $id`);
  const updateWithoutLogs = db.prepare(
    `UPDATE jobs SET ${MUTABLE.filter((c) => c !== 'logs').map((c) => `${c} = $${c}`).join(', ')} WHERE id = $id`,
  );
  const linkOrigin = db.prepare('UPDATE jobs SET origin_job_id = $origin WHERE id = $id AND EXISTS (SELECT 1 FROM jobs WHERE id = $origin)');
  return {
    /** Adds a job; false when one with that id exists already (an import run twice). */
    insert(job: Job): boolean {
      const columns = columnsOf(job);
      const origin = job.origin.kind === 'file' ? null : job.origin.jobId;
      // Inserted without the link first, then linked if the other job exists: a dangling link
      // would break the foreign key, and an import meets jobs in no particular order.
      const added = insert.run({ ...columns, origin_job_id: null }).changes > 0;
      if (added && origin !== null) linkOrigin.run({ id: job.id, origin });
      return added;
    },
    update(job: Job, options: { logsChanged: boolean }): void {
      const all = columnsOf(job);
      const values: JobColumns = { id: job.id };
      for (const column of MUTABLE) {
        if (column !== 'logs' || options.logsChanged) values[column] = all[column] ?? null;
      }
      (options.logsChanged ? update : updateWithoutLogs).run(values);
    },
  };
}

/** A row's record and logs back into a job. Rows are written only by this module, from parsed jobs. */
export function jobFromRow(row: { record: string; logs?: string }): Job {
  const record = JSON.parse(row.record) as Omit<Job, 'logs'>;
  return { ...record, logs: row.logs ?? '' };
}

/** Like jobFromRow, but checks the shape: for rows that may predate a schema change. */
export function parseJobRow(row: { record: string; logs?: string }): Job {
  return jobSchema.parse({ ...(JSON.parse(row.record) as object), logs: row.logs ?? '' });
}
