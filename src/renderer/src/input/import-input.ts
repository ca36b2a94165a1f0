import type { ChannelOutput } from '../../../shared/ipc-contract';
import type { DraftInput } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { setDraftInput } from '../store/draft';
import { openSketchesDialog } from '../store/sketches-dialog';
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

/**
 * Several sketches dropped at once (A1111's batch from a folder): each is staged in main, one at a
 * time; those refused are named; the rest go to the "Queue sketches" dialog, which estimates
 * and queues one job per sketch with the current parameters. The draft's own sketch stays.
 */
export async function importSketches(files: readonly File[]): Promise<void> {
  const staged: DraftInput[] = [];
  const refused: string[] = [];
  useUiStore.setState({ importBusy: true });
  try {
    for (const file of files) {
      const refusal = checkInputFile(file);
      if (refusal !== null) {
        refused.push(`${file.name}: ${refusal}`);
        continue;
      }
      try {
        staged.push(await call('input:import', { name: file.name || 'sketch', bytes: new Uint8Array(await file.arrayBuffer()) }));
      } catch (error) {
        refused.push(`${file.name}: ${toAppErrorData(error).message}`);
      }
    }
  } finally {
    useUiStore.setState({ importBusy: false });
  }
  const notUsed = refused.length === 0 ? null : `${refused.length === 1 ? 'One file was' : `${refused.length} files were`} not used. ${refused.join(' ')}`;
  // Said in the dialog when there is one, else in the alert bar.
  if (staged.length > 0) {
    clearError('import');
    openSketchesDialog(staged, notUsed);
  } else if (notUsed !== null) showError({ code: 'invalid-file', message: notUsed }, 'import');
}

/** The OS file dialog runs in main, so the page never holds a path. */
export async function pickInputFile(): Promise<void> {
  // Several sketches go to the Queue sketches dialog (one job each); the draft keeps its own.
  const picked: { several: ChannelOutput<'input:pick'> | null } = { several: null };
  await stage(async () => {
    const result = await call('input:pick', undefined);
    if (result.drafts.length > 1) {
      picked.several = result;
      return null;
    }
    return result.drafts[0] ?? null;
  });
  const { several } = picked;
  if (several !== null) openSketchesDialog(several.drafts, several.notUsed.length === 0 ? null : `Not used: ${several.notUsed.join(' ')}`);
}

export async function takeOutputAsInput(jobId: string, outputIndex: number): Promise<void> {
  if (await stage(() => call('input:from-output', { jobId, outputIndex }))) {
    toast(`Output ${outputIndex + 1} is now the input sketch`);
  }
}

export async function takeJobInput(jobId: string): Promise<void> {
  if (await stage(() => call('input:from-job', { jobId }))) toast('The job’s sketch is now the input');
}
