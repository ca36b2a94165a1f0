import { AppError } from '../../../shared/app-error';
import type { Job, JobOutput } from '../../../shared/job';
import type { JobStore } from '../catalog/job-store';

export function requireJob(store: JobStore, jobId: string): Job {
  const job = store.get(jobId);
  if (!job) throw new AppError('not-found', 'That job no longer exists.');
  return job;
}

export function requireOutput(store: JobStore, jobId: string, outputIndex: number): { job: Job; output: JobOutput } {
  const job = requireJob(store, jobId);
  const output = job.outputs[outputIndex];
  if (!output) throw new AppError('not-found', 'That output does not exist.');
  return { job, output };
}
