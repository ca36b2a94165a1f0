import { request, type Dispatcher } from 'undici';
import { AppError } from '../../../shared/app-error';
import { MAX_OUTPUT_BYTES } from '../../../shared/job';
import { isHttpsOrLoopback } from '../../../shared/settings';
import { sniffImageKind, type ImageKind } from '../image/image-kind';
import { errorFromResponse, header, isAbortError, megabytes, networkErrorFrom, TooLargeError } from './api-errors';
import { declaredLength, MAX_ERROR_ANSWER_BYTES, readCapped } from './read-capped';

/** Redirects followed for one output (CDNs use one or two). */
const MAX_OUTPUT_REDIRECTS = 5;
/** Enough of the start of a file to tell PNG, JPEG and WebP apart. */
const SNIFF_BYTES = 12;
const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * An output whose first bytes were checked; the rest arrives through `chunks`. `discard` lets the
 * connection go whether or not the chunks were read to the end (call it when done either way).
 */
export type OpenedOutput = { kind: ImageKind; chunks: AsyncIterable<Buffer>; discard(): void };

export type OpenOutputOptions = {
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** Default MAX_OUTPUT_BYTES. */
  maxBytes?: number;
  /**
   * Called before each chunk is passed on, with its size; throws to stop the download (the
   * job's budget for all its outputs together).
   */
  onBytes?: (bytes: number) => void;
};

function notAnImage(detail: string): AppError {
  return new AppError('bad-response', `An output is not a PNG, JPEG or WebP image (${detail}).`);
}

function tooLarge(maxBytes: number): TooLargeError {
  return new TooLargeError(`An output is larger than ${megabytes(maxBytes)}; refusing to store it.`);
}

/** https anywhere; http only on loopback; nothing else. */
function checkOutputUrl(url: URL): void {
  if (isHttpsOrLoopback(url)) return;
  if (url.protocol === 'http:') {
    throw new AppError('bad-response', `An output URL uses plain http (${url.host}); outputs are only downloaded over https.`);
  }
  throw new AppError('bad-response', 'An output URL is neither https nor a data URI.');
}

/**
 * Opens one output image for streaming: follows up to MAX_OUTPUT_REDIRECTS redirects by hand
 * (each hop checked like the first URL; a relative Location is resolved against the current
 * URL), checks the status, and reads just enough of the body to sniff its type, so text or
 * HTML is refused before anything is written. Outputs live on another host (replicate.delivery)
 * and need no credentials, so this function has no way to send the Authorization header at all.
 */
export async function openOutput(url: string, options: OpenOutputOptions = {}): Promise<OpenedOutput> {
  const maxBytes = options.maxBytes ?? MAX_OUTPUT_BYTES;
  if (url.startsWith('data:image/')) return decodeDataUri(url, maxBytes, options.onBytes);
  let current: URL;
  try {
    current = new URL(url);
  } catch {
    throw new AppError('bad-response', 'An output URL is not a URL.');
  }
  for (let hop = 0; ; hop++) {
    checkOutputUrl(current);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(current, {
        method: 'GET',
        headers: { 'user-agent': 'Redraw' },
        ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        headersTimeout: 30_000,
        bodyTimeout: 60_000,
      });
    } catch (error) {
      if (isAbortError(error)) throw new AppError('canceled', 'Canceled.', { cause: error });
      throw networkErrorFrom(error, current.href);
    }
    const status = response.statusCode;
    if (REDIRECT_STATUSES.has(status)) {
      await response.body.dump().catch(() => undefined);
      const location = header(response.headers, 'location');
      if (!location) throw new AppError('bad-response', `An output download was redirected (HTTP ${status}) to nowhere.`);
      if (hop >= MAX_OUTPUT_REDIRECTS) {
        throw new AppError('bad-response', `An output download was redirected more than ${MAX_OUTPUT_REDIRECTS} times; giving up.`);
      }
      try {
        current = new URL(location, current);
      } catch {
        throw new AppError('bad-response', 'An output download was redirected to something that is not a URL.');
      }
      continue;
    }
    if (status === 404 || status === 410) {
      await response.body.dump().catch(() => undefined);
      throw new AppError('expired', 'The server has already deleted this output (outputs are kept for about an hour).');
    }
    if (status === 401 || status === 403) {
      // No token ever goes to an output host, so this is about the link (a signed URL that
      // expired), not the artist's token: it must not read as "token refused".
      await response.body.dump().catch(() => undefined);
      throw new AppError('bad-response', `The output's host refused the download (HTTP ${status}); its link may have expired.`);
    }
    if (status !== 200) {
      // Only the start of an error page: it is read for a problem+json detail, nothing more.
      const { text } = await readCapped(response.body, {}, MAX_ERROR_ANSWER_BYTES).catch(() => ({ text: '' }));
      throw errorFromResponse(status, response.headers, text, (t) => t);
    }
    const declared = declaredLength(response.headers);
    if (declared !== null && declared > maxBytes) {
      response.body.destroy();
      throw tooLarge(maxBytes);
    }
    return streamBody(response.body, current.href, header(response.headers, 'content-type'), maxBytes, options.onBytes);
  }
}

