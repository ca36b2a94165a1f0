import { create } from 'zustand';
import type { QueueState } from '../../../shared/job';

/** Main's queue: what waits (in order), what runs, whether the service is reachable, any rate-limit pause. */
type QueueStoreState = {
  queue: QueueState | null;
  /**
   * Every job queued since the queue was last empty, including those that have since left it.
   * The whole-queue bar counts the finished ones as done, so it fills up over a batch instead
   * of dropping back each time a finished job leaves the queue.
   */
  batch: readonly string[];
};

export const useQueueStore = create<QueueStoreState>(() => ({ queue: null, batch: [] }));

/** The batch after a queue change: it starts over once nothing is left, and otherwise only grows. */
export function nextBatch(batch: readonly string[], queue: QueueState): readonly string[] {
  if (queue.running.length + queue.waiting.length === 0) return [];
  const known = new Set(batch);
  const added = [...queue.running, ...queue.waiting].filter((id) => !known.has(id));
  return added.length === 0 ? batch : [...batch, ...added];
}

export function setQueue(queue: QueueState): void {
  useQueueStore.setState((state) => ({ queue, batch: nextBatch(state.batch, queue) }));
}

/** 1-based place of a job among those waiting to start, or null when it is not waiting. */
export function useQueuePosition(jobId: string | null): number | null {
  return useQueueStore((state) => {
    if (jobId === null || state.queue === null) return null;
    const index = state.queue.waiting.indexOf(jobId);
    return index === -1 ? null : index + 1;
  });
}
