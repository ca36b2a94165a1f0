import { call, toAppErrorData } from '../api/client';
import { jobAction } from '../jobs/job-action';
import { setBatches } from '../store/batches';
import { setCostTotals } from '../store/costs';
import { showError } from '../store/ui';

const REFRESH_DELAY_MS = 250;
let timer: ReturnType<typeof setTimeout> | null = null;

/**
 * Reads the batches and the cost totals again (after one was made or changed, or when jobs changed status). Calls
 * close together become one: a batch of 500 jobs finishing does not ask 500 times.
 */
export function refreshBatches(): void {
  if (timer !== null) return;
  timer = setTimeout(() => {
    timer = null;
    const fail = (error: unknown): void => showError(toAppErrorData(error), 'job-action');
    call('batches:list', undefined).then(setBatches, fail);
    // Today and this month start at local midnight: the page knows the artist's zone, main does not guess it.
    const now = new Date();
    const dayStart = new Date(now.getFullYear(), now.getMonth(), now.getDate()).toISOString();
    const monthStart = new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
    call('costs:totals', { dayStart, monthStart }).then(setCostTotals, fail);
  }, REFRESH_DELAY_MS);
}

type BatchAction = 'batches:pause' | 'batches:resume' | 'batches:cancel' | 'batches:retry-failed';

/** Pause, resume, cancel or retry a batch; the list is read again after. */
export async function batchAction(action: BatchAction, batchId: string): Promise<void> {
  await jobAction(() => call(action, { batchId }));
  refreshBatches();
}
