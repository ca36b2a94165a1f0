import { z } from 'zod';
import { AppError, type FieldError } from '../../../shared/app-error';
import { paramNameForModelField } from '../../../shared/model-input';

/** A request that failed below HTTP. `maybeReachedServer` decides whether a create may be resent. */
export class NetworkError extends AppError {
  readonly maybeReachedServer: boolean;
  constructor(message: string, maybeReachedServer: boolean, cause: unknown) {
    super('offline', message, { cause });
    this.name = 'NetworkError';
    this.maybeReachedServer = maybeReachedServer;
  }
}

/** Failures where the connection was never made: nothing reached the server. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    if (typeof e === 'object' && e !== null) {
      const code = (e as { code?: unknown }).code;
      if (typeof code === 'string' && code !== 'UND_ERR') return code;
      e = (e as { cause?: unknown }).cause;
    } else break;
  }
  return undefined;
}

export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    ((error as { name?: unknown }).name === 'AbortError' || errorCode(error) === 'ABORT_ERR')
  );
}

export function networkErrorFrom(error: unknown, url: string): NetworkError {
  const code = errorCode(error) ?? 'unknown';
  const host = safeHost(url);
  const notConnected = NOT_CONNECTED.has(code);
  const message = notConnected
    ? `Cannot reach ${host}. You may be offline, or the API base URL is wrong.`
    : `The connection to ${host} failed (${code}).`;
  return new NetworkError(message, !notConnected, error);
}

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

const problemSchema = z.looseObject({
  title: z.string().optional(),
  detail: z.string().optional(),
  status: z.number().optional(),
  retry_after: z.number().optional(),
  invalid_fields: z
    .array(z.looseObject({ type: z.string().optional(), field: z.string(), description: z.string().optional() }))
    .optional(),
});
type Problem = z.infer<typeof problemSchema>;

function parseProblem(bodyText: string): Problem {
  try {
    const parsed = problemSchema.safeParse(JSON.parse(bodyText));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Response headers as undici gives them. */
export type HeaderBag = Record<string, string | string[] | undefined>;

/** A header's (first) value. */
export function header(headers: HeaderBag, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The longest wait a 429 may ask for. Replicate's limits reset within a minute; a server asking
 * for an hour (or for more than setTimeout can hold, which fires at once and spins) would stall
 * every create, so past this the wait is cut and the next 429 says again.
 */
export const MAX_RETRY_AFTER_S = 120;

/**
 * How long to wait after a 429, at most MAX_RETRY_AFTER_S. Replicate does not promise a
 * Retry-After header, so the body's `retry_after` comes first, then the "~Ns" in its text,
 * then the headers.
 */
export function retryAfterSeconds(problem: Problem, headers: HeaderBag): number | undefined {
  const asked = askedRetryAfterSeconds(problem, headers);
  return asked === undefined ? undefined : Math.min(asked, MAX_RETRY_AFTER_S);
}

function askedRetryAfterSeconds(problem: Problem, headers: HeaderBag): number | undefined {
  if (problem.retry_after !== undefined && problem.retry_after >= 0) return problem.retry_after;
  const fromText = problem.detail?.match(/~\s*(\d+(?:\.\d+)?)\s*s/);
  if (fromText?.[1]) return Number(fromText[1]);
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, Math.ceil((date - Date.now()) / 1000));
  }
  const reset = Number(header(headers, 'ratelimit-reset'));
  if (Number.isFinite(reset) && reset >= 0) return reset;
  return undefined;
}

function fieldErrors(problem: Problem): FieldError[] | undefined {
  if (!problem.invalid_fields?.length) {
    // Some servers only list fields in `detail` as "- input.x: reason" lines.
    const lines = [...(problem.detail ?? '').matchAll(/^- (input\.[a-z_]+): (.+)$/gm)];
    if (lines.length === 0) return undefined;
    return lines.map(([, field = '', message = '']) => ({ param: paramNameForModelField(field) ?? null, field, message }));
  }
  return problem.invalid_fields.map((f) => ({
    param: paramNameForModelField(f.field) ?? null,
    field: f.field,
    message: f.description ?? f.type ?? 'invalid value',
  }));
}

/** Turns an HTTP error answer into words an artist can act on. Never echoes the token. */
export function errorFromResponse(
  status: number,
  headers: HeaderBag,
  bodyText: string,
  redact: (text: string) => string,
): AppError {
  const problem = parseProblem(bodyText);
  const detail = redact(problem.detail ?? problem.title ?? '').trim();
  const withDetail = (base: string): string => (detail ? `${base} (${detail})` : base);
  if (status === 401 || status === 403) {
    return new AppError('unauthenticated', withDetail('The API token was refused. Check the token in Settings.'));
  }
  if (status === 402) {
    return new AppError('insufficient-credit', withDetail('Your account is out of credit. Add credit, then try again.'));
  }
  if (status === 429) {
    const retryAfter = retryAfterSeconds(problem, headers);
    return new AppError(
      'rate-limited',
      retryAfter === undefined ? 'Rate limited by the service.' : `Rate limited by the service; waiting ${Math.ceil(retryAfter)} s.`,
      retryAfter === undefined ? {} : { retryAfterSeconds: retryAfter },
    );
  }
  if (status === 422 && /version/i.test(problem.title ?? '')) {
    return new AppError('invalid-version', withDetail('The model version was refused. Check the model version in Settings.'));
  }
  if (status === 422) {
    const fields = fieldErrors(problem);
    return new AppError('invalid-input', withDetail('The server refused some parameters.'), fields ? { fields } : {});
  }
  if (status === 404) {
    return new AppError('not-found', 'Not found. Check the API base URL and the model version in Settings.');
  }
  if (status === 413) {
    return new AppError('invalid-file', 'The image is too large for the server.');
  }
  if (status >= 500) {
    return new AppError('server-error', `The service failed (HTTP ${status}).`);
  }
  return new AppError('invalid-request', withDetail(`The server refused the request (HTTP ${status}).`));
}

export function badResponse(what: string, cause?: unknown): AppError {
  return new AppError('bad-response', `The server answered with something that is not ${what}.`, { cause });
}

/**
 * An answer or a file past a size cap. Still a `bad-response` for the artist, but never retried:
 * a prediction whose logs or inline images make it huge will be as huge on the next read.
 */
export class TooLargeError extends AppError {
  constructor(message: string) {
    super('bad-response', message);
    this.name = 'TooLargeError';
  }
}

/** "16 MB" for a byte count (binary megabytes, as the caps are set). */
export function megabytes(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
}
