import { copyFile, open, readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './core-context';
import { requireJob, requireOutput } from './require-job';

type OutputHandlers = Pick<Handlers, 'outputs:save-as' | 'outputs:show-in-folder' | 'images:copy'>;

/** What can be done with a job's images outside the app: save a copy, show it in its folder, copy it. */
export function outputHandlers(ctx: CoreContext): OutputHandlers {
  const { store, files } = ctx.library;

  return {
    'outputs:save-as': async ({ jobId, outputIndex }) => {
      const { output } = requireOutput(store, jobId, outputIndex);
      const target = await ctx.desktop.pickSavePath(`redraw-${jobId}-${output.file}`);
      if (!target) return { savedTo: null };
      // Copy beside the target, then rename: a full disk never leaves a half image under its name.
      const temp = join(dirname(target), `.${basename(target)}.redraw-partial`);
      try {
        await copyFile(files.jobFilePath(jobId, output.file), temp);
        const handle = await open(temp, 'r+');
        await handle.sync().finally(() => handle.close());
        await rename(temp, target);
      } catch (cause) {
        await rm(temp, { force: true });
        throw new AppError('internal', `Could not save to ${target}.`, { cause });
      }
      return { savedTo: target };
    },
    'outputs:show-in-folder': async ({ jobId, outputIndex }) => {
      const job = requireJob(store, jobId);
      const file = job.outputs[outputIndex]?.file ?? job.input.file;
      await ctx.desktop.showInFolder(files.jobFilePath(jobId, file));
      return { shown: true };
    },
    'images:copy': async ({ jobId, outputIndex }) => {
      const file = outputIndex === null ? requireJob(store, jobId).input.file : requireOutput(store, jobId, outputIndex).output.file;
      const bytes = await readFile(files.jobFilePath(jobId, file)).catch((cause: unknown) => {
        throw new AppError('not-found', 'The image file is missing from the library.', { cause });
      });
      // Every clipboard takes PNG; outputs may be JPEG or WebP.
      const png = file.endsWith('.png') ? bytes : await sharp(bytes).png().toBuffer();
      await ctx.desktop.copyImage(png);
      return { copied: true as const };
    },
  };
}
