import { create } from 'zustand';

/** The Batch re-run dialog: open for a fixed list of jobs (the selection when it was opened). */
type BatchDialogState = { jobIds: readonly string[] | null };

export const useBatchDialogStore = create<BatchDialogState>(() => ({ jobIds: null }));

export function openBatchDialog(jobIds: readonly string[]): void {
  if (jobIds.length > 0) useBatchDialogStore.setState({ jobIds: [...jobIds] });
}

export function closeBatchDialog(): void {
  useBatchDialogStore.setState({ jobIds: null });
}
