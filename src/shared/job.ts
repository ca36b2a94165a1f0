import { z } from 'zod';
import { appErrorSchema } from './app-error';
import { generationParamsSchema } from './model-input';

/** Every state a job passes through; the last five are final. */
export const JOB_STATUSES = [
  'queued',
  'preparing',
  'uploading',
  'submitting',
  'starting',
  'processing',
  'downloading',
  'succeeded',
  'failed',
  'canceled',
  'aborted',
  'expired',
] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

const FINAL: ReadonlySet<JobStatus> = new Set(['succeeded', 'failed', 'canceled', 'aborted', 'expired']);
export function isFinalStatus(status: JobStatus): boolean {
  return FINAL.has(status);
}

/** A create for it may have reached the server (a prediction id, or a create not yet answered). */
export function mayBeOnServer(job: Pick<Job, 'predictionUrls' | 'unconfirmedCreateAt'>): boolean {
  return job.predictionUrls !== null || job.unconfirmedCreateAt !== null;
}

/** Files of a job are named by the library, never by the server, so they are safe path segments. */
export const libraryFileNameSchema = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
export const jobIdSchema = z.string().regex(/^[a-z0-9-]{8,64}$/, 'Not a job id');

export const progressSchema = z.object({
  percent: z.number().min(0).max(100),
  current: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  etaSeconds: z.number().nonnegative().nullable(),
});
export type Progress = z.infer<typeof progressSchema>;

export const jobInputSchema = z.object({
  file: libraryFileNameSchema,
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  /** The file name the artist dropped, for display only. */
  sourceName: z.string(),
});
export type JobInput = z.infer<typeof jobInputSchema>;

export const jobOutputSchema = z.object({
  file: libraryFileNameSchema,
  bytes: z.number().int().nonnegative(),
  /** Pixel size, read when the output is stored (null in records from before it was kept). */
  width: z.number().int().positive().nullable().default(null),
  height: z.number().int().positive().nullable().default(null),
  /** Where it was downloaded from; the server deletes it about an hour later. */
  sourceUrl: z.string(),
});
export type JobOutput = z.infer<typeof jobOutputSchema>;

/** The most outputs one job can have: every output must be addressable over IPC and by the media protocol. */
export const MAX_OUTPUTS_PER_JOB = 64;
/** The largest output file a job keeps (a Stable Diffusion PNG is a few MB). */
export const MAX_OUTPUT_BYTES = 100 * 1024 * 1024;
export const outputIndexSchema = z.number().int().min(0).max(MAX_OUTPUTS_PER_JOB - 1);

/**
 * Where a job's input came from: a file the artist brought in (dropped, picked or pasted), an
 * output of another job, another job's sketch, or a re-run of another job. The link survives the
 * other job's deletion (the detail then says so).
 */
export const jobOriginSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('file') }),
  z.object({ kind: z.literal('output'), jobId: jobIdSchema, outputIndex: outputIndexSchema }),
  z.object({ kind: z.literal('input'), jobId: jobIdSchema }),
  z.object({ kind: z.literal('rerun'), jobId: jobIdSchema }),
]);
export type JobOrigin = z.infer<typeof jobOriginSchema>;

export const RATING_MAX = 5;
export const ratingSchema = z.number().int().min(0).max(RATING_MAX);

export const jobTimingsSchema = z.object({
  createdAt: z.string(),
  submittedAt: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  storedAt: z.string().nullable(),
  predictTimeSeconds: z.number().nullable(),
  totalTimeSeconds: z.number().nullable(),
});

/** A value on a sweep axis: a number (strength, guidance, steps, outputs, seed) or a text (scheduler, prompt). */
export const axisValueSchema = z.union([z.number(), z.string().max(10_000)]);
export const jobBatchSchema = z.object({
  id: jobIdSchema,
  /** Its place in the batch (the order of expansion: job, then each axis in turn). */
  index: z.number().int().nonnegative(),
  /** The batch chose its model version (each job's own, or one set): Settings do not change it. */
  pinnedModel: z.boolean().default(false),
  /** Axis name (a parameter, or `job` for the selected job it came from) -> this job's value. */
  axes: z.record(z.string().max(40), axisValueSchema),
});

/** A job made by watching a sketch file: which watch, and which revision of the file it ran on. */
export const jobWatchSchema = z.object({
  watchId: jobIdSchema,
  /** 1 for the file as it was when watching started, then one more for each save that changed its pixels. */
  revision: z.number().int().positive(),
  /** The watched file's name (never its path: the page does not learn paths). */
  fileName: z.string().max(1024),
});
export type JobWatch = z.infer<typeof jobWatchSchema>;

