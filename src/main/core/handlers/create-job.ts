import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import type { Job, JobOrigin, JobWatch } from '../../../shared/job';
import { freshRun } from '../jobs/fresh-run';
import { INPUT_FILE } from '../library/job-files';
import { LibraryFileRefused } from '../library/library-file-guard';
import type { CoreContext } from './core-context';
import { sketchKeyOf } from './input-handlers';
import { requireToken } from './require-token';

type NewJobSource = { sourceName: string; origin: JobOrigin; sketchKey: string | null };

/**
 * A prepared sketch already in the library, read through the library file guard (a link or a
 * pipe in its place is refused with its reason) and its size read from the header, not decoded.
 * `words` say what the artist must do when it is gone or unreadable.
 */
export async function readPreparedSketch(
  read: () => Promise<Buffer>,
  words: { gone: string; unreadable: string },
): Promise<{ png: Buffer; width: number; height: number }> {
  const png = await read().catch((error: unknown) => {
    if (error instanceof LibraryFileRefused && error.reason !== 'missing') throw error;
    throw new AppError('invalid-file', words.gone);
  });
  const { width, height } = await sharp(png).metadata();
  if (!width || !height) throw new AppError('invalid-file', words.unreadable);
  return { png, width, height };
}

/** A job's record as it is made, before it ever runs: the one shape every way of making jobs fills. */
export function newJobRecord(fields: Pick<Job, 'id' | 'params' | 'modelVersion' | 'apiBaseUrl' | 'input' | 'origin' | 'sketchKey' | 'batch' | 'watch'>, now: string): Job {
  return { ...freshRun(now), ...fields, seedUsed: fields.params.seed, updatedAt: now, favourite: false, rating: 0 };
}

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
  // Drafts and job inputs are prepared already: copy the bytes, read only the size.
  const { png, width, height } = await readPreparedSketch(readInput, {
    gone: 'The input image is gone; choose it again.',
    unreadable: 'The input image cannot be read; choose it again.',
  });
  const id = files.newJobId();
  await files.createJobFolder(id);
  await files.writeJobFile(id, INPUT_FILE, png, { syncDirectory: true });
  const now = new Date(ctx.clock.now()).toISOString();
  const current = ctx.currentSettings();
  const job = store.create(
    newJobRecord(
      {
        id,
        params,
        modelVersion: current.modelVersion,
        apiBaseUrl: current.apiBaseUrl,
        input: { file: INPUT_FILE, width, height, bytes: png.byteLength, sourceName: from.sourceName },
        origin: from.origin,
        sketchKey: from.sketchKey ?? sketchKeyOf(png),
        batch: null,
        watch,
      },
      now,
    ),
  );
  ctx.engine.enqueue(id);
  return job;
}
