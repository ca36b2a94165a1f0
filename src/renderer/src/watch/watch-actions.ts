import type { GenerationParams } from '../../../shared/model-input';
import { call } from '../api/client';
import { jobAction } from '../jobs/job-action';
import { checkParamFields } from '../params/param-fields';
import { useDraftStore } from '../store/draft';
import { toast } from '../store/ui';
import { setWatches } from '../store/watches';

/** The Compose panel's parameters, if they are valid (what "Use current parameters" sends). */
function currentParams(): GenerationParams | null {
  return checkParamFields(useDraftStore.getState().fields).params;
}

/** Main's list again: a reply to an action is only an acknowledgement, but a missed event must not leave the page wrong. */
async function refreshWatches(): Promise<void> {
  setWatches(await call('watch:list', undefined));
}

/**
 * Opens the OS dialog (in main) and watches the file chosen, with the Compose panel's parameters
 * or, given `recipe`, that History job's recipe. The file as it is now runs as revision 1.
 */
export async function startWatching(recipe?: { jobId: string; params: GenerationParams }): Promise<void> {
  // A recipe job brings its own parameters; main still wants valid ones to fall back on.
  const params = currentParams() ?? recipe?.params ?? null;
  if (params === null) return;
  await jobAction(async () => {
    const watch = await call('watch:start', recipe === undefined ? { params } : { params, recipeJobId: recipe.jobId });
    if (watch === null) return;
    await refreshWatches();
    toast(`Watching ${watch.fileName}: each save that changes it is a new revision`);
  });
}

export async function applyCurrentParams(watchId: string): Promise<void> {
  const params = currentParams();
  if (params === null) return;
  await jobAction(async () => {
    await call('watch:update-params', { watchId, params });
    await refreshWatches();
    toast('The next revisions use the current parameters');
  });
}

export async function stopWatching(watchId: string): Promise<void> {
  await jobAction(async () => {
    await call('watch:stop', { watchId });
    await refreshWatches();
  });
}

export async function resumeWatching(watchId: string): Promise<void> {
  await jobAction(async () => {
    await call('watch:resume', { watchId });
    await refreshWatches();
  });
}

/** At start: the watches main resumed (their events may have come before the page listened). */
export function loadWatches(): Promise<void> {
  return refreshWatches();
}
