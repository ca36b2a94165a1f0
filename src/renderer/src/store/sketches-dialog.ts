import { create } from 'zustand';
import type { DraftInput } from '../../../shared/job';

/** Several sketches dropped at once, staged and waiting for "Queue N jobs" (null: no dialog). */
type SketchesDialogState = { sketches: readonly DraftInput[] | null; notUsed: string | null };

export const useSketchesDialogStore = create<SketchesDialogState>(() => ({ sketches: null, notUsed: null }));

/** Opens the dialog for these sketches; `notUsed` says which other files were not used, and why. */
export function openSketchesDialog(sketches: readonly DraftInput[], notUsed: string | null): void {
  useSketchesDialogStore.setState({ sketches: [...sketches], notUsed });
}

export function closeSketchesDialog(): void {
  useSketchesDialogStore.setState({ sketches: null, notUsed: null });
}
