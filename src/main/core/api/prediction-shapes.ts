import { z } from 'zod';

/** Replicate's six statuses; the last four are terminal (the official clients forget `aborted`). */
export const PREDICTION_STATUSES = ['starting', 'processing', 'succeeded', 'failed', 'canceled', 'aborted'] as const;
export type PredictionStatus = (typeof PREDICTION_STATUSES)[number];
const TERMINAL: ReadonlySet<PredictionStatus> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);
export function isTerminal(status: PredictionStatus): boolean {
  return TERMINAL.has(status);
}

const isoOrNull = z.string().nullish();

/**
 * A prediction id as it may stand in a URL path: letters, digits, `-` and `_` (Replicate's are
 * 26 lowercase characters; resellers use UUIDs). Anything else (`../../x`, `a/b`, `%2e`) is a
 * malformed answer: it would take the token to a path outside the API's.
 */
const predictionIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'A prediction id with characters no id has');

/** Loose on purpose: servers add fields; we keep what we use and check those strictly. */
export const predictionSchema = z.looseObject({
  id: predictionIdSchema,
  status: z.enum(PREDICTION_STATUSES),
  model: z.string().nullish(),
  version: z.string().nullish(),
  logs: z.string().nullish(),
  output: z.unknown().optional(),
  error: z.unknown().optional(),
  data_removed: z.boolean().nullish(),
  created_at: isoOrNull,
  started_at: isoOrNull,
  completed_at: isoOrNull,
  urls: z
    .looseObject({
      get: z.string().nullish(),
      cancel: z.string().nullish(),
      stream: z.string().nullish(),
      web: z.string().nullish(),
    })
    .nullish(),
  metrics: z
    .looseObject({ predict_time: z.number().nullish(), total_time: z.number().nullish() })
    .nullish(),
});
export type Prediction = z.infer<typeof predictionSchema>;

/** The seed's documented success body: synchronous, OpenAI-images-like, no id. */
export const imagesResponseSchema = z.object({
  created: z.number(),
  data: z
    .array(z.union([z.object({ url: z.string() }).loose(), z.object({ b64_json: z.string() }).loose()]))
    .min(1),
});
export type ImagesResponse = z.infer<typeof imagesResponseSchema>;

export const listPredictionsSchema = z.object({
  next: z.string().nullish(),
  previous: z.string().nullish(),
  results: z.array(predictionSchema),
});

export const fileUploadSchema = z.looseObject({
  id: z.string(),
  urls: z.object({ get: z.string() }).loose(),
});

export const modelVersionResponseSchema = z.looseObject({
  id: z.string(),
  openapi_schema: z.unknown().optional(),
});

/** `GET /models/{owner}/{name}`: what we need is its latest version. */
export const modelResponseSchema = z.looseObject({
  latest_version: modelVersionResponseSchema.nullish(),
});

const OUTPUT_URL = /^(https?:\/\/|data:image\/)/;

/** A model's output may be one URL or a list of them; anything else is not an image output. */
export function outputUrls(output: unknown): string[] {
  const list = Array.isArray(output) ? output : output == null ? [] : [output];
  return list.filter((item): item is string => typeof item === 'string' && OUTPUT_URL.test(item));
}

/** `error` is usually a string, sometimes an object with `detail`. */
export function predictionErrorText(error: unknown): string {
  if (typeof error === 'string' && error.trim() !== '') return error.trim();
  if (typeof error === 'object' && error !== null && 'detail' in error && typeof error.detail === 'string') {
    return error.detail;
  }
  return 'The prediction failed without saying why.';
}
