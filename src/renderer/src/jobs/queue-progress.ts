import { isFinalStatus, type JobSummary } from '../../../shared/job';
import { formatRoughSeconds } from '../format/time';

/** What the aggregation reads from a job; `undefined` = in the queue but its summary has not arrived yet. */
export type QueueJob = Pick<JobSummary, 'status' | 'progress' | 'params'>;

export type QueueProgressInput = {
  /** The jobs main is running, and those waiting for a slot in the order they will go. */
  running: readonly (QueueJob | undefined)[];
  waiting: readonly (QueueJob | undefined)[];
  /** Jobs of the same batch that already left the queue (done, failed or canceled): all their steps count as done. */
  finished?: readonly (QueueJob | undefined)[];
  /** How long a whole job takes here lately (see medianSeconds), or null with no finished job to go by. */
  typicalJobSeconds: number | null;
  /** The concurrency setting: how many jobs main runs at once. */
  concurrency: number;
  /** Seconds the service's rate limit still holds back jobs not sent yet (0 or absent: none). */
  pausedSeconds?: number;
};

export type QueueProgress = {
  running: number;
  waiting: number;
  doneSteps: number;
  totalSteps: number;
  /** Done steps over all steps, 0..100; null when nothing is queued. */
  percent: number | null;
  /** Seconds until everything queued now is done; null when nothing is queued or there is no basis for a guess. */
  etaSeconds: number | null;
};

/** Steps are the one unit every job reports in, so a batch's bar moves evenly however big each job is. */
function stepsOf(job: QueueJob, state: 'running' | 'waiting' | 'finished'): { done: number; total: number } {
  const total = job.progress?.total ?? job.params.steps;
  if (state === 'waiting') return { done: 0, total: job.params.steps };
  // A job can still be listed as running for a moment after it ended; it has nothing left to do.
  if (state === 'finished' || isFinalStatus(job.status)) return { done: total, total };
  return { done: Math.min(job.progress?.current ?? 0, total), total };
}

/**
 * Seconds a running job still needs: the model's own estimate while it denoises, else the
 * typical job's time less what is done. Null when neither is known.
 */
function remainingSeconds(job: QueueJob | undefined, typical: number | null, paused: number): number | null {
  if (job !== undefined && isFinalStatus(job.status)) return 0;
  const eta = job?.progress?.etaSeconds ?? null;
  if (eta !== null) return eta;
  if (typical === null) return null;
  // Not sent yet: it first sits out whatever is left of a rate-limit pause.
  const unsent = job?.status === 'queued' || job?.status === 'submitting';
  return (unsent ? paused : 0) + typical * (1 - (job?.progress?.percent ?? 0) / 100);
}

/**
 * When the last job would end if main fills each of `slots` as soon as it frees up (first in,
 * first out) and every waiting job takes `typical` seconds. A plain "waiting × typical ÷ slots"
 * is close for long queues, but for a short one it promises too much: one job waiting behind
 * four running ones still needs its full time once it starts.
 */
function makespan(running: readonly number[], waiting: number, typical: number, slots: number, paused: number): number {
  const sorted = [...running].sort((a, b) => a - b);
  // More running than slots (the setting was lowered): a slot only frees up once the count drops below it.
  const freeAt = sorted.slice(Math.max(0, sorted.length - slots));
  while (freeAt.length < slots) freeAt.unshift(0);
  let end = sorted.length > 0 ? (sorted[sorted.length - 1] ?? 0) : 0;
  for (let i = 0; i < waiting; i++) {
    // freeAt stays sorted: the earliest slot takes the next job and moves to where it now ends.
    const start = Math.max(freeAt.shift() ?? 0, paused);
    const finish = start + typical;
    end = Math.max(end, finish);
    const at = freeAt.findIndex((time) => time > finish);
    freeAt.splice(at === -1 ? freeAt.length : at, 0, finish);
  }
  return end;
}

/**
 * The whole queue at a glance: how far it got, in steps (running jobs' done steps plus the
 * finished part of the batch, over all of their steps and the waiting jobs'), and roughly
 * how long it still needs.
 */
export function queueProgress(input: QueueProgressInput): QueueProgress {
  let doneSteps = 0;
  let totalSteps = 0;
  for (const [jobs, state] of [
    [input.running, 'running'],
    [input.waiting, 'waiting'],
    [input.finished ?? [], 'finished'],
  ] as const) {
    for (const job of jobs) {
      if (job === undefined) continue;
      const steps = stepsOf(job, state);
      doneSteps += steps.done;
      totalSteps += steps.total;
    }
  }

  const running = input.running.length;
  const waiting = input.waiting.length;
  const empty = running + waiting === 0;
  const percent = empty ? null : totalSteps === 0 ? 0 : Math.min(100, (doneSteps / totalSteps) * 100);

  const typical = input.typicalJobSeconds;
  const paused = Math.max(0, input.pausedSeconds ?? 0);
  const remaining: number[] = [];
  for (const job of input.running) {
    const seconds = remainingSeconds(job, typical, paused);
    if (seconds !== null) remaining.push(seconds);
  }
  // A guess with a job left out would be a promise the queue cannot keep, so then there is none.
  const known = remaining.length === running && (waiting === 0 || typical !== null);
  const slots = Math.max(1, Math.floor(input.concurrency));
  const etaSeconds = !empty && known ? makespan(remaining, waiting, typical ?? 0, slots, paused) : null;

  return { running, waiting, doneSteps, totalSteps, percent, etaSeconds };
}

/**
 * How long a finished job held its slot: from when it was sent to when its images were stored,
 * which is what a waiting job will also spend (upload, the service's own queue, download).
 * Falls back to the service's start/completion times, then its measured predict time.
 */
export function jobSeconds(job: Pick<JobSummary, 'timings'>): number | null {
  const { submittedAt, storedAt, startedAt, completedAt, predictTimeSeconds } = job.timings;
  for (const [from, to] of [
    [submittedAt, storedAt],
    [startedAt, completedAt],
  ] as const) {
    if (from === null || to === null) continue;
    const seconds = (Date.parse(to) - Date.parse(from)) / 1000;
    if (Number.isFinite(seconds) && seconds > 0) return seconds;
  }
  return predictTimeSeconds !== null && predictTimeSeconds > 0 ? predictTimeSeconds : null;
}

/** How many finished jobs speak for "lately": the service's speed drifts, the last few tell it best. */
export const RECENT_JOBS = 10;

/**
 * Durations of the most recent succeeded jobs, from a newest-first list. Stops after `limit`
 * found or `scanLimit` looked at, so a long history of failures costs nothing per progress tick.
 */
export function recentJobSeconds(
  newestFirst: Iterable<JobSummary | undefined>,
  limit = RECENT_JOBS,
  scanLimit = 500,
): number[] {
  const found: number[] = [];
  let scanned = 0;
  for (const job of newestFirst) {
    if (found.length >= limit || scanned++ >= scanLimit) break;
    if (job?.status !== 'succeeded') continue;
    const seconds = jobSeconds(job);
    if (seconds !== null) found.push(seconds);
  }
  return found;
}

/** The median, so one job that waited out a restart or a cold start does not skew the estimate. */
export function medianSeconds(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? upper) + upper) / 2;
}

/** "3 running, 12 waiting · about 1 min left" */
export function describeQueueProgress(progress: QueueProgress): string {
  if (progress.running + progress.waiting === 0) return 'Nothing running or waiting';
  const counts = `${progress.running} running, ${progress.waiting} waiting`;
  return progress.etaSeconds === null ? counts : `${counts} · about ${formatRoughSeconds(progress.etaSeconds)} left`;
}
