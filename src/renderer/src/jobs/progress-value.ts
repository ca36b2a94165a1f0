import { isFinalStatus, type JobSummary } from '../../../shared/job';

/**
 * The value for a <progress>: a finished job reads full, a running one without numbers yet is
 * indeterminate (undefined), anything else shows how far it got. A job still waiting in line
 * reads empty rather than indeterminate: it is not busy, and hundreds of animated bars for a
 * long queue would keep the page repainting for nothing.
 */
export function progressValue(job: Pick<JobSummary, 'status' | 'progress'> | null): number | undefined {
  if (job === null) return 0;
  if (job.status === 'succeeded') return 100;
  if (job.progress !== null) return job.progress.percent;
  return isFinalStatus(job.status) || job.status === 'queued' ? 0 : undefined;
}
