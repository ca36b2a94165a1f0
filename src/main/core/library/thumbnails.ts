import { lstat } from 'node:fs/promises';
import sharp from 'sharp';
import { thumbnailFileName, type Job } from '../../../shared/job';
import type { JobFiles } from './job-files';

/** Long side of a gallery thumbnail: sharp on a 2x screen for cards up to ~190 px wide. */
export const THUMBNAIL_LONG_SIDE = 384;
/** Thumbnails are made two at a time: enough to keep up, without starving the engine's image work. */
const CONCURRENCY = 2;

export type Thumbnails = ReturnType<typeof createThumbnails>;

/**
 * Small WebP previews of a job's images, made once when its outputs are stored (and, for images
 * from before thumbnails existed, the first time the gallery asks). sharp does the work on
 * libuv's thread pool, so main's event loop only waits for the file writes.
 */
export function createThumbnails(files: JobFiles) {
  const inFlight = new Map<string, Promise<string | null>>();
  const waiting: (() => void)[] = [];
  let active = 0;

  async function slot<T>(work: () => Promise<T>): Promise<T> {
    if (active >= CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
    active++;
    try {
      return await work();
    } finally {
      active--;
      waiting.shift()?.();
    }
  }

  async function make(jobId: string, sourceFile: string): Promise<string | null> {
    const target = files.jobFilePath(jobId, thumbnailFileName(sourceFile));
    // A link or a pipe where the thumbnail should be is not one: a real one is written over it.
    if (await lstat(target).then((info) => info.isFile(), () => false)) return target;
    return slot(async () => {
      try {
        // Read through the library's guard: sharp given the path would follow a link out of
        // the library, and opening a FIFO would hold one of libuv's few threads forever.
        const source = await files.readJobFile(jobId, sourceFile);
        const webp = await sharp(source, { limitInputPixels: 100_000_000 })
          .resize({ width: THUMBNAIL_LONG_SIDE, height: THUMBNAIL_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
          .webp({ quality: 78 })
          .toBuffer();
        await files.writeJobFile(jobId, thumbnailFileName(sourceFile), webp);
        return target;
      } catch {
        // A missing, refused or undecodable image has no thumbnail; the gallery shows its placeholder.
        return null;
      }
    });
  }

  return {
    /** The thumbnail of one of a job's images, made now if it does not exist yet; null if it cannot be. */
    ensure(jobId: string, sourceFile: string): Promise<string | null> {
      const key = `${jobId}/${sourceFile}`;
      const existing = inFlight.get(key);
      if (existing) return existing;
      const made = make(jobId, sourceFile).finally(() => inFlight.delete(key));
      inFlight.set(key, made);
      return made;
    },

    /** Starts making every thumbnail of a finished job, without waiting for them. */
    makeFor(job: Job): void {
      for (const file of [job.input.file, ...job.outputs.map((output) => output.file)]) {
        void this.ensure(job.id, file);
      }
    },

    /** Waits for thumbnails being made (before closing). */
    async settle(): Promise<void> {
      await Promise.allSettled([...inFlight.values()]);
    },
  };
}
