import { call, subscribe, toAppErrorData } from '../api/client';
import { refreshHistory, startHistory } from '../history/history-loader';
import { setAppInfo } from '../store/app-info';
import { applyJobEvent, putJobs, removeJob } from '../store/jobs';
import { closeViewer, useViewerStore } from '../store/viewer';
import { setQueue } from '../store/queue';
import { setSettingsView } from '../store/settings';
import { selectJob, setCurrentJob, setSettingsOpen, showError, useUiStore } from '../store/ui';

/** A job is gone (deleted here or elsewhere): nothing of the page may still show it. */
function forgetJob(jobId: string): void {
  removeJob(jobId);
  const ui = useUiStore.getState();
  if (ui.selectedJobId === jobId) selectJob(null);
  if (ui.currentJobId === jobId) setCurrentJob(null);
  if (useViewerStore.getState().open?.jobId === jobId) closeViewer();
}

/**
 * Connects the page to main: live events first (so nothing that happens while the rest loads
 * is missed), then app info, settings and the History, then the queue with its jobs. Events are the
 * only source of job updates; replies to actions are only acknowledgements.
 * Returns the function that disconnects the events.
 */
export function startApp(): () => void {
  let unsubscribers: Array<() => void> = [];
  try {
    unsubscribers = [
      subscribe('job:updated', applyJobEvent),
      // Main follows a delete with history:changed, which refreshes the History.
      subscribe('job:deleted', ({ jobId }) => forgetJob(jobId)),
      subscribe('queue:changed', setQueue),
      subscribe('history:changed', ({ jobIds }) => refreshHistory({ libraryStatus: jobIds.length === 0 })),
    ];
  } catch (error) {
    showError(toAppErrorData(error), 'startup');
    return () => {};
  }

  const fail = (error: unknown): void => showError(toAppErrorData(error), 'startup');
  void call('app:info', undefined).then(setAppInfo, fail);
  void call('settings:get', undefined).then((view) => {
    setSettingsView(view);
    // First start: nothing can be generated before a token exists, so say where it goes.
    if (!view.tokenSet) setSettingsOpen(true);
  }, fail);
  // The History's first window is what the artist looks at first: the queue follows it (its
  // events are already subscribed, so nothing that happens meanwhile is missed).
  void startHistory().finally(() => {
    void call('jobs:active', undefined).then(putJobs, fail);
    void call('queue:get', undefined).then(setQueue, fail);
  });

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
