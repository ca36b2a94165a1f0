import { create } from 'zustand';
import type { QueueState } from '../../../shared/job';

/** Main's queue: what waits (in order), what runs, whether the service is reachable, any rate-limit pause. */
type QueueStoreState = { queue: QueueState | null };

export const useQueueStore = create<QueueStoreState>(() => ({ queue: null }));

export function setQueue(queue: QueueState): void {
  useQueueStore.setState({ queue });
}

/** 1-based place of a job among those waiting to start, or null when it is not waiting. */
export function useQueuePosition(jobId: string | null): number | null {
  return useQueueStore((state) => {
    if (jobId === null || state.queue === null) return null;
    const index = state.queue.waiting.indexOf(jobId);
    return index === -1 ? null : index + 1;
  });
}

/** How many jobs are waiting or running. */
export function useActiveJobCount(): number {
  return useQueueStore((state) => (state.queue ? state.queue.waiting.length + state.queue.running.length : 0));
}
