import { request, type Dispatcher } from 'undici';
import { AppError } from '../../../shared/app-error';
import { sniffImageKind, type ImageKind } from '../image/prepare-input';
import { errorFromResponse, isAbortError, networkErrorFrom } from './api-errors';

export const MAX_OUTPUT_BYTES = 100 * 1024 * 1024;

/**
 * Fetches one output image. Outputs live on another host (replicate.delivery) and need no
 * credentials, so this function has no way to send the Authorization header at all.
 */
export async function downloadOutput(
  url: string,
  options: { dispatcher?: Dispatcher; signal?: AbortSignal } = {},
): Promise<{ bytes: Buffer; kind: ImageKind }> {
  if (url.startsWith('data:image/')) return decodeDataUri(url);
  if (!/^https?:\/\//.test(url)) throw new AppError('bad-response', 'An output URL is neither http(s) nor a data URI.');
  let response: Dispatcher.ResponseData;
  try {
    response = await request(url, {
      method: 'GET',
      headers: { 'user-agent': 'Redraw' },
      // undici's request() never follows redirects, so a redirect cannot carry us elsewhere.
      ...(options.dispatcher ? { dispatcher: options.dispatcher } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      headersTimeout: 30_000,
      bodyTimeout: 60_000,
    });
  } catch (error) {
    if (isAbortError(error)) throw new AppError('canceled', 'Canceled.', { cause: error });
    throw networkErrorFrom(error, url);
  }
  if (response.statusCode === 404 || response.statusCode === 410) {
    await response.body.dump();
    throw new AppError('expired', 'The server has already deleted this output (outputs are kept for about an hour).');
  }
  if (response.statusCode !== 200) {
    const text = await response.body.text().catch(() => '');
    throw errorFromResponse(response.statusCode, response.headers, text, (t) => t);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
      size += buffer.byteLength;
      if (size > MAX_OUTPUT_BYTES) {
        response.body.destroy();
        throw new AppError('bad-response', 'An output is larger than 100 MB; refusing to store it.');
      }
      chunks.push(buffer);
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (isAbortError(error)) throw new AppError('canceled', 'Canceled.', { cause: error });
    throw networkErrorFrom(error, url);
  }
  const bytes = Buffer.concat(chunks);
  return { bytes, kind: requireImage(bytes) };
}

function requireImage(bytes: Buffer): ImageKind {
  const kind = sniffImageKind(bytes);
  if (!kind) throw new AppError('bad-response', 'An output is not a PNG, JPEG or WebP image.');
  return kind;
}

function decodeDataUri(uri: string): { bytes: Buffer; kind: ImageKind } {
  const comma = uri.indexOf(',');
  if (comma === -1 || !uri.slice(0, comma).endsWith(';base64')) {
    throw new AppError('bad-response', 'An output data URI is not base64.');
  }
  const bytes = Buffer.from(uri.slice(comma + 1), 'base64');
  return { bytes, kind: requireImage(bytes) };
}
