import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { AppError } from '../../../shared/app-error';
import {
  badResponse,
  errorFromResponse,
  isAbortError,
  networkErrorFrom,
} from './api-errors';
import {
  fileUploadSchema,
  imagesResponseSchema,
  listPredictionsSchema,
  modelResponseSchema,
  modelVersionResponseSchema,
  predictionSchema,
  type Prediction,
} from './prediction-shapes';
import { answerTooLarge, MAX_ERROR_ANSWER_BYTES, readCapped } from './read-capped';
import { parseSse, type SseEvent } from './sse';

/**
 * The largest JSON answer read. A prediction is a few KB; one carrying megabytes of logs or
 * base64 images in `output` is refused rather than held in memory and parsed.
 */
const MAX_JSON_ANSWER_BYTES = 16 * 1024 * 1024;

export type ReplicateClientOptions = {
  baseUrl: string;
  token: string;
  dispatcher?: Dispatcher;
  userAgent?: string;
  /** Told whether the API answered at all (any HTTP status) or could not be reached. */
  onReachable?: (reachable: boolean, why: string | null) => void;
};

export type CreateResult =
  | { shape: 'prediction'; prediction: Prediction }
  | { shape: 'images'; outputUrls: string[]; created: number };

export type CreateRequest = {
  version: string;
  input: Record<string, unknown>;
  /** Seconds to hold the response for (Prefer: wait=N, 1..60); undefined = do not wait. */
  waitSeconds?: number;
  signal?: AbortSignal;
};

type Method = 'GET' | 'POST';

/**
 * Replicate's predictions API over undici. The token goes only to the API's own origin:
 * any URL the server hands back (stream, outputs, files) on another host gets no
 * Authorization header.
 */
