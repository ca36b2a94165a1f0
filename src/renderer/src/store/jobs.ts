import { create } from 'zustand';
import { isFinalStatus, type JobSummary } from '../../../shared/job';
import { medianSeconds, recentJobSeconds } from '../jobs/queue-progress';

/**
 * The summaries the page is showing: the History's loaded windows, the queue, the open job.
 * Never the whole library: windows far from view are dropped (see history.ts) and so are their
 * summaries. Main's events are the only source of updates; replies to actions are only
 * acknowledgements, so there is one order of changes and nothing to reconcile.
 */
type JobsState = {
  byId: Record<string, JobSummary>;
};

export const useJobsStore = create<JobsState>(() => ({ byId: {} }));

/** Summaries the page asked for (a History window, the queue, a linked job). */
export function putJobs(jobs: readonly JobSummary[]): void {
  if (jobs.length === 0) return;
  useJobsStore.setState((state) => {
    const byId = { ...state.byId };
    for (const job of jobs) {
      const known = byId[job.id];
      // A window fetched before an event landed must not roll the job back.
      if (known === undefined || known.updatedAt <= job.updatedAt) byId[job.id] = job;
    }
    return { byId };
  });
}

/**
 * A `job:updated` event: applied to a job the page shows, and kept for a job still running
 * (the queue shows it). A finished job nobody shows is not worth holding.
 */
export function applyJobEvent(job: JobSummary): void {
  useJobsStore.setState((state) => {
    if (state.byId[job.id] === undefined && isFinalStatus(job.status)) return {};
    return { byId: { ...state.byId, [job.id]: job } };
  });
}

export function removeJob(jobId: string): void {
  useJobsStore.setState((state) => {
    if (!(jobId in state.byId)) return {};
    const byId = { ...state.byId };
    delete byId[jobId];
    return { byId };
  });
}

/** Drops every summary not in `keep` (called when History windows far from view are let go). */
export function keepOnlyJobs(keep: ReadonlySet<string>): void {
  useJobsStore.setState((state) => {
    const ids = Object.keys(state.byId);
    if (ids.every((id) => keep.has(id))) return {};
    const byId: Record<string, JobSummary> = {};
    for (const id of ids) {
      const job = state.byId[id];
      if (job !== undefined && keep.has(id)) byId[id] = job;
    }
    return { byId };
  });
}

/** The job Cancel should stop: the current one while it runs, else the newest of those that run or wait. */
export function cancelTargetId(state: JobsState, currentJobId: string | null, active: readonly string[]): string | null {
  const current = currentJobId === null ? undefined : state.byId[currentJobId];
  if (current && !isFinalStatus(current.status)) return current.id;
  let newest: JobSummary | null = null;
  for (const id of active) {
    const job = state.byId[id];
    if (job && !isFinalStatus(job.status) && (newest === null || job.timings.createdAt > newest.timings.createdAt)) newest = job;
  }
  return newest?.id ?? null;
}

/** How long a whole job takes here lately (the median of recent finished jobs), or null with none to go by. */
export function typicalJobSeconds(state: JobsState): number | null {
  return medianSeconds(recentJobSeconds(recentFinishedJobs(state)));
}

/** Finished jobs the page holds, newest first: what "how long does a job take here" is judged on. */
export function recentFinishedJobs(state: JobsState): JobSummary[] {
  return Object.values(state.byId)
    .filter((job) => job.status === 'succeeded')
    .sort((a, b) => (a.timings.createdAt < b.timings.createdAt ? 1 : -1));
}
