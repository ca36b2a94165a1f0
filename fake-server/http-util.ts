import { randomInt } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Handlers build a Reply instead of writing to the response, so the fault layer can still
 * swallow it (reset-after-create) or cut it in half (truncated-json) after the work is done.
 */
export type BufferReply = { kind: 'buffer'; status: number; headers: Record<string, string>; body: Buffer };
/** Long-lived responses (SSE). `preview` is what a truncated-json fault sends half of. */
export type StreamReply = { kind: 'stream'; open: (res: ServerResponse) => void; preview: () => string };
export type Reply = BufferReply | StreamReply;

export function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): BufferReply {
  return {
    kind: 'buffer',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: Buffer.from(JSON.stringify(value)),
  };
}

/**
 * A problem+json style error in Replicate's key order: title (if any), detail, status, extras.
 * Replicate's own errors look exactly like this (see shared/notes/replicate-api.md).
 */
export function problemReply(
  status: number,
  detail: string,
  title?: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): BufferReply {
  const body = { ...(title === undefined ? {} : { title }), detail, status, ...extra };
  return {
    kind: 'buffer',
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

export const notFoundReply = (): BufferReply => problemReply(404, 'The requested resource could not be found.');

export function bytesReply(status: number, body: Buffer, contentType: string): BufferReply {
  return { kind: 'buffer', status, headers: { 'content-type': contentType }, body };
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body exceeds ${limit} bytes`);
  }
}

/**
 * Reads the whole request body, refusing (without buffering it all) anything past `limit`.
 * Uses events rather than `for await`, because leaving that loop early destroys the socket
 * and the client would never see the 413.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        cleanup();
        req.pause(); // the 413 goes out with Connection: close; the rest is never read
        reject(new BodyTooLargeError(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks));
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const onClose = (): void => {
      if (req.complete) return;
      cleanup();
      reject(new Error('request aborted by the client'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** Writes a reply unless the client is already gone. */
export function sendReply(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  if (reply.kind === 'stream') {
    reply.open(res);
    return;
  }
  res.writeHead(reply.status, { ...reply.headers, 'content-length': String(reply.body.length) });
  res.end(reply.body);
}

/**
 * Sends the first half of what the reply would have been, with a matching Content-Length, so
 * the client sees a well-formed 200 response whose body is not valid JSON (a proxy cut it).
 */
export function sendTruncated(res: ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const full = reply.kind === 'buffer' ? reply.body : Buffer.from(reply.preview());
  const half = full.subarray(0, Math.floor(full.length / 2));
  const contentType = reply.kind === 'buffer' ? (reply.headers['content-type'] ?? 'application/json') : 'text/event-stream';
  res.writeHead(200, { 'content-type': contentType, 'content-length': String(half.length) });
  res.end(half);
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** Random lower-case alphanumeric id, like Replicate's prediction and file ids. */
export function randomId(length = 20): string {
  let id = '';
  for (let i = 0; i < length; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return id;
}

/** Lower-case header map with repeated headers joined, for RecordedRequest. */
export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
