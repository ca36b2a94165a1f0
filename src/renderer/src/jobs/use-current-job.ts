import type { JobSummary } from '../../../shared/job';
import { useShallow } from 'zustand/react/shallow';
import { cancelTargetId, useJobsStore } from '../store/jobs';
import { useQueueStore } from '../store/queue';
import { useUiStore } from '../store/ui';

/** The job the status line is about: the last one started here, else the newest the page holds. */
export function useCurrentJob(): JobSummary | null {
  const currentJobId = useUiStore((state) => state.currentJobId);
  return useJobsStore((state) => {
    const current = currentJobId === null ? undefined : state.byId[currentJobId];
    if (current) return current;
    let newest: JobSummary | null = null;
    for (const job of Object.values(state.byId)) {
      if (newest === null || job.timings.createdAt > newest.timings.createdAt) newest = job;
    }
    return newest;
  });
}

/** The job Cancel would stop, or null when nothing runs. */
export function useCancelTargetId(): string | null {
  const currentJobId = useUiStore((state) => state.currentJobId);
  const active = useQueueStore(useShallow((state) => [...(state.queue?.running ?? []), ...(state.queue?.waiting ?? [])]));
  return useJobsStore((state) => cancelTargetId(state, currentJobId, active));
}
