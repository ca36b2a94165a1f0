import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../shared/app-error';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { mayBeOnServer, type Job } from '../../../shared/job';
import type { GenerationParams } from '../../../shared/model-input';
import type { WatchState } from '../../../shared/watch';
import { watchView, type WatchRecord, type WatchRecords } from '../catalog/watch-records';
import type { CoreContext } from '../handlers/core-context';
import { createJobFromImage } from '../handlers/create-job';
import { sketchKeyOf } from '../handlers/input-handlers';
import { requireJob } from '../handlers/require-job';
import { requireToken } from '../handlers/require-token';
import { oneAtATime, type OneAtATime } from '../image/one-at-a-time';
import { prepareInputImage, type PreparedImage } from '../image/prepare-input';
import { newJobId } from '../library/job-id';
import { watchFileInFolder, type FileWatcher } from './file-watcher';

/** Quiet time after a save before the file is read: an editor's save is a burst of writes and a rename. */
export const WATCH_DEBOUNCE_MS = 800;
/** The most revisions a job's details list (the newest). */
const REVISIONS_SHOWN = 200;

export type SketchWatchesDeps = {
  ctx: CoreContext;
  records: WatchRecords;
  debounceMs: number;
  /** Every watch as it is now, after any change (the page's only source of watch state). */
  onChanged(watches: WatchState[]): void;
};

/** Why the file is looked at: a settled save, the app starting (it may have changed meanwhile), or Resume. */
type CheckReason = 'save' | 'app-start' | 'resume';

type Live = {
  record: WatchRecord;
  watcher: FileWatcher | null;
  /** Checks of this watch run one after another, so revisions are numbered in the order of saves (a failed one never blocks the next). */
  turn: OneAtATime;
};

const missingMessage = (name: string): string => `${name} was moved or deleted; watching is paused`;

/** A recipe job's parameters with the seed it actually used, so every revision is drawn the same way. */
function recipeOf(job: Job): GenerationParams {
  return { ...job.params, seed: job.seedUsed ?? job.params.seed };
}

/**
 * Sketch files the artist keeps editing in their drawing app: each save that changes the
 * prepared image queues a run (a revision) with the watch's recipe. The prepared image's hash
 * decides, not the file's bytes or time: an editor that re-saves the same drawing (new
 * metadata, a new timestamp) queues nothing. A revision not yet sent when the next one comes
 * is canceled: only the newest drawing is worth paying for. Watches are kept in the catalog
 * and resume at start; a file that is gone pauses its watch until the artist resumes it.
 */
