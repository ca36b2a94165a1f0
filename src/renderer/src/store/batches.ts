import { create } from 'zustand';
import type { BatchSummary } from '../../../shared/batch-spec';

/** The batches main lists (newest first), with their progress and cost counted from their jobs. */
type BatchesState = { list: readonly BatchSummary[] };

export const useBatchesStore = create<BatchesState>(() => ({ list: [] }));

export function setBatches(list: readonly BatchSummary[]): void {
  useBatchesStore.setState({ list });
}
