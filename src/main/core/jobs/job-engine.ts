import { setMaxListeners } from 'node:events';
import type { Dispatcher } from 'undici';
import { AppError } from '../../../shared/app-error';
import { isFinalStatus, mayBeOnServer, type Job, type QueueState } from '../../../shared/job';
import type { ClaimedPredictions } from './reconcile-create';
import type { Prediction } from '../api/prediction-shapes';
import type { Settings } from '../../../shared/settings';
import { createReplicateClient } from '../api/replicate-client';
import type { JobStore } from '../catalog/job-store';
import type { JobFiles } from '../library/job-files';
import { tokenOrigin } from '../secrets/token-store';
import { createCreatePacer } from './create-pacer';
import { freshRun } from './fresh-run';
import type { Clock, RunContext } from './run-context';
import { runJob } from './run-job';

type Run = {
  controller: AbortController;
  cancelRequested: boolean;
  /** Stopped to start again from the queue (its settings changed before it was sent). */
  requeue: boolean;
  done: Promise<void>;
};

export type JobEngineDeps = {
  /** Owns every record: the engine reads and changes jobs only through it. */
  store: JobStore;
  files: JobFiles;
  clock: Clock;
  dispatcher: Dispatcher | undefined;
  getSettings(): Settings;
  /** The token saved for an API origin (never another service's). */
  getToken(origin: string): Promise<string | null>;
  onQueueChanged(state: QueueState): void;
  /**
   * A waiting job that must not start yet (its batch is paused); it keeps its place. Asked only
   * of jobs never sent: one that may be on the server is always followed to its end.
   */
  isHeld?(job: Job): boolean;
  /** Told what the service said of a token a job used: refused (401/403), or accepted by a finished job. */
  onTokenVerdict?(origin: string, token: string, accepted: boolean): void;
};


const RETRYABLE: ReadonlySet<Job['status']> = new Set(['failed', 'canceled', 'aborted', 'expired']);

/**
 * The queue in main, a plain scheduler: jobs are in the catalog before any request goes out,
 * run FIFO up to the concurrency setting, and every change goes through the job store (which
 * persists it), so a restart resumes each job from where it stood (a job with a prediction id
 * follows that prediction; it never creates another).
 */
