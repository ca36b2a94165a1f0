import { AppError } from '../../../shared/app-error';
import type { RunContext } from './run-context';

/** Replicate accepts data URIs up to about 256 KB; larger inputs go through the Files API. */
export const DATA_URI_LIMIT_BYTES = 256 * 1024;

/**
 * Returns the value for `input.image`: a data URI for small images; an uploaded file's URL for
 * larger ones, falling back to a data URI when the endpoint has no Files API (some resellers).
 */
export async function sendInput(ctx: RunContext): Promise<{ image: string; transport: 'data-uri' | 'file-upload' }> {
  const job = ctx.job();
  // Through the library file guard: a link in the sketch's place must never send another file.
  const png = await ctx.files.readJobFile(job.id, job.input.file);
  const dataUri = (): string => `data:image/png;base64,${png.toString('base64')}`;
  if (png.byteLength <= DATA_URI_LIMIT_BYTES || ctx.noFilesApi.has(ctx.client.baseUrl)) {
    return { image: dataUri(), transport: 'data-uri' };
  }
  await ctx.update({ status: 'uploading' });
  try {
    const url = await ctx.client.uploadFile(png, `${job.id}.png`, 'image/png', ctx.signal);
    return { image: url, transport: 'file-upload' };
  } catch (error) {
    if (error instanceof AppError && (error.code === 'not-found' || error.code === 'invalid-request')) {
      ctx.noFilesApi.add(ctx.client.baseUrl);
      return { image: dataUri(), transport: 'data-uri' };
    }
    throw error;
  }
}
