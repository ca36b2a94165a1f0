import { lstat, mkdir, readdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { jobIdSchema, jobSchema, libraryFileNameSchema, type Job } from '../../../shared/job';
import { TEMP_FILE_PATTERN, writeFileAtomic } from '../fs/atomic-write';
import { newJobId } from './job-id';

const TRASH_PREFIX = '.trash-';
const DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;
const READ_CONCURRENCY = 64;

export type LibraryStore = Awaited<ReturnType<typeof createLibrary>>;

/**
 * The local library: one folder per job under `<dataDir>/library/jobs/<jobId>/` holding
 * job.json (the record), input.png and output-N.png; sketches staged for the next job under
 * `<dataDir>/drafts/`. job.json is the source of truth and every write is atomic, so a crash
 * at any moment leaves each job either as it was or as it became.
 */
export async function createLibrary(dataDir: string, clock: { now(): number }) {
  const jobsDir = join(dataDir, 'library', 'jobs');
  const draftsDir = join(dataDir, 'drafts');
  await mkdir(jobsDir, { recursive: true });
  await mkdir(draftsDir, { recursive: true });
  // Media may only come from these two folders (never settings or token files beside them).
  const realJobsDir = await realpath(jobsDir);
  const realDraftsDir = await realpath(draftsDir);

  const jobs = new Map<string, Job>();
  const writeChains = new Map<string, Promise<void>>();

  await sweep(jobsDir);
  await sweepDrafts(draftsDir, clock.now());
  for (const job of await readAllJobs(jobsDir)) jobs.set(job.id, job);

  const jobDir = (jobId: string): string => join(jobsDir, jobIdSchema.parse(jobId));

  return {
    dataDir,
    jobsDir,
    draftsDir,

    /** Newest first. Ids sort by creation time, so no date parsing is needed. */
    listJobs(): Job[] {
      return [...jobs.values()].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
    },

    getJob(jobId: string): Job | undefined {
      return jobs.get(jobId);
    },

    newJobId: () => newJobId(clock.now()),

    async createJobFolder(jobId: string): Promise<string> {
      const dir = jobDir(jobId);
      await mkdir(dir, { recursive: true });
      return dir;
    },

    /**
     * Persists a job record. Writes for one job are chained so they land in call order:
     * the file always ends up holding the latest state.
     */
    saveJob(job: Job): Promise<void> {
      const record = jobSchema.parse(job);
      jobs.set(record.id, record);
      const previous = writeChains.get(record.id) ?? Promise.resolve();
      const next = previous
        .catch(() => undefined)
        .then(() => (jobs.has(record.id) ? writeFileAtomic(join(jobDir(record.id), 'job.json'), JSON.stringify(record)) : undefined));
      writeChains.set(record.id, next);
      const forget = (): void => {
        if (writeChains.get(record.id) === next) writeChains.delete(record.id);
      };
      // The caller gets `next` and its failure; this bookkeeping branch must not raise it again.
      next.then(forget, forget);
      return next;
    },

    /**
     * Image files of a job. The directory is not synced here: the job.json write that lists
     * the file comes next in the same folder and syncs it, which makes both renames durable.
     */
    /** Updates the record in memory only; the next saveJob writes it (for frequent progress ticks). */
    remember(job: Job): Promise<void> {
      // A tick on the hot path: the record is typed and is parsed when it is next written.
      jobs.set(job.id, job);
      return Promise.resolve();
    },

    async writeJobFile(jobId: string, fileName: string, bytes: Uint8Array): Promise<string> {
      const path = join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
      await writeFileAtomic(path, bytes, { syncDirectory: false });
      return path;
    },

    jobFilePath(jobId: string, fileName: string): string {
      return join(jobDir(jobId), libraryFileNameSchema.parse(fileName));
    },

    /** Moves the folder aside first (one atomic rename), so a crash mid-delete never shows half a job. */
    async deleteJob(jobId: string): Promise<void> {
      const dir = jobDir(jobId);
      await (writeChains.get(jobId) ?? Promise.resolve()).catch(() => undefined);
      jobs.delete(jobId);
      const trash = join(jobsDir, `${TRASH_PREFIX}${jobId}`);
      try {
        await rename(dir, trash);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      await rm(trash, { recursive: true, force: true });
    },

    async saveDraft(png: Uint8Array): Promise<string> {
      const inputId = newJobId(clock.now());
      await writeFileAtomic(join(draftsDir, `${inputId}.png`), png);
      return inputId;
    },

    draftPath(inputId: string): string {
      return join(draftsDir, `${jobIdSchema.parse(inputId)}.png`);
    },

    /** Waits for every pending job write (used before closing). */
    async flush(): Promise<void> {
      await Promise.allSettled([...writeChains.values()]);
    },

    /**
     * Maps a media path from the renderer (`drafts/<id>.png` or `jobs/<jobId>/<file>`) to a file,
     * or null. Only those two shapes are accepted, each segment is checked, and the real path
     * (symlinks resolved) must still be inside the data directory and be a regular file.
     */
    async resolveMediaPath(mediaPath: string): Promise<string | null> {
      const draft = /^drafts\/([a-z0-9-]{8,64})\.png$/.exec(mediaPath);
      const jobFile = /^jobs\/([a-z0-9-]{8,64})\/([a-z0-9][a-z0-9._-]{0,63})$/.exec(mediaPath);
      let candidate: string;
      if (draft?.[1]) candidate = join(draftsDir, `${draft[1]}.png`);
      else if (jobFile?.[1] && jobFile[2] && jobFile[2] !== 'job.json' && !jobFile[2].includes('..')) {
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

async function sweep(jobsDir: string): Promise<void> {
  for (const entry of await readdir(jobsDir, { withFileTypes: true })) {
    if (entry.name.startsWith(TRASH_PREFIX)) {
      await rm(join(jobsDir, entry.name), { recursive: true, force: true });
    } else if (entry.isDirectory()) {
      for (const file of await readdir(join(jobsDir, entry.name))) {
        if (TEMP_FILE_PATTERN.test(file)) await rm(join(jobsDir, entry.name, file), { force: true });
      }
    }
  }
}

async function sweepDrafts(draftsDir: string, now: number): Promise<void> {
  for (const name of await readdir(draftsDir)) {
    const path = join(draftsDir, name);
    if (TEMP_FILE_PATTERN.test(name)) {
      await rm(path, { force: true });
      continue;
    }
    const info = await stat(path).catch(() => null);
    if (info && now - info.mtimeMs > DRAFT_MAX_AGE_MS) await rm(path, { force: true });
  }
}

/** Reads every job.json, a bounded number at a time; a folder without a valid record is skipped. */
async function readAllJobs(jobsDir: string): Promise<Job[]> {
  const names = (await readdir(jobsDir, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory() && jobIdSchema.safeParse(entry.name).success)
    .map((entry) => entry.name);
  const jobs: Job[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < names.length) {
      const name = names[next++];
      if (name === undefined) break;
      try {
        const parsed = jobSchema.safeParse(JSON.parse(await readFile(join(jobsDir, name, 'job.json'), 'utf8')));
        if (parsed.success && parsed.data.id === name) jobs.push(parsed.data);
      } catch (error) {
        // No record: a crash between creating the folder and writing its first record. Nothing
        // was sent for it and nothing refers to it, so the folder goes.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') await rm(join(jobsDir, name), { recursive: true, force: true });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, names.length) }, worker));
  return jobs;
}
