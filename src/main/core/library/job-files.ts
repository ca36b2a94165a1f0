import { constants } from 'node:fs';
import { copyFile, link, lstat, mkdir, readdir, realpath, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../../shared/app-error';
import { jobIdSchema, libraryFileNameSchema, MAX_OUTPUT_BYTES, type Job } from '../../../shared/job';
import { syncDirectory, writeFileAtomic } from '../fs/atomic-write';
import { writeStreamAtomic } from '../fs/atomic-stream-write';
import { newJobId } from './job-id';
import { checkLibraryFile, openLibraryFile, readLibraryFile } from './library-file-guard';

const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
/** The largest library image served to the page: an output's limit, with room for its recipe. */
const MAX_MEDIA_BYTES = MAX_OUTPUT_BYTES + 1024 * 1024;
/** The recovery copy of a job's record in its folder (see writeRecordCopy). */
export const RECORD_COPY_FILE = 'job.json';
/** A job's prepared sketch in its folder: what is sent to the model. */
export const INPUT_FILE = 'input.png';

export type JobFiles = Awaited<ReturnType<typeof openJobFiles>>;
type JobFolderContents =
  | { kind: 'missing' }
  | { kind: 'not-a-folder' }
  | { kind: 'folder'; entries: { name: string; isFile: boolean }[] };

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
  // Job folders the app would otherwise have removed, moved here with everything in them.
  const recoveredDir = join(dataDir, 'recovered');
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

  /** Only `drafts/<id>.png` and `jobs/<jobId>/<file>` (never a record) name media; each segment is checked. */
  function mediaPlace(mediaPath: string): { root: string; segments: string[] } | null {
    const draft = /^drafts\/([a-z0-9-]{8,64})\.png$/.exec(mediaPath);
    if (draft?.[1]) return { root: realDraftsDir, segments: [`${draft[1]}.png`] };
    const jobFile = /^jobs\/([a-z0-9-]{8,64})\/([a-z0-9][a-z0-9._-]{0,63})$/.exec(mediaPath);
    if (jobFile?.[1] && jobFile[2] && jobFile[2] !== RECORD_COPY_FILE && !jobFile[2].includes('..')) return { root: realJobsDir, segments: [jobFile[1], jobFile[2]] };
    return null;
  }

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
      const target = join(dir, INPUT_FILE);
      // A link would be linked as a link (or, copied, followed): only a regular file may be shared.
      const source = await lstat(inputPath).catch(() => null);
      if (!source?.isFile()) throw new AppError('invalid-file', 'A sketch for the batch is missing or is not a regular file in the library; choose it again.');
      try {
        await link(inputPath, target);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error;
        await copyFile(inputPath, target, constants.COPYFILE_EXCL);
      }
    },

    /** Makes a job folder's new entries (its outputs, renamed in) durable before the record says they exist. */
    syncJobFolder: (jobId: string) => syncDirectory(jobDir(jobId)),

    /** Makes new job folders' entries durable: one sync of the jobs folder for a whole batch. */
    syncJobsFolder: () => syncDirectory(jobsDir),

    /** An image of a job, written atomically. */
    async writeJobFile(jobId: string, fileName: string, bytes: Uint8Array, options: { syncDirectory?: boolean } = {}): Promise<string> {
      const path = join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
      await writeFileAtomic(path, bytes, { tempDir: tmpDir, syncDirectory: options.syncDirectory ?? false });
      return path;
    },

    /**
     * An image of a job streamed to disk as it arrives (a download), with its temp file in
     * library/tmp and renamed into the job folder only when complete. Returns its size.
     */
    async writeJobFileStream(jobId: string, fileName: string, source: AsyncIterable<Uint8Array>): Promise<number> {
      const path = join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
      return writeStreamAtomic(path, source, { tempDir: tmpDir, syncDirectory: false });
    },

    jobFilePath(jobId: string, fileName: string): string {
      return join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
    },

    /**
     * A job's image, read through the library file guard: never through a link, never from a
     * pipe or device. Refusals are AppErrors worded for the artist (e.g. "output-1.png in the
     * library is a link to a file elsewhere; …").
     */
    readJobFile(jobId: string, fileName: string): Promise<Buffer> {
      return readLibraryFile(realJobsDir, [jobIdSchema.parse(jobId), libraryFileNameSchema.parse(fileName)]);
    },

    /** A job's image opened through the guard, for streaming it somewhere (the caller closes it). */
    openJobFile(jobId: string, fileName: string): Promise<FileHandle> {
      return openLibraryFile(realJobsDir, [jobIdSchema.parse(jobId), libraryFileNameSchema.parse(fileName)]);
    },

    /** The path of a job's image after the guard has passed it (for showing it in its folder). */
    checkedJobFilePath(jobId: string, fileName: string): Promise<string> {
      return checkLibraryFile(realJobsDir, [jobIdSchema.parse(jobId), libraryFileNameSchema.parse(fileName)]);
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

    /**
     * What a job folder holds, without following links, so the caller can tell a folder holding
     * only what the app put there from one holding more (or a link or file in a folder's place).
     */
    async jobFolderContents(jobId: string): Promise<JobFolderContents> {
      const info = await lstat(jobDir(jobId)).catch(() => null);
      if (info === null) return { kind: 'missing' };
      if (!info.isDirectory()) return { kind: 'not-a-folder' };
      const entries = await readdir(jobDir(jobId), { withFileTypes: true });
      return { kind: 'folder', entries: entries.map((entry) => ({ name: entry.name, isFile: entry.isFile() })) };
    },

    /**
     * Moves a job folder, with everything in it, to `<dataDir>/recovered/<jobId>-<time>` and
     * returns where: what the app would otherwise have removed, kept where the artist can find it.
     */
    async recoverJobFolder(jobId: string): Promise<string> {
      const stamp = new Date(clock.now()).toISOString().replace(/[:.]/g, '-');
      const target = join(recoveredDir, `${jobIdSchema.parse(jobId)}-${stamp}`);
      await mkdir(recoveredDir, { recursive: true });
      await rename(jobDir(jobId), target);
      return target;
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

    /** A staged sketch, read through the library file guard. */
    readDraft(inputId: string): Promise<Buffer> {
      return readLibraryFile(realDraftsDir, [`${jobIdSchema.parse(inputId)}.png`], { shown: 'The staged sketch' });
    },

    draftPath(inputId: string): string {
      return join(draftsDir, `${jobIdSchema.parse(inputId)}.png`);
    },

    /** Waits for every pending record copy (used before closing). */
    async flush(): Promise<void> {
      await Promise.allSettled([...recordCopies.values()]);
    },

    /**
     * The bytes of the file a media path from the renderer names (`drafts/<id>.png` or
     * `jobs/<jobId>/<file>`), or null. Only those two shapes are accepted, each segment is
     * checked, and the file is read from the very handle the library file guard checked (a
     * regular file, no link anywhere below the library's folder), so a file swapped for a link
     * after the check is never served.
     */
    async readMediaFile(mediaPath: string): Promise<Buffer | null> {
      const place = mediaPlace(mediaPath);
      return place === null ? null : readLibraryFile(place.root, place.segments, { maxBytes: MAX_MEDIA_BYTES }).catch(() => null);
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
