import { useState } from 'react';
import type { AppErrorData } from '../../../shared/app-error';
import type { BatchSummary } from '../../../shared/batch-spec';
import { toAppErrorData } from '../api/client';
import { refreshBatches } from './batches-loader';

/**
 * Sending a batch from a dialog: busy while main makes it, its refusal kept to show, and on
 * success the batches list read again and `onQueued` (close the dialog, say so).
 */
export function useQueueBatch(onQueued: (batch: BatchSummary) => void) {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<AppErrorData | null>(null);
  const queue = async (send: () => Promise<BatchSummary>): Promise<void> => {
    setBusy(true);
    try {
      const batch = await send();
      onQueued(batch);
      refreshBatches();
    } catch (failure) {
      setRefusal(toAppErrorData(failure));
    } finally {
      setBusy(false);
    }
  };
  return { busy, refusal, setRefusal, queue };
}
