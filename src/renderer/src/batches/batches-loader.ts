import { call, toAppErrorData } from '../api/client';
import { setBatches } from '../store/batches';
import { showError } from '../store/ui';

const REFRESH_DELAY_MS = 250;
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Reads the batches again (after one was made or changed, or when jobs changed status). Calls
 * close together become one: a batch of 500 jobs finishing does not ask 500 times.
 */
export function refreshBatches(): void {
  if (timer !== null) return;
  timer = setTimeout(() => {
    timer = null;
    call('batches:list', undefined).then(setBatches, (error: unknown) => showError(toAppErrorData(error), 'job-action'));
  }, REFRESH_DELAY_MS);
}

type BatchAction = 'batches:pause' | 'batches:resume' | 'batches:cancel' | 'batches:retry-failed';

/** Pause, resume, cancel or retry a batch; the list is read again after. */
export async function batchAction(action: BatchAction, batchId: string): Promise<void> {
  try {
    await call(action, { batchId });
  } catch (error) {
    showError(toAppErrorData(error), 'job-action');
  }
  refreshBatches();
}
