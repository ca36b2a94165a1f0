import { call } from '../api/client';
import { setCurrentJob, toast } from '../store/ui';
import { jobAction } from './job-action';

function jobs(count: number): string {
  return count === 1 ? '1 job' : `${count} jobs`;
}

/**
 * Queues `copies` re-runs of a job in one call, each with a new random seed or the seed the job
 * used. The status line follows the first copy, the one that starts first.
 */
export async function rerunJobCopies(jobId: string, copies: number, seed: 'same' | 'new'): Promise<void> {
  await jobAction(async () => {
    const made = await call('jobs:rerun', { jobId, copies, seed });
    const first = made[0];
    if (first !== undefined) setCurrentJob(first.id);
    const seeds = seed === 'same' ? 'the same seed' : made.length === 1 ? 'a new seed' : 'new seeds';
    toast(`Queued ${jobs(made.length)} with ${seeds}`);
  });
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