export function createJobEngine(deps: JobEngineDeps) {
  const waiting: string[] = [];
  const running = new Map<string, Run>();
  const { store } = deps;
  const closing = new AbortController();
  // Every running job's create listens to this one signal; that is expected, not a leak.
  setMaxListeners(0, closing.signal);
  const noFilesApi = new Set<string>();
  const pacer = createCreatePacer(deps.clock);
  let closed = false;
  let online = true;
  let offlineMessage: string | null = null;
  let reconciling: Promise<unknown> = Promise.resolve();

  function queueState(): QueueState {
    const gate = pacer.gateOpensAt();
    return {
      waiting: [...waiting],
      running: [...running.keys()],
      online,
      offlineMessage,
      rateLimitedUntil: gate === null ? null : new Date(gate).toISOString(),
    };
  }
  const queueChanged = (): void => deps.onQueueChanged(queueState());

  function reachable(isReachable: boolean, why: string | null): void {
    if (isReachable === online && (isReachable || why === offlineMessage)) return;
    online = isReachable;
    offlineMessage = isReachable ? null : why;
    queueChanged();
  }

  /** Prediction ids some job already owns: a reconcile must never hand one to a second job. */
  const claimedPredictions = { has: (predictionId: string) => store.isPredictionClaimed(predictionId) };

  function reconcile(search: (claimed: ClaimedPredictions) => Promise<Prediction | null>): Promise<Prediction | null> {
    const turn = reconciling.then(() => search(claimedPredictions));
    reconciling = turn.catch(() => undefined);
    return turn;
  }

  const patch = async (jobId: string, change: Partial<Job>): Promise<Job> => store.patch(jobId, change);

  function held(jobId: string): boolean {
    const job = deps.isHeld ? store.get(jobId) : undefined;
    return job !== undefined && !mayBeOnServer(job) && (deps.isHeld?.(job) ?? false);
  }

  function pump(): void {
    if (closed) return;
    const limit = deps.getSettings().concurrency;
    let changed = false;
    while (running.size < limit) {
      const index = waiting.findIndex((id) => !held(id));
      if (index === -1) break;
      const [jobId] = waiting.splice(index, 1);
      if (jobId !== undefined) start(jobId);
      changed = true;
    }
    if (changed) queueChanged();
  }

  function start(jobId: string): void {
    const controller = new AbortController();
    const onClose = (): void => controller.abort();
    closing.signal.addEventListener('abort', onClose, { once: true });
    const run: Run = { controller, cancelRequested: false, requeue: false, done: Promise.resolve() };
    running.set(jobId, run);
    run.done = execute(jobId, run)
      .catch(() => undefined)
      .finally(() => {
        closing.signal.removeEventListener('abort', onClose);
        if (running.get(jobId) === run) running.delete(jobId);
        queueChanged();
        pump();
      });
  }

  async function execute(jobId: string, run: Run): Promise<void> {
    // Everything inside the try: a locked keychain or a full disk must end the job visibly,
    // not leave it showing "processing" with nothing running it.
    let usedToken: { origin: string; token: string } | null = null;
    try {
      const settings = deps.getSettings();
      let job = store.get(jobId);
      if (!job) return;
      // A batch that chose its model version (each job's own, or one set for it) keeps it.
      const modelVersion = job.batch?.pinnedModel ? job.modelVersion : settings.modelVersion;
      if (!mayBeOnServer(job) && (job.apiBaseUrl !== settings.apiBaseUrl || job.modelVersion !== modelVersion)) {
        // Not sent yet: it goes where the settings point now (e.g. after the artist fixed a wrong
        // base URL while it waited). A job that may have a prediction stays with its server.
        job = await patch(jobId, { apiBaseUrl: settings.apiBaseUrl, modelVersion });
      }
      const origin = tokenOrigin(job.apiBaseUrl);
      const token = await deps.getToken(origin);
      usedToken = token === null ? null : { origin, token };
      if (!token) {
        // Kept queued (and, if a create may be on the server, still marked so): it goes out once
        // a token for that server is saved.
        const host = new URL(job.apiBaseUrl).host;
        await patch(jobId, { status: 'queued', error: new AppError('no-token', `Set your API token for ${host} in Settings to send this job.`).toData() });
        return;
      }
      const ctx: RunContext = {
        jobId,
        client: createReplicateClient({ baseUrl: job.apiBaseUrl, token, dispatcher: deps.dispatcher, onReachable: reachable }),
        dispatcher: deps.dispatcher,
        files: deps.files,
        clock: deps.clock,
        signal: run.controller.signal,
        createSignal: closing.signal,
        cancelRequested: () => run.cancelRequested,
        job: () => {
          const current = store.get(jobId);
          if (!current) throw new AppError('canceled', 'The job was deleted.');
          return current;
        },
        // After a cancel the job already shows "Canceled"; a run still unwinding may only record
        // which prediction it made (so it can be found and stopped), nothing else.
        update: (change, options) =>
          run.cancelRequested ? pickAfterCancel(jobId, change) : Promise.resolve(store.patch(jobId, change, options?.persist ?? 'now')),
        noFilesApi,
        pacer,
        reconcile,
      };
      await runJob(ctx);
      if (store.get(jobId)?.status === 'succeeded') deps.onTokenVerdict?.(origin, token, true);
    } catch (error) {
      if (usedToken && error instanceof AppError && error.code === 'unauthenticated') {
        deps.onTokenVerdict?.(usedToken.origin, usedToken.token, false);
      }
      if (run.requeue && !closed && store.get(jobId)) {
        waiting.unshift(jobId);
        return;
      }
      if (run.cancelRequested || closed || !store.get(jobId)) return;
      const data =
        error instanceof AppError
          ? error.toData()
          : new AppError('internal', `Something went wrong in Redraw: ${error instanceof Error ? error.message : String(error)}`).toData();
      const ending: Partial<Job> = { status: data.code === 'canceled' ? 'canceled' : 'failed', error: data.code === 'canceled' ? null : data, waitingUntil: null };
      try {
        await patch(jobId, ending);
      } catch {
        // The record could not be written (disk full?): the job keeps its last written state,
        // which a restart resumes; nothing better can be done from here.
      }
    }
  }

  async function pickAfterCancel(jobId: string, change: Partial<Job>): Promise<Job> {
    const kept: Partial<Job> = {};
    if (change.predictionId !== undefined) kept.predictionId = change.predictionId;
    if (change.predictionUrls !== undefined) kept.predictionUrls = change.predictionUrls;
    if (change.responseShape !== undefined) kept.responseShape = change.responseShape;
    if (change.unconfirmedCreateAt !== undefined) kept.unconfirmedCreateAt = change.unconfirmedCreateAt;
    const current = store.get(jobId);
    if (!current) throw new AppError('canceled', 'The job was deleted.');
    return Object.keys(kept).length > 0 ? patch(jobId, kept) : current;
  }

  async function cancelOnServer(job: Job): Promise<void> {
    if (!job.predictionUrls) return;
    const token = await deps.getToken(tokenOrigin(job.apiBaseUrl));
    if (!token) return;
    const client = createReplicateClient({ baseUrl: job.apiBaseUrl, token, dispatcher: deps.dispatcher });
    await client.cancelPrediction(job.predictionUrls.cancel).catch(() => undefined);
  }

  return {
    /** Queues a job the store holds already. */
    enqueue(jobId: string): void {
      waiting.push(jobId);
      queueChanged();
      pump();
    },

    /** Queues many jobs the store holds already (a batch): one queue change, not one per job. */
    enqueueMany(jobIds: readonly string[]): void {
      waiting.push(...jobIds);
      queueChanged();
      pump();
    },

    queueState,

    /** Moves a waiting job one place up, or to the front. */
    moveUp(jobId: string, toTop: boolean): QueueState {
      const index = waiting.indexOf(jobId);
      if (index === -1) throw new AppError('invalid-request', 'Only a job that is still waiting can be moved.');
      waiting.splice(index, 1);
      waiting.splice(toTop ? 0 : Math.max(0, index - 1), 0, jobId);
      queueChanged();
      return queueState();
    },

    /** Puts a finished-without-result job back in the queue: same input and parameters, a new prediction. */
    async retry(jobId: string): Promise<Job> {
      const job = store.get(jobId);
      if (!job) throw new AppError('not-found', 'That job no longer exists.');
      if (!RETRYABLE.has(job.status)) throw new AppError('invalid-request', 'Only a failed, canceled, aborted or expired job can be retried.');
      // A canceled run may still be unwinding (a create in flight): let it finish first, so the
      // prediction it made is recorded and stopped, and it cannot touch the new run.
      await running.get(jobId)?.done;
      if (waiting.includes(jobId) || running.has(jobId)) throw new AppError('invalid-request', 'That job is already queued again.');
      const reset = await patch(jobId, freshRun(job.timings.createdAt));
      waiting.push(jobId);
      queueChanged();
      pump();
      return reset;
    },

    /** Re-queues every unfinished job found on disk, oldest first (called once at start). */
    resumeUnfinished(): void {
      const unfinished = store.unfinished().filter((job) => !running.has(job.id) && !waiting.includes(job.id));
      for (const job of unfinished) waiting.push(job.id);
      queueChanged();
      pump();
    },

    /**
     * After the settings change: jobs not yet sent (e.g. waiting offline for a wrong base URL)
     * start again with the new ones; jobs held back for a token go out.
     */
    settingsChanged(): void {
      for (const [jobId, run] of running) {
        const job = store.get(jobId);
        if (job && !job.predictionUrls && !job.unconfirmedCreateAt && ['queued', 'preparing', 'uploading'].includes(job.status)) {
          run.requeue = true;
          run.controller.abort();
        }
      }
      this.kick();
    },

    /** Starts jobs that were held back (e.g. waiting for a token). */
    kick(): void {
      for (const job of store.unfinished()) {
        if (job.status === 'queued' && job.error?.code === 'no-token' && !running.has(job.id) && !waiting.includes(job.id)) {
          waiting.push(job.id);
        }
      }
      pump();
    },

    async cancel(jobId: string): Promise<Job> {
      const job = store.get(jobId);
      if (!job) throw new AppError('not-found', 'That job no longer exists.');
      if (isFinalStatus(job.status)) return job;
      const index = waiting.indexOf(jobId);
      if (index !== -1) {
        waiting.splice(index, 1);
        queueChanged();
      }
      const run = running.get(jobId);
      if (run) {
        // Before anything awaits: an update from the run landing meanwhile must not undo the cancel.
        run.cancelRequested = true;
        run.controller.abort();
      }
      const canceled = await patch(jobId, { status: 'canceled', error: null, waitingUntil: null, progress: job.progress });
      await cancelOnServer(canceled);
      return store.get(jobId) ?? canceled;
    },

    /**
     * Cancels a set of jobs (a batch): those waiting leave the queue together before anything
     * awaits, so a run ending meanwhile cannot start one of them; then each is canceled.
     */
    async cancelMany(jobIds: readonly string[]): Promise<void> {
      const leaving = new Set(jobIds);
      const kept = waiting.filter((id) => !leaving.has(id));
      if (kept.length !== waiting.length) {
        waiting.splice(0, waiting.length, ...kept);
        queueChanged();
      }
      for (const jobId of jobIds) await this.cancel(jobId).catch(() => undefined);
    },

    /** Cancels everything waiting (no request at all) and everything running (on the server too). */
    async cancelAll(): Promise<number> {
      const ids = [...waiting, ...running.keys()];
      waiting.length = 0;
      queueChanged();
      for (const jobId of ids) await this.cancel(jobId).catch(() => undefined);
      return ids.length;
    },

    /** Resolves once no run of this job is in progress. */
    async settled(jobId: string): Promise<void> {
      await running.get(jobId)?.done;
    },

    isActive(jobId: string): boolean {
      return running.has(jobId) || waiting.includes(jobId);
    },

    /** Stops every run (their state is in the catalog) and waits for them to unwind. */
    async close(): Promise<void> {
      closed = true;
      closing.abort();
      await Promise.allSettled([...running.values()].map((run) => run.done));
    },
  };
}

export type JobEngine = ReturnType<typeof createJobEngine>;
