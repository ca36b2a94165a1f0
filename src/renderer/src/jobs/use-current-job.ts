import type { JobSummary } from '../../../shared/job';
import { cancelTargetId, useJobsStore } from '../store/jobs';
import { useUiStore } from '../store/ui';

/** The job the status line is about: the last one started here, else the newest in the history. */
export function useCurrentJob(): JobSummary | null {
  const currentJobId = useUiStore((state) => state.currentJobId);
  return useJobsStore((state) => {
    const current = currentJobId === null ? undefined : state.byId[currentJobId];
    if (current) return current;
    const newest = state.order[0];
    return (newest === undefined ? undefined : state.byId[newest]) ?? null;
  });
}

/** The job Cancel would stop, or null when nothing runs. */
export function useCancelTargetId(): string | null {
  const currentJobId = useUiStore((state) => state.currentJobId);
  return useJobsStore((state) => cancelTargetId(state, currentJobId));
}