type Body = Dispatcher.ResponseData['body'];

async function streamBody(
  body: Body,
  url: string,
  contentType: string | undefined,
  maxBytes: number,
  onBytes: ((bytes: number) => void) | undefined,
): Promise<OpenedOutput> {
  const iterator = body[Symbol.asyncIterator]();
  const fail = (error: unknown): never => {
    body.destroy();
    if (error instanceof AppError) throw error;
    if (isAbortError(error)) throw new AppError('canceled', 'Canceled.', { cause: error });
    throw networkErrorFrom(error, url);
  };
  let size = 0;
  const take = (chunk: unknown): Buffer => {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.byteLength;
    if (size > maxBytes) throw tooLarge(maxBytes);
    onBytes?.(buffer.byteLength);
    return buffer;
  };
  // The head is read before anything is written: an HTML page never reaches the library.
  const head: Buffer[] = [];
  let headBytes = 0;
  let ended = false;
  try {
    while (headBytes < SNIFF_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      const buffer = take(next.value);
      head.push(buffer);
      headBytes += buffer.byteLength;
    }
  } catch (error) {
    fail(error);
  }
  const kind = sniffImageKind(Buffer.concat(head));
  if (!kind) {
    body.destroy();
    throw notAnImage(headBytes === 0 ? 'it is empty' : `the server sent ${contentType?.split(';')[0] ?? 'something else'}`);
  }
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      yield* head;
      if (ended) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield take(next.value);
      }
    } catch (error) {
      fail(error);
    } finally {
      body.destroy();
    }
  }
  return { kind, chunks: chunks(), discard: () => body.destroy() };
}

function decodeDataUri(uri: string, maxBytes: number, onBytes: ((bytes: number) => void) | undefined): OpenedOutput {
  const comma = uri.indexOf(',');
  if (comma === -1 || !uri.slice(0, comma).endsWith(';base64')) {
    throw new AppError('bad-response', 'An output data URI is not base64.');
  }
  // Checked on the text first: decoding a huge one would already cost the memory the cap saves.
  if (((uri.length - comma - 1) * 3) / 4 > maxBytes + 3) throw tooLarge(maxBytes);
  const bytes = Buffer.from(uri.slice(comma + 1), 'base64');
  if (bytes.byteLength > maxBytes) throw tooLarge(maxBytes);
  const kind = sniffImageKind(bytes);
  if (!kind) throw notAnImage('an inline data URI');
  onBytes?.(bytes.byteLength);
  async function* chunks(): AsyncGenerator<Buffer> {
    yield bytes;
  }
  return { kind, chunks: chunks(), discard: () => undefined };
}
