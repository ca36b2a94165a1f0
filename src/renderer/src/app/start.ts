import { call, subscribe, toAppErrorData } from '../api/client';
import { setAppInfo } from '../store/app-info';
import { removeJob, setJobList, upsertJob } from '../store/jobs';
import { setQueue } from '../store/queue';
import { setSettingsView } from '../store/settings';
import { setSettingsOpen, showError } from '../store/ui';

/**
 * Connects the page to main: live job and queue events first (so nothing that happens while
 * the list loads is missed), then app info, settings, the queue and the history in parallel.
 * Returns the function that disconnects the events.
 */
export function startApp(): () => void {
  let unsubscribers: Array<() => void> = [];
  try {
    unsubscribers = [
      subscribe('job:updated', (job) => upsertJob(job, 'event')),
      subscribe('job:deleted', ({ jobId }) => removeJob(jobId)),
      subscribe('queue:changed', setQueue),
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
  void call('queue:get', undefined).then(setQueue, fail);
  void call('jobs:list', undefined).then(setJobList, (error: unknown) => {
    setJobList([]);
    fail(error);
  });

  return () => {
    for (const unsubscribe of unsubscribers) unsubscribe();
  };
}
