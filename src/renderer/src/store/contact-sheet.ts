import { create } from 'zustand';

/** The batch whose contact sheet is open, if any. */
type ContactSheetState = { batchId: string | null };

export const useContactSheetStore = create<ContactSheetState>(() => ({ batchId: null }));

export function openContactSheet(batchId: string): void {
  useContactSheetStore.setState({ batchId });
}

export function closeContactSheet(): void {
  useContactSheetStore.setState({ batchId: null });
}
