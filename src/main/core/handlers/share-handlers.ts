import { AppError } from '../../../shared/app-error';
import type { Job } from '../../../shared/job';
import { exportJobs } from '../exports/export-jobs';
import type { Handlers } from '../ipc/dispatch';
import { dragIcon } from '../library/drag-icon';
import type { CoreContext } from './core-context';
import { requireOutput } from './require-job';

type ShareHandlers = Pick<Handlers, 'jobs:export' | 'jobs:show-export' | 'outputs:start-drag'>;

/** Jobs' images taken out of the app whole: a folder export with its manifest, or a drag into another app. */
export function shareHandlers(ctx: CoreContext): ShareHandlers {
  const { store, files, thumbnails } = ctx.library;
  // Folders exports made in this session: the only paths the page may ask main to show.
  const exportsMade = new Set<string>();

  return {
    'jobs:export': async ({ jobIds }) => {
      const jobs: Job[] = [];
      const missing: string[] = [];
      for (const jobId of new Set(jobIds)) {
        const job = store.get(jobId);
        if (job) jobs.push(job);
        else missing.push(jobId);
      }
      // Asked before the dialog: a selection of deleted jobs has nothing to choose a folder for.
      if (jobs.length === 0) throw new AppError('not-found', jobIds.length === 1 ? 'That job no longer exists.' : 'None of those jobs exist any more.');
      const folder = await ctx.desktop.pickFolder();
      if (folder === null) return { savedTo: null, jobs: 0, files: 0, skipped: [] };
      const result = await exportJobs({ jobs, missing, files, folder, now: new Date(ctx.clock.now()), appVersion: ctx.appInfo().version });
      exportsMade.add(result.savedTo);
      return result;
    },
    'jobs:show-export': async ({ savedTo }) => {
      if (!exportsMade.has(savedTo)) throw new AppError('not-found', 'Redraw made no export there in this session.');
      await ctx.desktop.showInFolder(savedTo);
      return { shown: true as const };
    },
    'outputs:start-drag': async ({ jobId, outputIndex }) => {
      const { output } = requireOutput(store, jobId, outputIndex);
      // Only a file the guard passes leaves the window: a link in the library would hand the other
      // app a file from elsewhere on the machine; a missing file is refused with its reason.
      const path = await files.checkedJobFilePath(jobId, output.file);
      await ctx.desktop.startDrag(path, await dragIcon(files, thumbnails, jobId, output.file));
      return { started: true as const };
    },
  };
}
