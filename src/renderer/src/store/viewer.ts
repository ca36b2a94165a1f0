import { create } from 'zustand';

/** Which image the full-window viewer shows: one of a job's outputs, or (null) its input sketch. */
export type ViewerTarget = { jobId: string; outputIndex: number | null };

type ViewerState = { open: ViewerTarget | null };

export const useViewerStore = create<ViewerState>(() => ({ open: null }));

/** What had focus when the viewer opened: focus goes back there when it closes. Not state: nothing renders it. */
let opener: HTMLElement | null = null;

export function openViewer(target: ViewerTarget): void {
  if (useViewerStore.getState().open === null) opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  useViewerStore.setState({ open: target });
}

export function closeViewer(): void {
  useViewerStore.setState({ open: null });
  const back = opener;
  opener = null;
  // After React has removed the viewer, so its own focus handling does not undo this.
  if (back?.isConnected) queueMicrotask(() => back.focus());
}
