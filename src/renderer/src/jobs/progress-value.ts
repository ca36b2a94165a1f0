import { isFinalStatus, type JobSummary } from '../../../shared/job';

/**
 * The value for a <progress>: a finished job reads full, a running one without numbers yet is
 * indeterminate (undefined), anything else shows how far it got.
 */
export function progressValue(job: Pick<JobSummary, 'status' | 'progress'> | null): number | undefined {
  if (job === null) return 0;
  if (job.status === 'succeeded') return 100;
  if (job.progress !== null) return job.progress.percent;
  return isFinalStatus(job.status) ? 0 : undefined;
}
