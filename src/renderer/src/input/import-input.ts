import type { DraftInput } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { setDraftInput } from '../store/draft';
import { clearError, showError, toast, useUiStore } from '../store/ui';
import { checkInputFile } from './check-input-file';

/**
 * Every way a sketch becomes the draft's input ends here. On failure the current sketch
 * stays: only a successful answer from main replaces it.
 */
async function stage(work: () => Promise<DraftInput | null>): Promise<boolean> {
  useUiStore.setState({ importBusy: true });
  try {
    const input = await work();
    if (input === null) return false; // The artist closed the file dialog.
    setDraftInput(input);
    clearError('import');
    return true;
  } catch (error) {
    showError(toAppErrorData(error), 'import');
    return false;
  } finally {
    useUiStore.setState({ importBusy: false });
  }
}

/** A file dropped or pasted from the OS: main gets its bytes, never its path. */
export async function importFile(file: File): Promise<void> {
  const refusal = checkInputFile(file);
  if (refusal !== null) {
    showError({ code: 'invalid-file', message: refusal }, 'import');
    return;
  }
  await stage(async () => {
    const bytes = new Uint8Array(await file.arrayBuffer());
    return call('input:import', { name: file.name || 'pasted-image', bytes });
  });
}

/** The OS file dialog runs in main, so the page never holds a path. */
export async function pickInputFile(): Promise<void> {
  await stage(() => call('input:pick', undefined));
}

export async function takeOutputAsInput(jobId: string, outputIndex: number): Promise<void> {
  if (await stage(() => call('input:from-output', { jobId, outputIndex }))) {
    toast(`Output ${outputIndex + 1} is now the input sketch`);
  }
}

export async function takeJobInput(jobId: string): Promise<void> {
  if (await stage(() => call('input:from-job', { jobId }))) toast('The job’s sketch is now the input');
}
