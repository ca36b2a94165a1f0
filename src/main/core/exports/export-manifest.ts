import { z } from 'zod';
import { skippedJobSchema } from '../../../shared/ipc-contract';
import { axisValueSchema, jobIdSchema, jobStatusSchema, type Job } from '../../../shared/job';
import { schedulerSchema } from '../../../shared/model-input';
import { spreadsheetSafeText, toCsv, type CsvCell } from './csv';

/** Paths in the manifest are relative to the export folder, with `/`, so the folder can move. */
const relativePath = z.string().regex(/^[^/\\][^\\]*$/);

const exportedJobSchema = z.object({
  id: jobIdSchema,
  /** The job's folder in the export. */
  folder: relativePath,
  created: z.string(),
  status: jobStatusSchema,
  prompt: z.string(),
  negativePrompt: z.string(),
  scheduler: schedulerSchema,
  promptStrength: z.number(),
  guidanceScale: z.number(),
  steps: z.number().int(),
  numOutputs: z.number().int(),
  /** The seed asked for; null = random. */
  seed: z.number().int().nullable(),
  /** The seed the model used (read from its logs), when known. */
  seedUsed: z.number().int().nullable(),
  modelVersion: z.string(),
  predictionId: z.string().nullable(),
  batch: z.object({ id: jobIdSchema, index: z.number().int().nonnegative(), axes: z.record(z.string(), axisValueSchema) }).nullable(),
  /** Why the job did not succeed, when it did not. */
  error: z.string().nullable(),
  input: z.object({ file: relativePath, sourceName: z.string(), width: z.number().int(), height: z.number().int() }),
  outputs: z.array(
    z.object({
      /** 1-based, as the app shows it ("Output 2"). */
      number: z.number().int().positive(),
      file: relativePath,
      width: z.number().int().nullable(),
      height: z.number().int().nullable(),
      bytes: z.number().int().nonnegative(),
    }),
  ),
  /** Every file written for this job. */
  files: z.array(relativePath),
});
export type ExportedJob = z.infer<typeof exportedJobSchema>;


/** manifest.json: what was exported, exactly as the library records it. */
export const exportManifestSchema = z.object({
  format: z.literal('redraw-export'),
  version: z.literal(1),
  exportedAt: z.string(),
  appVersion: z.string(),
  jobs: z.array(exportedJobSchema),
  skipped: z.array(skippedJobSchema),
});
export type ExportManifest = z.infer<typeof exportManifestSchema>;

/** The job's entry once its files are written: the names chosen for them in the export. */
export function exportedJob(job: Job, names: { folder: string; input: string; outputs: readonly string[] }): ExportedJob {
  const at = (name: string): string => `${names.folder}/${name}`;
  const { params } = job;
  return {
    id: job.id,
    folder: names.folder,
    created: job.timings.createdAt,
    status: job.status,
    prompt: params.prompt,
    negativePrompt: params.negativePrompt,
    scheduler: params.scheduler,
    promptStrength: params.promptStrength,
    guidanceScale: params.guidanceScale,
    steps: params.steps,
    numOutputs: params.numOutputs,
    seed: params.seed,
    seedUsed: job.seedUsed,
    modelVersion: job.modelVersion,
    predictionId: job.predictionId,
    batch: job.batch === null ? null : { id: job.batch.id, index: job.batch.index, axes: job.batch.axes },
    error: job.error?.message ?? null,
    input: { file: at(names.input), sourceName: job.input.sourceName, width: job.input.width, height: job.input.height },
    outputs: job.outputs.map((output, index) => ({
      number: index + 1,
      file: at(names.outputs[index] ?? ''),
      width: output.width,
      height: output.height,
      bytes: output.bytes,
    })),
    files: [at(names.input), ...names.outputs.map(at)],
  };
}

type CsvRow = { job: ExportedJob; output: ExportedJob['outputs'][number] | null };

/** manifest.csv's columns: each header with the cell it holds, so the two cannot drift apart. */
const CSV_COLUMNS = [
  ['job_id', ({ job }) => job.id],
  ['created', ({ job }) => job.created],
  ['status', ({ job }) => job.status],
  ['prompt', ({ job }) => spreadsheetSafeText(job.prompt)],
  ['negative_prompt', ({ job }) => spreadsheetSafeText(job.negativePrompt)],
  ['scheduler', ({ job }) => job.scheduler],
  ['prompt_strength', ({ job }) => job.promptStrength],
  ['guidance_scale', ({ job }) => job.guidanceScale],
  ['steps', ({ job }) => job.steps],
  ['seed', ({ job }) => job.seed],
  ['seed_used', ({ job }) => job.seedUsed],
  ['model_version', ({ job }) => job.modelVersion],
  ['prediction_id', ({ job }) => job.predictionId],
  ['batch_id', ({ job }) => job.batch?.id ?? null],
  ['batch_index', ({ job }) => job.batch?.index ?? null],
  ['output_number', ({ output }) => output?.number ?? null],
  ['output_file', ({ output }) => output?.file ?? null],
  ['output_width', ({ output }) => output?.width ?? null],
  ['output_height', ({ output }) => output?.height ?? null],
  ['input_file', ({ job }) => job.input.file],
  ['error', ({ job }) => (job.error === null ? null : spreadsheetSafeText(job.error))],
] as const satisfies readonly (readonly [string, (row: CsvRow) => CsvCell])[];

export const CSV_HEADER = CSV_COLUMNS.map(([name]) => name);

/**
 * manifest.csv: one row per output, for a spreadsheet. A job with no outputs (failed, canceled)
 * still gets one row, with the output columns empty, so every exported job is in the sheet.
 */
export function manifestCsv(manifest: ExportManifest): string {
  const rows = manifest.jobs.flatMap((job) => (job.outputs.length === 0 ? [null] : job.outputs).map((output): CsvRow => ({ job, output })));
  return toCsv(
    CSV_HEADER,
    rows.map((row) => CSV_COLUMNS.map(([, cell]) => cell(row))),
  );
}
