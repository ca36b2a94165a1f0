import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import { copyFileHandle } from '../fs/copy-handle';
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
      // Opened through the library file guard before anything is asked or written: an output
      // that is a link (to /etc/passwd, say) or a pipe is refused with its reason, and no file
      // appears at the target.
      const source = await files.openJobFile(jobId, output.file);
      try {
        const target = await ctx.desktop.pickSavePath(`redraw-${jobId}-${output.file}`);
        if (!target) return { savedTo: null };
        // Copy beside the target, then rename: a full disk never leaves a half image under its name.
        const temp = join(dirname(target), `.${basename(target)}.redraw-partial`);
        try {
          const handle = await open(temp, 'w');
          try {
            await copyFileHandle(source, handle);
            await handle.sync();
          } finally {
            await handle.close();
          }
          await rename(temp, target);
        } catch (cause) {
          await rm(temp, { force: true });
          throw new AppError('internal', `Could not save to ${target}.`, { cause });
        }
        return { savedTo: target };
      } finally {
        await source.close();
      }
    },
    'outputs:show-in-folder': async ({ jobId, outputIndex }) => {
      const job = requireJob(store, jobId);
      const file = job.outputs[outputIndex]?.file ?? job.input.file;
      // Only a file the guard passes is shown: a link would open the OS file manager elsewhere.
      await ctx.desktop.showInFolder(await files.checkedJobFilePath(jobId, file));
      return { shown: true };
    },
    'images:copy': async ({ jobId, outputIndex }) => {
      const file = outputIndex === null ? requireJob(store, jobId).input.file : requireOutput(store, jobId, outputIndex).output.file;
      // Through the library file guard; its refusals ("… is missing from the library", "… is a
      // link to a file elsewhere …") are the message.
      const bytes = await files.readJobFile(jobId, file);
      // Every clipboard takes PNG; outputs may be JPEG or WebP.
      const png = file.endsWith('.png') ? bytes : await sharp(bytes).png().toBuffer();
      await ctx.desktop.copyImage(png);
      return { copied: true as const };
    },
  };
}