export function createReplicateClient(options: ReplicateClientOptions) {
  const base = options.baseUrl.replace(/\/+$/, '');
  const apiOrigin = new URL(base).origin;
  const userAgent = options.userAgent ?? 'Redraw';

  const redact = (text: string): string => (options.token ? text.split(options.token).join('[token]') : text);

  function unreachable(error: unknown, url: string): AppError {
    if (isAbortError(error)) return new AppError('canceled', 'Canceled.', { cause: error });
    const networkError = networkErrorFrom(error, url);
    // Any failure below HTTP counts as "cannot reach the service" for the artist (a refused
    // connection and one dropped mid-way look alike from their chair); the next answer clears it.
    options.onReachable?.(false, networkError.message);
    return networkError;
  }

  /** The token goes to the API's own origin and nowhere else. */
  const sendsToken = (url: string): boolean => new URL(url).origin === apiOrigin;

  function headersFor(url: string, extra: Record<string, string> = {}): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': userAgent, ...extra };
    if (sendsToken(url)) headers.authorization = `Bearer ${options.token}`;
    return headers;
  }

  async function send(
    method: Method,
    url: string,
    init: { body?: string | Uint8Array; headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number },
  ): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method,
        headers: headersFor(url, init.headers),
        ...(init.body !== undefined ? { body: init.body } : {}),
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
        headersTimeout: init.timeoutMs ?? 30_000,
        bodyTimeout: init.timeoutMs ?? 30_000,
      });
    } catch (error) {
      throw unreachable(error, url);
    }
    options.onReachable?.(true, null);
    const ok = response.statusCode >= 200 && response.statusCode < 300;
    let read: { text: string; complete: boolean };
    try {
      read = await readCapped(response.body, response.headers, ok ? MAX_JSON_ANSWER_BYTES : MAX_ERROR_ANSWER_BYTES);
    } catch (error) {
      if (isAbortError(error)) throw new AppError('canceled', 'Canceled.', { cause: error });
      throw networkErrorFrom(error, url);
    }
    // An error answer cut short still has its status to go on; a 2xx one cut short is unusable.
    if (ok && !read.complete) throw answerTooLarge(MAX_JSON_ANSWER_BYTES);
    return { status: response.statusCode, headers: response.headers, text: read.text };
  }

  async function json<T>(
    schema: z.ZodType<T>,
    what: string,
    method: Method,
    url: string,
    init: Parameters<typeof send>[2] = {},
  ): Promise<{ status: number; value: T }> {
    const { status, headers, text } = await send(method, url, init);
    if (status < 200 || status >= 300) throw errorFromResponse(status, headers, text, redact);
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (cause) {
      throw badResponse(`valid JSON (${what})`, cause);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) throw badResponse(what, parsed.error);
    return { status, value: parsed.data };
  }

  return {
    baseUrl: base,

    /** Cheapest authenticated call: proves the token. */
    async getAccount(signal?: AbortSignal): Promise<void> {
      const { status, headers, text } = await send('GET', `${base}/account`, { ...(signal ? { signal } : {}) });
      if (status < 200 || status >= 300) throw errorFromResponse(status, headers, text, redact);
    },

    /**
     * Reads a version and its input schema. `owner/name:<id>` names the version directly;
     * `owner/name` (official models) means the model's latest version. A bare id cannot be
     * looked up: the API files versions under their model.
     */
    async getModelVersion(version: string, signal?: AbortSignal): Promise<{ id: string; openapi_schema?: unknown }> {
      const match = /^([^/:]+)\/([^/:]+)(?::([0-9a-f]{64}))?$/.exec(version);
      if (!match) {
        throw new AppError('invalid-version', 'Only owner/name:<version id> can be checked; a bare version id has no model name to look it up under.');
      }
      const [, owner, name, id] = match;
      try {
        if (id) {
          return (await json(modelVersionResponseSchema, 'a model version', 'GET', `${base}/models/${owner}/${name}/versions/${id}`, signal ? { signal } : {})).value;
        }
        const model = await json(modelResponseSchema, 'a model', 'GET', `${base}/models/${owner}/${name}`, signal ? { signal } : {});
        if (!model.value.latest_version) throw new AppError('invalid-version', `${version} has no published version.`);
        return model.value.latest_version;
      } catch (error) {
        if (error instanceof AppError && error.code === 'not-found') {
          throw new AppError('invalid-version', `The model version ${version} does not exist on this server. Check the model version in Settings.`);
        }
        throw error;
      }
    },

    async createPrediction(req: CreateRequest): Promise<CreateResult> {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (req.waitSeconds !== undefined) headers.prefer = `wait=${Math.max(1, Math.min(60, Math.round(req.waitSeconds)))}`;
      const body = JSON.stringify({ version: req.version, input: req.input });
      const { value } = await json(
        imagesResponseSchema.or(predictionSchema),
        'a prediction',
        'POST',
        `${base}/predictions`,
        {
          body,
          headers,
          ...(req.signal ? { signal: req.signal } : {}),
          // The server may hold the answer for the whole wait; allow it plus a margin.
          timeoutMs: ((req.waitSeconds ?? 0) + 60) * 1000,
        },
      );
      if ('data' in value && 'created' in value && !('id' in value)) {
        const urls = value.data.map((item) =>
          typeof item.url === 'string' ? item.url : `data:image/png;base64,${String(item.b64_json)}`,
        );
        return { shape: 'images', outputUrls: urls, created: value.created };
      }
      return { shape: 'prediction', prediction: predictionSchema.parse(value) };
    },

    async getPrediction(url: string, signal?: AbortSignal): Promise<Prediction> {
      return (await json(predictionSchema, 'a prediction', 'GET', url, signal ? { signal } : {})).value;
    },

    async cancelPrediction(url: string, signal?: AbortSignal): Promise<Prediction> {
      return (await json(predictionSchema, 'a prediction', 'POST', url, signal ? { signal } : {})).value;
    },

    async listPredictions(cursorUrl?: string, signal?: AbortSignal) {
      const url = cursorUrl ?? `${base}/predictions`;
      return (await json(listPredictionsSchema, 'a list of predictions', 'GET', url, signal ? { signal } : {})).value;
    },

    /** Uploads through the Files API; returns the URL to pass as the model input. */
    async uploadFile(bytes: Uint8Array, filename: string, contentType: string, signal?: AbortSignal): Promise<string> {
      const boundary = `----redraw${Math.random().toString(16).slice(2)}${Date.now().toString(16)}`;
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      const body = Buffer.concat([head, bytes, tail]);
      const { value } = await json(fileUploadSchema, 'an uploaded file', 'POST', `${base}/files`, {
        body,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
        ...(signal ? { signal } : {}),
        timeoutMs: 120_000,
      });
      return value.urls.get;
    },

    /**
     * Opens the SSE stream of a prediction and yields its events until `done` or until the
     * server closes the connection (it does after ~30 s; the caller reconnects or polls).
     */
    async *stream(url: string, signal?: AbortSignal): AsyncGenerator<SseEvent> {
      let response: Dispatcher.ResponseData;
      try {
        response = await request(url, {
          method: 'GET',
          headers: headersFor(url, { accept: 'text/event-stream', 'cache-control': 'no-store' }),
          ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
          ...(signal ? { signal } : {}),
          headersTimeout: 30_000,
          bodyTimeout: 90_000,
        });
      } catch (error) {
        throw unreachable(error, url);
      }
      options.onReachable?.(true, null);
      if (response.statusCode !== 200) {
        const { text } = await readCapped(response.body, response.headers, MAX_ERROR_ANSWER_BYTES).catch(() => ({ text: '' }));
        // A stream on another host never had the token: its 401/403 says nothing about it (and
        // must not turn the token "refused"); the prediction is followed with GET instead.
        if (!sendsToken(url) && (response.statusCode === 401 || response.statusCode === 403)) {
          throw new AppError('bad-response', `The progress stream's host refused it (HTTP ${response.statusCode}).`);
        }
        throw errorFromResponse(response.statusCode, response.headers, text, redact);
      }
      try {
        yield* parseSse(response.body);
      } catch (error) {
        if (error instanceof AppError) throw error;
        if (isAbortError(error)) throw new AppError('canceled', 'Canceled.', { cause: error });
        throw networkErrorFrom(error, url);
      } finally {
        response.body.destroy();
      }
    },
  };
}

export type ReplicateClient = ReturnType<typeof createReplicateClient>;
