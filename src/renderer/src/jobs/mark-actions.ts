import { call } from '../api/client';
import { jobAction } from './job-action';

/** The artist's marks on a job. The change comes back as a job event, like every other change. */
export async function setMarks(jobId: string, marks: { favourite?: boolean; rating?: number }): Promise<void> {
  await jobAction(() => call('jobs:set-marks', { jobId, ...marks }));
}
