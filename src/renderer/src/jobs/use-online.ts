import { useQueueStore } from '../store/queue';

/** Whether main last reached the service. Until main has answered, assume so: it only reports offline after a request failed. */
export function useOnline(): boolean {
  return useQueueStore((state) => state.queue?.online ?? true);
}
