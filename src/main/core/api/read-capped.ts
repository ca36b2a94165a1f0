import { header, megabytes, TooLargeError, type HeaderBag } from './api-errors';

/** How much of an error answer is read: enough for a problem+json detail, never a whole page. */
export const MAX_ERROR_ANSWER_BYTES = 64 * 1024;

/** A body as undici hands it over: chunks as they arrive, and a way to stop reading. */
type Body = AsyncIterable<Uint8Array> & { destroy(): unknown };

/** The body size a response declares (Content-Length), or null when it declares none that reads. */
export function declaredLength(headers: HeaderBag): number | null {
  const raw = header(headers, 'content-length');
  const value = Number(raw);
  return raw !== undefined && Number.isFinite(value) && value >= 0 ? value : null;
}

/**
 * Reads a body up to `maxBytes`, streamed: a larger one is cut off as soon as it passes the cap
 * (or before reading at all when its Content-Length says so), never buffered first.
 * `complete: false` means the text holds only the first `maxBytes`.
 */
export async function readCapped(body: Body, headers: HeaderBag, maxBytes: number): Promise<{ text: string; complete: boolean }> {
  const declared = declaredLength(headers);
  if (declared !== null && declared > maxBytes) {
    body.destroy();
    return { text: '', complete: false };
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
    if (size + buffer.byteLength > maxBytes) {
      chunks.push(buffer.subarray(0, maxBytes - size));
      body.destroy();
      return { text: Buffer.concat(chunks).toString('utf8'), complete: false };
    }
    size += buffer.byteLength;
    chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), complete: true };
}

export function answerTooLarge(maxBytes: number): TooLargeError {
  return new TooLargeError(
    `The server sent an answer larger than ${megabytes(maxBytes)} (huge logs or inline images?); Redraw does not read answers that large.`,
  );
}
