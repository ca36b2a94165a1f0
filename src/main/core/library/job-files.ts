import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, realpath, rename, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { jobIdSchema, libraryFileNameSchema, type Job } from '../../../shared/job';
import { syncDirectory, writeFileAtomic } from '../fs/atomic-write';
import { newJobId } from './job-id';

const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** The recovery copy of a job's record in its folder (see writeRecordCopy). */
export const RECORD_COPY_FILE = 'job.json';

export type JobFiles = Awaited<ReturnType<typeof openJobFiles>>;

/**
 * The library's files: one folder per job under `<dataDir>/library/jobs/<jobId>/` with the
 * prepared input, the outputs, their thumbnails and a recovery copy of the record; sketches
 * staged for the next job under `<dataDir>/drafts/`. Every write is atomic, with its temp file
 * in `library/tmp/`; deleted folders pass through `library/trash/`. Both are emptied on open,
 * so a crash at any moment leaves nothing half-written where the library looks.
 */
export async function openJobFiles(dataDir: string, clock: { now(): number }) {
  const libraryDir = join(dataDir, 'library');
  const jobsDir = join(libraryDir, 'jobs');
  const tmpDir = join(libraryDir, 'tmp');
  const trashDir = join(libraryDir, 'trash');
  const draftsDir = join(dataDir, 'drafts');
  for (const dir of [jobsDir, draftsDir]) await mkdir(dir, { recursive: true });
  // Leftovers of a crash: half-written files and half-deleted folders.
  for (const dir of [tmpDir, trashDir]) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
  }
  await sweepOldDrafts(draftsDir, clock.now());
  // Media may only come from these two folders (never settings or token files beside them).
  const realJobsDir = await realpath(jobsDir);
  const realDraftsDir = await realpath(draftsDir);

  const jobDir = (jobId: string): string => join(jobsDir, jobIdSchema.parse(jobId));
  const recordCopies = new Map<string, Promise<void>>();

  return {
    dataDir,
    libraryDir,
    jobsDir,
    draftsDir,

    newJobId: () => newJobId(clock.now()),

    async createJobFolder(jobId: string): Promise<string> {
      const dir = jobDir(jobId);
      await mkdir(dir, { recursive: true });
      return dir;
    },

    /**
     * A new job folder whose input is an image already in the library (a batch's jobs share
     * their sketch): hard-linked, so 500 jobs cost 500 directory entries, not 500 copies. Where
     * links are refused (another volume, a file system without them) the bytes are copied.
     */
    async createJobFolderWithInput(jobId: string, inputPath: string): Promise<void> {
      const dir = jobDir(jobId);
      await mkdir(dir);
      const target = join(dir, 'input.png');
      try {
        await link(inputPath, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
        await copyFile(inputPath, target, constants.COPYFILE_EXCL);
      }
    },

    /** Makes new job folders' entries durable: one sync of the jobs folder for a whole batch. */
    syncJobsFolder: () => syncDirectory(jobsDir),

    /** An image of a job, written atomically. */
    async writeJobFile(jobId: string, fileName: string, bytes: Uint8Array, options: { syncDirectory?: boolean } = {}): Promise<string> {
      const path = join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
      await writeFileAtomic(path, bytes, { tempDir: tmpDir, syncDirectory: options.syncDirectory ?? false });
      return path;
    },

    jobFilePath(jobId: string, fileName: string): string {
      return join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
    },

    /**
     * Keeps a copy of a finished job's record in its folder. The catalog is the truth; these
     * copies let it be rebuilt from the folders alone if it is ever lost (README: "Rebuilding
     * the catalog"). Written in the background, one at a time per job, the last one winning.
     */
    writeRecordCopy(job: Job): Promise<void> {
      const previous = recordCopies.get(job.id) ?? Promise.resolve();
      const next = previous
        .catch(() => undefined)
        .then(() => writeFileAtomic(join(jobDir(job.id), RECORD_COPY_FILE), JSON.stringify(job), { tempDir: tmpDir }))
        .catch((error: unknown) => {
          // A folder deleted meanwhile has nothing to keep a copy for.
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        });
      recordCopies.set(job.id, next);
      const forget = (): void => {
        if (recordCopies.get(job.id) === next) recordCopies.delete(job.id);
      };
      next.then(forget, forget);
      return next;
    },

    /** Moves the folder aside first (one atomic rename), so a crash mid-delete never shows half a job. */
    async deleteJobFolder(jobId: string): Promise<void> {
      await (recordCopies.get(jobId) ?? Promise.resolve()).catch(() => undefined);
      const trash = join(trashDir, jobIdSchema.parse(jobId));
      try {
        await rename(jobDir(jobId), trash);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      await rm(trash, { recursive: true, force: true });
    },

    /** Names of the job folders on disk (for the import and the check for folders without a record). */
    async listJobFolders(): Promise<string[]> {
      const entries = await readdir(jobsDir, { withFileTypes: true });
      return entries.filter((entry) => entry.isDirectory() && jobIdSchema.safeParse(entry.name).success).map((entry) => entry.name);
    },

    async saveDraft(png: Uint8Array): Promise<string> {
      const inputId = newJobId(clock.now());
      await writeFileAtomic(join(draftsDir, `${inputId}.png`), png, { tempDir: tmpDir });
      return inputId;
    },

    draftPath(inputId: string): string {
      return join(draftsDir, `${jobIdSchema.parse(inputId)}.png`);
    },

    /** Waits for every pending record copy (used before closing). */
    async flush(): Promise<void> {
      await Promise.allSettled([...recordCopies.values()]);
    },

    /**
     * Maps a media path from the renderer (`drafts/<id>.png` or `jobs/<jobId>/<file>`) to a file,
     * or null. Only those two shapes are accepted, each segment is checked, and the real path
     * (symlinks resolved) must still be inside its folder and be a regular file.
     */
    async resolveMediaPath(mediaPath: string): Promise<string | null> {
      const draft = /^drafts\/([a-z0-9-]{8,64})\.png$/.exec(mediaPath);
      const jobFile = /^jobs\/([a-z0-9-]{8,64})\/([a-z0-9][a-z0-9._-]{0,63})$/.exec(mediaPath);
      let candidate: string;
      if (draft?.[1]) candidate = join(draftsDir, `${draft[1]}.png`);
      else if (jobFile?.[1] && jobFile[2] && jobFile[2] !== RECORD_COPY_FILE && !jobFile[2].includes('..')) {
        candidate = join(jobsDir, jobFile[1], jobFile[2]);
      } else return null;
      try {
        const link = await lstat(candidate);
        if (!link.isFile()) return null;
        const real = await realpath(candidate);
        const root = draft ? realDraftsDir : realJobsDir;
        if (!real.startsWith(root + sep)) return null;
        return real;
      } catch {
        return null;
      }
    },
  };
}

async function sweepOldDrafts(draftsDir: string, now: number): Promise<void> {
  for (const name of await readdir(draftsDir)) {
    const path = join(draftsDir, name);
    const info = await stat(path).catch(() => null);
    // Temp files from before they moved to library/tmp, and drafts nobody used for a week.
    if (info && (name.startsWith('.') || now - info.mtimeMs > DRAFT_MAX_AGE_MS)) await rm(path, { force: true });
  }
}
