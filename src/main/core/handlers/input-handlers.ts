import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../shared/app-error';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import type { DraftInput, JobOrigin } from '../../../shared/job';
import { prepareInputImage } from '../image/prepare-input';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './core-context';
import { requireJob, requireOutput } from './require-job';

type InputHandlers = Pick<Handlers, 'input:import' | 'input:pick' | 'input:from-output' | 'input:from-job'>;

/** The key that groups jobs of one sketch: the hash of the prepared image the model receives. */
export function sketchKeyOf(png: Uint8Array): string {
  return createHash('sha256').update(png).digest('hex');
}

/** Every way a sketch is staged for the next job: prepared once, its name and origin remembered in the catalog. */
export function inputHandlers(ctx: CoreContext): InputHandlers {
  const { files, drafts, store } = ctx.library;
  /**
   * Reads (`load`) and prepares a sketch in its turn, then stages it as a draft. One sketch is
   * read and decoded at a time, whichever way it came (drop, paste, pick, reuse, a watched
   * file): a decode's memory is bounded by the input limits, and ctx.oneImport keeps it to one.
   */
  async function stageDraft(load: () => Promise<Uint8Array>, sourceName: string, origin: JobOrigin, sketchKey?: string): Promise<DraftInput> {
    const prepared = await ctx.oneImport(async () => prepareInputImage(await load(), sourceName));
    const inputId = await files.saveDraft(prepared.png);
    drafts.add({ inputId, sourceName, origin, sketchKey: sketchKey ?? sketchKeyOf(prepared.png) });
    return {
      inputId,
      origin,
      sourceName,
      width: prepared.width,
      height: prepared.height,
      bytes: prepared.png.byteLength,
      mediaPath: `drafts/${inputId}.png`,
    };
  }

  /** A file the artist picked in the OS dialog, staged (main reads it; the page never sees the path). */
  async function stageFile(path: string): Promise<DraftInput> {
    const name = basename(path);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) throw new AppError('invalid-file', `${name}: the file cannot be read.`);
    if (info.size > MAX_INPUT_BYTES) {
      throw new AppError('invalid-file', `${name}: the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB.`);
    }
    return stageDraft(() => readFile(path), name, { kind: 'file' });
  }

  return {
    'input:import': async ({ name, bytes }) => stageDraft(async () => bytes, basename(name) || 'pasted image', { kind: 'file' }),
    'input:pick': async () => {
      const paths = await ctx.desktop.pickImageFiles();
      // One file: staged or refused with its reason. Several: each staged (one at a time, so
      // memory holds one image), the refused ones named.
      if (paths.length <= 1) return { drafts: paths[0] === undefined ? [] : [await stageFile(paths[0])], notUsed: [] };
      const drafts: DraftInput[] = [];
      const notUsed: string[] = [];
      for (const path of paths) {
        try {
          drafts.push(await stageFile(path));
        } catch (error) {
          notUsed.push(error instanceof AppError ? error.message : `${basename(path)}: the file cannot be read.`);
        }
      }
      return { drafts, notUsed };
    },
    'input:from-output': async ({ jobId, outputIndex }) => {
      const { output } = requireOutput(store, jobId, outputIndex);
      // Through the library file guard: an output that is a link to a file elsewhere is refused.
      return stageDraft(() => files.readJobFile(jobId, output.file), `${jobId}-${output.file}`, {
        kind: 'output',
        jobId,
        outputIndex,
      });
    },
    'input:from-job': async ({ jobId }) => {
      const job = requireJob(store, jobId);
      // The same sketch: its jobs stay in one group.
      const sketchKey = job.sketchKey === '' ? undefined : job.sketchKey;
      return stageDraft(() => files.readJobFile(jobId, job.input.file), job.input.sourceName, { kind: 'input', jobId }, sketchKey);
    },
  };
}
