import { call, toAppErrorData } from '../api/client';
import { showError } from '../store/ui';

/** The artist's marks on a job. The change comes back as a job event, like every other change. */
export async function setFavourite(jobId: string, favourite: boolean): Promise<void> {
  try {
    await call('jobs:set-marks', { jobId, favourite });
  } catch (error) {
    showError(toAppErrorData(error), 'job-action');
  }
}

export async function setRating(jobId: string, rating: number): Promise<void> {
  try {
    await call('jobs:set-marks', { jobId, rating });
  } catch (error) {
    showError(toAppErrorData(error), 'job-action');
  }
}
