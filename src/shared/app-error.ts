import { z } from 'zod';

/**
 * Every failure the artist can see, as one serialisable shape: it crosses IPC intact,
 * is stored on a job, and the renderer words it without guessing from strings.
 */
export const ERROR_CODES = [
  'no-token',
  'unauthenticated',
  'insufficient-credit',
  'invalid-version',
  'not-found',
  'invalid-input',
  'rate-limited',
  'offline',
  'server-error',
  'bad-response',
  'prediction-failed',
  'canceled',
  'expired',
  'invalid-file',
  'invalid-request',
  'internal',
] as const;
export const errorCodeSchema = z.enum(ERROR_CODES);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const fieldErrorSchema = z.object({
  /** The control it belongs to, when we have one (e.g. `numOutputs`); else null. */
  param: z.string().nullable(),
  /** The field as the server or schema named it (e.g. `input.num_outputs`). */
  field: z.string(),
  message: z.string(),
});
export type FieldError = z.infer<typeof fieldErrorSchema>;

export const appErrorSchema = z.object({
  code: errorCodeSchema,
  message: z.string(),
  fields: z.array(fieldErrorSchema).optional(),
  retryAfterSeconds: z.number().optional(),
});
export type AppErrorData = z.infer<typeof appErrorSchema>;

/** Thrown inside main; serialised as AppErrorData at the IPC boundary. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    extra: { fields?: FieldError[]; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = 'AppError';
    this.code = code;
    this.fields = extra.fields;
    this.retryAfterSeconds = extra.retryAfterSeconds;
  }

  toData(): AppErrorData {
    return {
      code: this.code,
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
      ...(this.retryAfterSeconds !== undefined ? { retryAfterSeconds: this.retryAfterSeconds } : {}),
    };
  }
}
