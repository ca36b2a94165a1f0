import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import type { JobOutput } from '../../../shared/job';
import { downloadOutput } from '../api/download-output';
import { isTransient } from './follow-prediction';
import type { RunContext } from './run-context';
import { backoffMs, sleep } from './sleep';

const DOWNLOAD_ATTEMPTS = 6;

async function downloadWithRetries(ctx: RunContext, url: string) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await downloadOutput(url, { ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}), signal: ctx.signal });
    } catch (error) {
      if (!isTransient(error) || attempt + 1 >= DOWNLOAD_ATTEMPTS) throw error;
      await sleep(backoffMs(attempt, 200, 5_000), ctx.signal);
    }
  }
}

/**
 * Downloads every output into the job's folder, all at once, as soon as they are known:
 * the server deletes them about an hour later. Each file is written atomically; the record
 * lists an output only once its file is complete.
 */
export async function storeOutputs(ctx: RunContext, urls: string[]): Promise<JobOutput[]> {
  if (urls.length === 0) throw new AppError('bad-response', 'The prediction succeeded but returned no images.');
  // Written without waiting: the downloads start now, and the record still lands before the final one.
  // Inline (base64) outputs are not worth keeping as "URLs": they would bloat every record and event.
  const fetchable = urls.filter((url) => !url.startsWith('data:'));
  await ctx.update({ status: 'downloading', pendingOutputUrls: fetchable });
  const outputs = await Promise.all(
    urls.map(async (url, index): Promise<JobOutput> => {
      const { bytes, kind } = await downloadWithRetries(ctx, url);
      const file = `output-${index + 1}.${kind === 'jpeg' ? 'jpg' : kind}`;
      // The size is read from the header only (no decode): the viewer and cards lay out with it.
      const [size] = await Promise.all([
        sharp(bytes).metadata().then(
          (meta) => ({ width: meta.width || null, height: meta.height || null }),
          () => ({ width: null, height: null }),
        ),
        ctx.files.writeJobFile(ctx.jobId, file, bytes),
      ]);
      return { file, bytes: bytes.byteLength, ...size, sourceUrl: url.startsWith('data:') ? 'inline image (data URI)' : url };
    }),
  );
  return outputs;
}
