import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import { MAX_OUTPUTS_PER_JOB, type JobOutput } from '../../../shared/job';
import { megabytes, NetworkError, TooLargeError } from '../api/api-errors';
import { openOutput } from '../api/download-output';
import { mapPooled } from '../async/map-pooled';
import { sketchKeyOf } from '../handlers/input-handlers';
import type { TextEntry } from '../recipes/png-chunks';
import { withTextChunksStreamed, type PngSize } from '../recipes/png-stream-stamp';
import { recipeChunks } from '../recipes/read-recipe';
import type { RunContext } from './run-context';
import type { RunLimits } from './run-limits';
import { backoffMs, sleep } from './sleep';

const DOWNLOAD_ATTEMPTS = 6;

/**
 * Only what may pass by itself is tried again: the network, a failing server. An output that is
 * not an image or is too large will be the same on the next try.
 */
function worthRetrying(error: unknown): boolean {
  return error instanceof NetworkError || (error instanceof AppError && error.code === 'server-error');
}

/** What all of a job's outputs may take together; each attempt gives back what it took if it fails. */
function createBudget(maxBytes: number) {
  let used = 0;
  return {
    attempt() {
      let taken = 0;
      return {
        take(bytes: number): void {
          if (used + bytes > maxBytes) {
            throw new TooLargeError(`The outputs of this job are larger than ${megabytes(maxBytes)} together; refusing to store them.`);
          }
          used += bytes;
          taken += bytes;
        },
        giveBack(): void {
          used -= taken;
          taken = 0;
        },
      };
    },
  };
}

type Budget = ReturnType<typeof createBudget>;

/** The recipe chunks for an output of this size, or null when the job's sketch cannot be read to name it. */
type Stamp = ((size: PngSize | null) => readonly TextEntry[]) | null;

/**
 * Every PNG output carries its recipe (README: "Recipes in the images"): A1111's `parameters`
 * and Redraw's `redraw:recipe`, put in as the file streams to disk, before its image data, which
 * stays byte for byte as downloaded. Read when the download starts: by then the job knows its
 * prediction and the seed its log named.
 */
async function recipeStamp(ctx: RunContext): Promise<Stamp> {
  const job = ctx.job();
  try {
    const inputSha256 = sketchKeyOf(await ctx.files.readJobFile(job.id, job.input.file));
    return (size) => {
      try {
        return recipeChunks(ctx.job(), inputSha256, size);
      } catch {
        // A recipe that cannot be written (a field past the recipe's limits) must not cost the
        // artist the image: it is stored as it came.
        return [];
      }
    };
  } catch {
    // A sketch that cannot be read (moved aside, refused by the guard) leaves the outputs as they came.
    return null;
  }
}

async function storeOne(ctx: RunContext, url: string, index: number, limits: RunLimits, budget: Budget, signal: AbortSignal, stamp: Stamp): Promise<JobOutput> {
  for (let attempt = 0; ; attempt++) {
    const spent = budget.attempt();
    const deadline = AbortSignal.timeout(limits.outputDeadlineMs);
    try {
      const opened = await openOutput(url, {
        ...(ctx.dispatcher ? { dispatcher: ctx.dispatcher } : {}),
        signal: AbortSignal.any([signal, deadline]),
        maxBytes: limits.maxOutputBytes,
        onBytes: (bytes) => spent.take(bytes),
      });
      const file = `output-${index + 1}.${opened.kind === 'jpeg' ? 'jpg' : opened.kind}`;
      let bytes: number;
      try {
        const source = opened.kind === 'png' && stamp !== null ? withTextChunksStreamed(opened.chunks, stamp) : opened.chunks;
        bytes = await ctx.files.writeJobFileStream(ctx.jobId, file, source);
      } finally {
        opened.discard();
      }
      // The size is read from the header only (no decode): the viewer and cards lay out with it.
      const size = await sharp(ctx.files.jobFilePath(ctx.jobId, file)).metadata().then(
        (meta) => ({ width: meta.width || null, height: meta.height || null }),
        () => ({ width: null, height: null }),
      );
      return { file, bytes, ...size, sourceUrl: url.startsWith('data:') ? 'inline image (data URI)' : url };
    } catch (error) {
      spent.giveBack();
      if (deadline.aborted && !signal.aborted) {
        // Not retried: the same host would take as long again.
        const ms = limits.outputDeadlineMs;
        const took = ms >= 60_000 ? `${Math.round(ms / 60_000)} minutes` : `${(ms / 1000).toFixed(1)} s`;
        throw new AppError('bad-response', `An output took longer than ${took} to download; giving up on it.`);
      }
      if (!worthRetrying(error) || attempt + 1 >= DOWNLOAD_ATTEMPTS) throw error;
      await sleep(backoffMs(attempt, 200, 5_000), signal);
    }
  }
}

/**
 * Downloads the outputs into the job's folder as soon as they are known (the server deletes
 * them about an hour later), `outputConcurrency` at a time, each streamed to a temp file and
 * renamed into place when complete; the record lists an output only once its file is whole.
 * One output that fails stops the others: the job fails with that output's reason.
 *
 * A job keeps at most MAX_OUTPUTS_PER_JOB outputs (the library and the media protocol address
 * them by an index below that). A prediction returning more keeps the first ones, and
 * `dropped` says how many were left, so the job's log can say so: failing a paid prediction
 * that did produce images would throw those away too.
 */
export async function storeOutputs(
  ctx: RunContext,
  allUrls: string[],
  limits: RunLimits,
): Promise<{ outputs: JobOutput[]; dropped: number }> {
  if (allUrls.length === 0) throw new AppError('bad-response', 'The prediction succeeded but returned no images.');
  const urls = allUrls.slice(0, MAX_OUTPUTS_PER_JOB);
  // Inline (base64) outputs are not worth keeping as "URLs": they would bloat every record and event.
  const fetchable = urls.filter((url) => !url.startsWith('data:'));
  await ctx.update({ status: 'downloading', pendingOutputUrls: fetchable });

  const stop = new AbortController();
  const signal = AbortSignal.any([ctx.signal, stop.signal]);
  const budget = createBudget(limits.maxJobOutputBytes);
  const stamp = await recipeStamp(ctx);
  // The first failure is the reason; it stops the other downloads.
  const outputs = await mapPooled(urls, limits.outputConcurrency, (url, index) => storeOne(ctx, url, index, limits, budget, signal, stamp), () => stop.abort());
  // Each output was renamed in without a sync of its folder; one sync now, before the record
  // lists them, so a power cut cannot leave a record naming an image the disk never kept.
  await ctx.files.syncJobFolder(ctx.jobId);
  return { outputs, dropped: allUrls.length - urls.length };
}
