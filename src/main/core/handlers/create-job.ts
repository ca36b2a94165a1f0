import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import type { Job, JobOrigin, JobWatch } from '../../../shared/job';
import { freshRun } from '../jobs/fresh-run';
import { LibraryFileRefused } from '../library/library-file-guard';
import type { CoreContext } from './core-context';
import { sketchKeyOf } from './input-handlers';
import { requireToken } from './require-token';

export type NewJobSource = { sourceName: string; origin: JobOrigin; sketchKey: string | null };

/**
 * A new job from a prepared image, written to the catalog and queued: Generate, Run again and
 * each revision of a watched file all come through here.
 */
export async function createJobFromImage(
  ctx: CoreContext,
  readInput: () => Promise<Buffer>,
  from: NewJobSource,
  params: Job['params'],
  watch: JobWatch | null = null,
): Promise<Job> {
  const { store, files } = ctx.library;
  await requireToken(ctx);
  // Read through the library file guard: a link or a pipe in the sketch's place is refused, worded.
  const png = await readInput().catch((error: unknown) => {
    if (error instanceof LibraryFileRefused && error.reason !== 'missing') throw error;
    throw new AppError('invalid-file', 'The input image is gone; choose it again.');
  });
  // Drafts and job inputs are prepared already: copy the bytes, read only the size.
  const { width, height } = await sharp(png).metadata();
  if (!width || !height) throw new AppError('invalid-file', 'The input image cannot be read; choose it again.');
  const id = files.newJobId();
  await files.createJobFolder(id);
  await files.writeJobFile(id, 'input.png', png, { syncDirectory: true });
  const now = new Date(ctx.clock.now()).toISOString();
  const current = ctx.currentSettings();
  const job = store.create({
    ...freshRun(now),
    id,
    params,
    seedUsed: params.seed,
    modelVersion: current.modelVersion,
    apiBaseUrl: current.apiBaseUrl,
    input: { file: 'input.png', width, height, bytes: png.byteLength, sourceName: from.sourceName },
    updatedAt: now,
    favourite: false,
    rating: 0,
    origin: from.origin,
    sketchKey: from.sketchKey ?? sketchKeyOf(png),
    batch: null,
    watch,
  });
  ctx.engine.enqueue(id);
  return job;
}