export function createSketchWatches(deps: SketchWatchesDeps) {
  const { ctx, records } = deps;
  const { store } = ctx.library;
  const live = new Map<string, Live>();
  let closed = false;

  const now = (): string => new Date(ctx.clock.now()).toISOString();
  const list = (): WatchState[] => [...live.values()].map((entry) => watchView(entry.record));
  const changed = (): void => deps.onChanged(list());

  function save(entry: Live, change: Partial<WatchRecord>): void {
    entry.record = { ...entry.record, ...change };
    records.save(entry.record);
    changed();
  }

  function requireWatch(watchId: string): Live {
    const entry = live.get(watchId);
    if (!entry) throw new AppError('not-found', 'That file is no longer watched.');
    return entry;
  }

  function disarm(entry: Live): void {
    entry.watcher?.close();
    entry.watcher = null;
  }

  function pause(entry: Live, message: string): void {
    disarm(entry);
    save(entry, { state: 'paused', message, lastCheckedAt: now() });
  }

  /** Starts following the file's folder; false (and paused, saying why) when the OS refuses. */
  function arm(entry: Live): boolean {
    disarm(entry);
    const name = entry.record.fileName;
    try {
      entry.watcher = watchFileInFolder(entry.record.path, {
        debounceMs: deps.debounceMs,
        onSettled: () => void check(entry, 'save'),
        onBroken: (error) => {
          entry.watcher = null;
          // A folder that went is the usual cause: say so plainly when the file went with it.
          // Unless it was stopped meanwhile: a pause saved now would bring a stopped watch back.
          const pauseIfLive = (message: string): void => {
            if (!closed && live.get(entry.record.id) === entry) pause(entry, message);
          };
          void stat(entry.record.path).then(
            () => pauseIfLive(`Redraw can no longer watch ${name} (${error.message}); watching is paused`),
            () => pauseIfLive(missingMessage(name)),
          );
        },
      });
      return true;
    } catch (error) {
      const gone = error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR');
      pause(entry, gone ? missingMessage(name) : `Redraw cannot watch ${name} (${error instanceof Error ? error.message : String(error)}); watching is paused`);
      return false;
    }
  }

  /** Reads and prepares the file as a new job would get it: one decode at a time, the import's limits. */
  async function prepare(path: string, name: string): Promise<PreparedImage> {
    // Read before taking the import's turn: a file on a stalled network share (or a pipe put in
    // its place) must not hold up every other import while it does not answer.
    const bytes = await readWatchedFile(path, name);
    return ctx.oneImport(async () => prepareInputImage(bytes, name));
  }

  /** The runs of this watch still waiting in the queue, never sent: a newer drawing replaces them. */
  function waitingRuns(watchId: string, except: string): Job[] {
    return store
      .unfinished()
      .filter((job) => job.watch?.watchId === watchId && job.id !== except && job.status === 'queued' && !mayBeOnServer(job));
  }

  /** Queues the next revision of the file with the watch's recipe; the one still waiting is canceled. */
  async function queueRevision(entry: Live, prepared: PreparedImage, key: string, seen: { lastSize: number; lastMtimeMs: number }): Promise<Job> {
    const { record } = entry;
    const revision = record.revisions + 1;
    const job = await createJobFromImage(
      ctx,
      async () => prepared.png,
      { sourceName: record.fileName, origin: { kind: 'file' }, sketchKey: key },
      record.params,
      { watchId: record.id, revision, fileName: record.fileName },
    );
    const stamp = now();
    save(entry, { ...seen, revisions: revision, lastKey: key, lastJobId: job.id, lastChangeAt: stamp, lastCheckedAt: stamp, message: null });
    // After the new one is queued: if it could not be made, the older drawing still runs.
    for (const superseded of waitingRuns(record.id, job.id)) await ctx.engine.cancel(superseded.id).catch(() => undefined);
    return job;
  }

  /**
   * Looks at the file: gone pauses the watch; unreadable (an editor mid-write, too large) is
   * said and waits for the next save; a prepared image other than the newest revision's is a
   * new revision. At start, a file with the size and time it had is taken as untouched.
   */
  function check(entry: Live, reason: CheckReason): Promise<void> {
    return entry.turn(async () => {
      if (closed || live.get(entry.record.id) !== entry) return;
      if (entry.record.state === 'paused' && reason === 'save') return;
      const { path, fileName: name } = entry.record;
      const info = await stat(path).catch(() => null);
      if (closed) return;
      if (!info?.isFile()) {
        pause(entry, reason === 'resume' ? `${name} is still missing; watching is paused` : missingMessage(name));
        return;
      }
      if (reason === 'resume') {
        if (!arm(entry)) return;
        save(entry, { state: 'watching', message: null });
      }
      const seen = { lastSize: info.size, lastMtimeMs: info.mtimeMs };
      if (info.size > MAX_INPUT_BYTES) {
        save(entry, { ...seen, lastCheckedAt: now(), message: `${name} is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB. Waiting for the next save.` });
        return;
      }
      if (reason === 'app-start' && entry.record.lastKey !== null && info.size === entry.record.lastSize && info.mtimeMs === entry.record.lastMtimeMs) {
        save(entry, { lastCheckedAt: now() });
        return;
      }
      const said = (error: unknown, fallback: string): string => (error instanceof AppError ? error.message : fallback);
      let prepared: PreparedImage;
      try {
        prepared = await prepare(path, name);
      } catch (error) {
        // Not a pause: the next save (the rest of a slow write, a fixed file) is looked at as usual.
        if (!closed) save(entry, { ...seen, lastCheckedAt: now(), message: `${said(error, `${name} could not be read.`)} Waiting for the next save.` });
        return;
      }
      if (closed || live.get(entry.record.id) !== entry) return;
      const key = sketchKeyOf(prepared.png);
      if (key === entry.record.lastKey) {
        save(entry, { ...seen, lastCheckedAt: now(), message: null });
        return;
      }
      try {
        // The size and time are kept with the new revision only: a drawing that could not be
        // queued is not taken as seen, so a restart looks at it again.
        await queueRevision(entry, prepared, key, seen);
      } catch (error) {
        // No token yet, a full disk: the drawing is not taken as seen, so the next save (or a restart) tries again.
        if (!closed) save(entry, { lastCheckedAt: now(), message: `${said(error, 'The new revision could not be queued.')} The next save tries again.` });
      }
    });
  }

  return {
    list,

    /**
     * Watches the file the artist picks, with these parameters or a History job's recipe; the
     * file as it is now is revision 1. Picking a file already watched takes the new recipe and
     * resumes it. Null: the dialog was canceled.
     */
    async start(params: GenerationParams, recipeJobId: string | undefined): Promise<WatchState | null> {
      const recipe = recipeJobId === undefined ? { params, recipeJobId: null } : { params: recipeOf(requireJob(store, recipeJobId)), recipeJobId };
      await requireToken(ctx);
      const [path] = await ctx.desktop.pickImageFiles();
      if (path === undefined) return null;
      const existing = [...live.values()].find((entry) => entry.record.path === path);
      if (existing) {
        save(existing, recipe);
        if (existing.record.state === 'paused') await check(existing, 'resume');
        return watchView(existing.record);
      }
      const name = basename(path);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) throw new AppError('invalid-file', `${name}: the file cannot be read.`);
      if (info.size > MAX_INPUT_BYTES) throw new AppError('invalid-file', `${name}: the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB.`);
      // Refused here, before anything is kept, if it is no image Redraw can use.
      const prepared = await prepare(path, name);
      const startedAt = now();
      const entry: Live = {
        record: {
          id: newJobId(ctx.clock.now()),
          path,
          fileName: name,
          state: 'watching',
          message: null,
          ...recipe,
          revisions: 0,
          lastChangeAt: null,
          lastCheckedAt: startedAt,
          lastJobId: null,
          startedAt,
          lastKey: null,
          lastSize: info.size,
          lastMtimeMs: info.mtimeMs,
        },
        watcher: null,
        turn: oneAtATime(),
      };
      live.set(entry.record.id, entry);
      records.save(entry.record);
      // Watching first: a save while revision 1 is being made is looked at after it.
      if (!arm(entry)) return watchView(entry.record);
      try {
        await entry.turn(() => queueRevision(entry, prepared, sketchKeyOf(prepared.png), { lastSize: info.size, lastMtimeMs: info.mtimeMs }));
      } catch (error) {
        disarm(entry);
        live.delete(entry.record.id);
        records.remove(entry.record.id);
        changed();
        throw error;
      }
      return watchView(entry.record);
    },

    /** "Use current parameters": the next revisions run with these (nothing runs now). */
    updateParams(watchId: string, params: GenerationParams): WatchState {
      const entry = requireWatch(watchId);
      save(entry, { params, recipeJobId: null });
      return watchView(entry.record);
    },

    async resume(watchId: string): Promise<WatchState> {
      const entry = requireWatch(watchId);
      await check(entry, 'resume');
      return watchView(entry.record);
    },

    /** Stops watching; the revisions made stay in the History (and still say which watch they were). */
    async stop(watchId: string): Promise<void> {
      const entry = requireWatch(watchId);
      disarm(entry);
      live.delete(watchId);
      // A check in progress finds the watch gone and makes nothing.
      await entry.turn(async () => undefined);
      records.remove(watchId);
      changed();
    },

    /** A watch's jobs, oldest revision first (the newest REVISIONS_SHOWN). Works after the watch stopped. */
    revisions(watchId: string): Job[] {
      const jobs = records.jobIds(watchId, REVISIONS_SHOWN).flatMap((jobId) => {
        const job = store.get(jobId);
        return job ? [job] : [];
      });
      return jobs.sort((a, b) => (a.watch?.revision ?? 0) - (b.watch?.revision ?? 0));
    },

    /** At start: every watch comes back; those still watching look at their file (it may have changed meanwhile). */
    resumeAll(): void {
      for (const record of records.all()) {
        if (live.has(record.id)) continue;
        const entry: Live = { record, watcher: null, turn: oneAtATime() };
        live.set(record.id, entry);
        if (record.state === 'watching' && arm(entry)) void check(entry, 'app-start');
      }
      changed();
    },

    /** Stops every watcher and waits for checks in progress, so nothing is made once the library closes. */
    async close(): Promise<void> {
      closed = true;
      for (const entry of live.values()) disarm(entry);
      await Promise.all([...live.values()].map((entry) => entry.turn(async () => undefined)));
    },
  };
}

export type SketchWatches = ReturnType<typeof createSketchWatches>;

/** How long a watched file may take to read before the check gives up (a stalled network share). */
const WATCHED_READ_TIMEOUT_MS = 30_000;

/**
 * The watched file's bytes, read so that nothing can hang the watch: opened without blocking (a
 * pipe put in its place answers at once), checked to be a regular file within the input limit on
 * the open handle, and read under a deadline. It is the artist's own file, outside the library,
 * so a link to it is fine.
 */
async function readWatchedFile(path: string, name: string): Promise<Buffer> {
  const handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new AppError('invalid-file', `${name} is not a regular file.`);
    if (info.size > MAX_INPUT_BYTES) throw new AppError('invalid-file', `${name} is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB.`);
    return await handle.readFile({ signal: AbortSignal.timeout(WATCHED_READ_TIMEOUT_MS) });
  } finally {
    await handle.close();
  }
}
