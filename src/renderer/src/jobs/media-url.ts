import { thumbnailFileName, type JobSummary } from '../../../shared/job';

/**
 * Images reach the page only through main's media protocol (the page never sees file paths).
 * `mediaBaseUrl` comes from `app:info`; paths below it are library file names, already safe.
 */
export function mediaUrl(mediaBaseUrl: string, path: string): string {
  return `${mediaBaseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

export function jobFileUrl(mediaBaseUrl: string, jobId: string, file: string): string {
  return mediaUrl(mediaBaseUrl, `jobs/${jobId}/${file}`);
}

/** The picture that stands for a job: its first output once there is one, else the sketch it started from. */
function jobThumbnailFile(job: Pick<JobSummary, 'outputs' | 'input'>): string {
  return job.outputs[0]?.file ?? job.input.file;
}

/** The gallery-size preview of the picture that stands for a job. */
export function jobThumbnailUrl(mediaBaseUrl: string, job: Pick<JobSummary, 'id' | 'outputs' | 'input'>): string {
  return jobFileUrl(mediaBaseUrl, job.id, thumbnailFileName(jobThumbnailFile(job)));
}
