import type { JobSummary } from '../../../shared/job';

/**
 * Until when a job is held back by the service's rate limit (ISO time), or null. Its own
 * `waitingUntil` first; a job not sent yet also waits whenever the whole queue is paused.
 */
export function rateLimitPause(job: Pick<JobSummary, 'status' | 'waitingUntil'>, queuePausedUntil: string | null): string | null {
  if (job.waitingUntil !== null) return job.waitingUntil;
  return job.status === 'queued' || job.status === 'submitting' ? queuePausedUntil : null;
}
