import type { DragEvent } from 'react';
import { create } from 'zustand';
import { call } from '../api/client';
import { toast } from '../store/ui';
import { exportSummary } from './export-summary';
import { jobAction } from './job-action';

/** One export at a time from this window: the buttons say so while main copies. */
export const useExportStore = create<{ busy: boolean }>(() => ({ busy: false }));

/**
 * Main asks for a folder and writes the jobs' images and a manifest into a new folder inside it;
 * the toast says what went where and offers to show it. A canceled dialog says nothing.
 */
export async function exportJobs(jobIds: readonly string[]): Promise<void> {
  if (jobIds.length === 0 || useExportStore.getState().busy) return;
  useExportStore.setState({ busy: true });
  try {
    await jobAction(async () => {
      const result = await call('jobs:export', { jobIds: [...jobIds] });
      const savedTo = result.savedTo;
      if (savedTo === null) return;
      toast(exportSummary({ ...result, savedTo }), {
        label: 'Show in folder',
        run: () => void jobAction(() => call('jobs:show-export', { savedTo })),
      });
    });
  } finally {
    useExportStore.setState({ busy: false });
  }
}

/**
 * An output dragged out of the window (to a file manager, an editor, a chat): the page's own drag
 * would carry only an http URL, so it is canceled and main starts the OS drag of the file itself.
 */
export function dragOutputOut(event: DragEvent, jobId: string, outputIndex: number): void {
  event.preventDefault();
  void jobAction(() => call('outputs:start-drag', { jobId, outputIndex }));
}

/** The viewer's drag-out handler for what it shows: an output can be dragged out, the sketch cannot. */
export function outputDragHandler(jobId: string, outputIndex: number | null): ((event: DragEvent) => void) | undefined {
  return outputIndex === null ? undefined : (event) => dragOutputOut(event, jobId, outputIndex);
}

/** One of a job's images on the clipboard, as PNG (main does it: the page has no clipboard permission). */
export async function copyImage(jobId: string, outputIndex: number | null): Promise<void> {
  await jobAction(async () => {
    await call('images:copy', { jobId, outputIndex });
    toast('Image copied to the clipboard');
  });
}
