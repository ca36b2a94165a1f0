import { call } from '../api/client';
import { setCurrentJob, toast } from '../store/ui';
import { jobAction } from './job-action';

function jobs(count: number): string {
  return count === 1 ? '1 job' : `${count} jobs`;
}

/**
 * Queues `copies` re-runs of a job, each with a new random seed. One at a time, so they queue
 * in order and a refusal stops the batch instead of repeating itself fifty times. The status
 * line follows the first copy, the one that starts first.
 */
export async function rerunJobCopies(jobId: string, copies: number): Promise<void> {
  let queued = 0;
  await jobAction(async () => {
    for (let i = 0; i < copies; i++) {
      const job = await call('jobs:rerun', { jobId });
      if (queued === 0) setCurrentJob(job.id);
      queued++;
    }
  });
  if (queued > 0) toast(`Queued ${jobs(queued)} with ${queued === 1 ? 'a new seed' : 'new seeds'}`);
}

/** Puts every failed, aborted or expired job back in the queue, oldest first (main does it in one go). */
export async function retryFailedJobs(): Promise<void> {
  await jobAction(async () => {
    const { queued } = await call('jobs:retry-failed', undefined);
    if (queued > 0) toast(`Queued ${jobs(queued)} again`);
  });
}

/** Stops everything waiting or running, in one go (a batch gone wrong, a wrong prompt in 8 jobs). */
export async function cancelAllJobs(): Promise<void> {
  await jobAction(async () => {
    const { canceled } = await call('jobs:cancel-all', undefined);
    toast(`Canceled ${jobs(canceled)}`);
  });
}
