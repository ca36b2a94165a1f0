import type { JobSummary } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { checkParamFields } from '../params/param-fields';
import { jobAction } from './job-action';
import { paramErrorsFromFields } from '../params/server-param-errors';
import { setDraftParams, useDraftStore } from '../store/draft';
import { cancelTargetId, useJobsStore } from '../store/jobs';
import { useQueueStore } from '../store/queue';
import { useSettingsStore } from '../store/settings';
import {
  clearError,
  setCurrentJob,
  setServerParamErrors,
  showError,
  toast,
  useUiStore,
} from '../store/ui';

/** Starts a job from the draft. The button is disabled when this would be refused, but main decides. */
export async function generate(): Promise<void> {
  const { input, fields } = useDraftStore.getState();
  const { params } = checkParamFields(fields);
  const tokenSet = useSettingsStore.getState().view?.tokenSet ?? false;
  if (input === null || params === null || !tokenSet || useUiStore.getState().generateBusy) return;
  useUiStore.setState({ generateBusy: true });
  try {
    // The reply only acknowledges: the job itself reaches the page as an event, like every change.
    const job = await call('jobs:create', { inputId: input.inputId, params });
    setCurrentJob(job.id);
    setServerParamErrors({});
    clearError('generate');
  } catch (error) {
    const data = toAppErrorData(error);
    setServerParamErrors(paramErrorsFromFields(data.fields));
    showError(data, 'generate');
  } finally {
    useUiStore.setState({ generateBusy: false });
  }
}

/** Cancels the current job, or the newest one still running; the status line then follows that job. */
export async function cancelRunningJob(): Promise<void> {
  const queue = useQueueStore.getState().queue;
  const jobId = cancelTargetId(useJobsStore.getState(), useUiStore.getState().currentJobId, [...(queue?.running ?? []), ...(queue?.waiting ?? [])]);
  if (jobId === null) return;
  setCurrentJob(jobId);
  await jobAction(async () => {
    await call('jobs:cancel', { jobId });
  });
}

/** Cancels one job from the queue, waiting or running; unlike Cancel by Generate, the status line stays where it is. */
export async function cancelJob(jobId: string): Promise<void> {
  await jobAction(async () => {
    await call('jobs:cancel', { jobId });
  });
}

/** Puts a failed, canceled, aborted or expired job back in the queue as it was; the status line follows it. */
export async function retryJob(jobId: string): Promise<void> {
  await jobAction(async () => {
    const job = await call('jobs:retry', { jobId });
    setCurrentJob(job.id);
    toast('Queued again');
  });
}

export async function moveJobUp(jobId: string, toTop: boolean): Promise<void> {
  await jobAction(async () => {
    await call('jobs:move-up', { jobId, toTop });
  });
}

export function deleteJob(jobId: string): Promise<boolean> {
  return jobAction(async () => {
    // The job:deleted event that follows takes it off the page.
    await call('jobs:delete', { jobId });
    toast('Job deleted');
  });
}

export async function saveOutputAs(jobId: string, outputIndex: number): Promise<void> {
  await jobAction(async () => {
    const { savedTo } = await call('outputs:save-as', { jobId, outputIndex });
    if (savedTo !== null) toast(`Saved to ${savedTo}`);
  });
}

export async function showOutputInFolder(jobId: string, outputIndex: number): Promise<void> {
  await jobAction(async () => {
    const { shown } = await call('outputs:show-in-folder', { jobId, outputIndex });
    if (!shown) toast('The file could not be shown in its folder');
  });
}

/** Copies a job's parameters into the draft; the service's old complaints no longer apply. */
/**
 * "Use these parameters": the job's parameters into the draft, with the seed the model actually
 * used (a random-seed job is reproduced, not re-rolled); "New seed" beside the field clears it.
 */
export function copyParamsToDraft(job: Pick<JobSummary, 'params' | 'seedUsed'>): void {
  const seed = job.seedUsed ?? job.params.seed;
  setDraftParams({ ...job.params, seed });
  setServerParamErrors({});
  toast(seed === null ? 'Parameters copied to the draft' : `Parameters copied to the draft (seed ${seed})`);
}
