import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { DEFAULT_SETTINGS } from '../../../shared/settings';
import { parseTime, useSecondsLeft } from '../hooks/use-seconds-left';
import { typicalJobSeconds, useJobsStore } from '../store/jobs';
import { useQueueStore } from '../store/queue';
import { useSettingsStore } from '../store/settings';
import { queueProgress, type QueueProgress } from './queue-progress';

/**
 * The whole queue's progress, live. Recomputed on every job change (a pass over the queue,
 * cheap even with hundreds waiting), but compared field by field, so whoever shows it only
 * re-renders when a number it shows actually changed.
 */
export function useQueueProgress(): QueueProgress {
  const queue = useQueueStore((state) => state.queue);
  const batch = useQueueStore((state) => state.batch);
  const concurrency = useSettingsStore((state) => state.view?.concurrency ?? DEFAULT_SETTINGS.concurrency);
  // Ticks only during a rate-limit pause, so the estimate counts down with it.
  const pausedSeconds = useSecondsLeft(parseTime(queue?.rateLimitedUntil ?? null)) ?? 0;
  const finishedIds = useMemo(() => {
    const inQueue = new Set([...(queue?.running ?? []), ...(queue?.waiting ?? [])]);
    return batch.filter((id) => !inQueue.has(id));
  }, [queue, batch]);
  return useJobsStore(
    useShallow((state) =>
      queueProgress({
        running: queue?.running.map((id) => state.byId[id]) ?? [],
        waiting: queue?.waiting.map((id) => state.byId[id]) ?? [],
        // A job deleted meanwhile has no steps to count any more.
        finished: finishedIds.map((id) => state.byId[id]).filter((job) => job !== undefined),
        typicalJobSeconds: typicalJobSeconds(state),
        concurrency,
        pausedSeconds,
      }),
    ),
  );
}