export const jobSchema = z.object({
  id: jobIdSchema,
  status: jobStatusSchema,
  params: generationParamsSchema,
  /** The seed the model actually used (read from its logs), so a result can be reproduced. */
  seedUsed: z.number().int().nullable(),
  modelVersion: z.string(),
  apiBaseUrl: z.string(),
  input: jobInputSchema,
  /** How the image reached the server. */
  inputTransport: z.enum(['data-uri', 'file-upload']).nullable(),
  /** The Files API URL the image was uploaded to, so the exact input can be rebuilt after a restart. */
  uploadedImageUrl: z.string().nullable(),
  /**
   * Set just before a create goes out, cleared once the server's answer is known. While set,
   * the create may have made a prediction we have not heard of: it is looked for before
   * anything is sent again, whatever the status says.
   */
  unconfirmedCreateAt: z.string().nullable(),
  predictionId: z.string().nullable(),
  predictionUrls: z
    .object({ get: z.string(), cancel: z.string(), stream: z.string().nullable() })
    .nullable(),
  /** `prediction` = Replicate's object; `images` = the seed's synchronous `{created, data:[{url}]}` body. */
  responseShape: z.enum(['prediction', 'images']).nullable(),
  outputs: z.array(jobOutputSchema),
  /** Output URLs known but not yet stored (so a restart can still fetch them within the hour). */
  pendingOutputUrls: z.array(z.string()),
  logs: z.string(),
  progress: progressSchema.nullable(),
  error: appErrorSchema.nullable(),
  /** Set while the job waits for the rate limit to reset. */
  waitingUntil: z.string().nullable(),
  timings: jobTimingsSchema,
  updatedAt: z.string(),
  /** The artist's marks. Defaults let records written before they existed be read. */
  favourite: z.boolean().default(false),
  rating: ratingSchema.default(0),
  origin: jobOriginSchema.default({ kind: 'file' }),
  /**
   * Identifies the sketch, so jobs of one sketch can be grouped: the SHA-256 of the prepared
   * input for new jobs; for records imported from before, a key made of the file's name, size
   * and pixel size (reading 50,000 input files to hash them would make the import crawl).
   */
  sketchKey: z.string().max(200).default(''),
  /** The batch it was made in, and where it sits on that batch's sweep axes (e.g. strength 0.6, seed 7). */
  batch: jobBatchSchema.nullable().default(null),
  /** The watched file and revision it was made from (null: not made by watching a file). */
  watch: jobWatchSchema.nullable().default(null),
});
export type Job = z.infer<typeof jobSchema>;

/** What the gallery and live events carry: a job without its (possibly long) logs. */
export const jobSummarySchema = jobSchema.omit({ logs: true });
export type JobSummary = z.infer<typeof jobSummarySchema>;

export function summarize(job: Job): JobSummary {
  const { logs: _logs, ...summary } = job;
  return summary;
}

/** A sketch staged for the next job, already prepared (metadata dropped, long side <= 1024). */
export const draftInputSchema = z.object({
  /** Where it came from; the job made from it records this as its origin. */
  origin: jobOriginSchema.default({ kind: 'file' }),
  inputId: jobIdSchema,
  sourceName: z.string(),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  bytes: z.number().int().nonnegative(),
  /** Path under the media root, e.g. `drafts/<id>.png`. */
  mediaPath: z.string(),
});
export type DraftInput = z.infer<typeof draftInputSchema>;

/** The queue as the artist sees it: what waits (in the order it will go), what runs, and the network. */
export const queueStateSchema = z.object({
  waiting: z.array(jobIdSchema),
  running: z.array(jobIdSchema),
  online: z.boolean(),
  /** Why the service cannot be reached, while it cannot. */
  offlineMessage: z.string().nullable(),
  /** While creates wait for the server's rate limit to reset. */
  rateLimitedUntil: z.string().nullable(),
});
export type QueueState = z.infer<typeof queueStateSchema>;

/**
 * The small preview the gallery shows for a library image (`output-1.png` -> `output-1.thumb.webp`):
 * made once, so the gallery never decodes full-size images.
 */
export function thumbnailFileName(file: string): string {
  return `${file.replace(/\.[a-z0-9]+$/, '')}.thumb.webp`;
}
