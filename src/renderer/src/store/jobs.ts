import { create } from 'zustand';
import { isFinalStatus, type JobSummary } from '../../../shared/job';

type JobsState = {
  byId: Record<string, JobSummary>;
  /** Ids, newest first. Kept separately so a progress update does not re-render the whole gallery. */
  order: string[];
  loaded: boolean;
};

export const useJobsStore = create<JobsState>(() => ({ byId: {}, order: [], loaded: false }));

/** Newest first; ISO timestamps from main compare correctly as strings, the id breaks ties stably. */
function isNewer(a: JobSummary, b: JobSummary): boolean {
  if (a.timings.createdAt !== b.timings.createdAt) return a.timings.createdAt > b.timings.createdAt;
  return a.id > b.id;
}

function insertionIndex(order: readonly string[], byId: Record<string, JobSummary>, job: JobSummary): number {
  // New jobs are almost always the newest, so a scan from the front ends at once.
  const index = order.findIndex((id) => {
    const other = byId[id];
    return other !== undefined && isNewer(job, other);
  });
  return index === -1 ? order.length : index;
}

/** A reply (to jobs:list, jobs:cancel, …) may have been overtaken by events; it must not roll a job back. */
function isStale(incoming: JobSummary, existing: JobSummary | undefined): boolean {
  return existing !== undefined && existing.updatedAt > incoming.updatedAt;
}

// Jobs deleted while the first list was in flight, so the list reply cannot bring them back.
const deletedIds = new Set<string>();

/**
 * Stores a job. Events arrive in the order main made the changes, so they always win (even if
 * the clock jumped back); a reply is dropped when an event already brought something newer.
 */
export function upsertJob(job: JobSummary, source: 'event' | 'reply' = 'reply'): void {
  useJobsStore.setState((state) => {
    const existing = state.byId[job.id];
    if (deletedIds.has(job.id) || (source === 'reply' && isStale(job, existing))) return {};
    const byId = { ...state.byId, [job.id]: job };
    if (existing) return { byId };
    const order = state.order.slice();
    order.splice(insertionIndex(order, state.byId, job), 0, job.id);
    return { byId, order };
  });
}

export function removeJob(jobId: string): void {
  deletedIds.add(jobId);
  useJobsStore.setState((state) => {
    if (!(jobId in state.byId)) return {};
    const byId = { ...state.byId };
    delete byId[jobId];
    return { byId, order: state.order.filter((id) => id !== jobId) };
  });
}

/** Merges the initial list with whatever events already arrived. */
export function setJobList(jobs: readonly JobSummary[]): void {
  useJobsStore.setState((state) => {
    const byId: Record<string, JobSummary> = {};
    for (const job of jobs) {
      if (!deletedIds.has(job.id)) byId[job.id] = job;
    }
    for (const job of Object.values(state.byId)) {
      if (!isStale(job, byId[job.id])) byId[job.id] = job;
    }
    const order = Object.values(byId)
      .sort((a, b) => (isNewer(a, b) ? -1 : isNewer(b, a) ? 1 : 0))
      .map((job) => job.id);
    return { byId, order, loaded: true };
  });
}

/** The job Cancel should stop: the current one while it runs, else the newest that still runs. */
export function cancelTargetId(state: JobsState, currentJobId: string | null): string | null {
  const current = currentJobId === null ? undefined : state.byId[currentJobId];
  if (current && !isFinalStatus(current.status)) return current.id;
  for (const id of state.order) {
    const job = state.byId[id];
    if (job && !isFinalStatus(job.status)) return id;
  }
  return null;
}

/** Failed jobs, oldest first, so retrying them all queues them in the order they were first made. */
export function failedJobIds(state: JobsState): string[] {
  const ids: string[] = [];
  for (let i = state.order.length - 1; i >= 0; i--) {
    const id = state.order[i];
    if (id !== undefined && state.byId[id]?.status === 'failed') ids.push(id);
  }
  return ids;
}

/** How many jobs failed; a number, so progress ticks elsewhere do not re-render whoever shows it. */
export function useFailedJobCount(): number {
  return useJobsStore((state) => {
    let count = 0;
    for (const id of state.order) if (state.byId[id]?.status === 'failed') count++;
    return count;
  });
}
