import { call, callAtStart, subscribe, toAppErrorData } from '../api/client';
import { refreshBatches } from '../batches/batches-loader';
import { refreshHistory, startHistory, whenIdle } from '../history/history-loader';
import { setAppInfo } from '../store/app-info';
import { applyJobEvent, putJobs, removeJob } from '../store/jobs';
import { unselect } from '../store/selection';
import { closeViewer, useViewerStore } from '../store/viewer';
import { setQueue } from '../store/queue';
import { setSettingsView } from '../store/settings';
import { setWatches } from '../store/watches';
import { loadWatches } from '../watch/watch-actions';
import { selectJob, setCurrentJob, setSettingsOpen, showError, useUiStore } from '../store/ui';

/** A job is gone (deleted here or elsewhere): nothing of the page may still show it. */
function forgetJob(jobId: string): void {
  removeJob(jobId);
  unselect(jobId);
  const ui = useUiStore.getState();
  if (ui.selectedJobId === jobId) selectJob(null);
  if (ui.currentJobId === jobId) setCurrentJob(null);
  if (useViewerStore.getState().open?.jobId === jobId) closeViewer();
}

/** The longest the first render waits for the start's answers: a slow main never leaves the window blank. */
const FIRST_RENDER_WAIT_MS = 400;

/**
 * Connects the page to main: live events first (so nothing that happens while the rest loads
 * is missed), then app info, settings and the History, then the queue with its jobs. Events are the
 * only source of job updates; replies to actions are only acknowledgements.
 * Resolves when the page has what its first frame shows (the media address and the History's
 * first window), or after FIRST_RENDER_WAIT_MS: rendering once with them is cheaper than
 * rendering an empty page and then again.
 */
export function startApp(): Promise<void> {
  try {
    subscribe('job:updated', applyJobEvent);
    // Main follows a delete with history:changed, which refreshes the History.
    subscribe('job:deleted', ({ jobId }) => forgetJob(jobId));
    subscribe('queue:changed', setQueue);
    subscribe('settings:changed', setSettingsView);
    subscribe('watch:changed', ({ watches }) => setWatches(watches));
    subscribe('history:changed', ({ jobIds }) => {
      refreshHistory({ libraryStatus: jobIds.length === 0 });
      // A status changed or jobs came or went: a batch's progress may have moved.
      refreshBatches();
    });
  } catch (error) {
    showError(toAppErrorData(error), 'startup');
    return Promise.resolve();
  }

  const fail = (error: unknown): void => showError(toAppErrorData(error), 'startup');
  const info = callAtStart('app:info', undefined).then(setAppInfo, fail);
  void callAtStart('settings:get', undefined).then((view) => {
    setSettingsView(view);
    // First start: nothing can be generated before a token exists, so say where it goes.
    if (!view.tokenSet) setSettingsOpen(true);
  }, fail);
  // The History's first window is what the artist looks at first: the queue follows when the
  // page is idle (its events are already subscribed, so nothing that happens meanwhile is missed).
  const history = startHistory();
  void history.finally(() =>
    whenIdle(() => {
      void call('jobs:active', undefined).then(putJobs, fail);
      void call('queue:get', undefined).then(setQueue, fail);
      void loadWatches().catch(fail);
      refreshBatches();
    }),
  );

  return Promise.race([Promise.all([info, history]).then(() => undefined), new Promise<void>((resolve) => setTimeout(resolve, FIRST_RENDER_WAIT_MS))]);
}
