import type { JobStatus } from '../../../shared/job';

/** Job states as the artist reads them (the API's "processing" is what they see as generating). */
export const STATUS_WORDS: Record<JobStatus, string> = {
  queued: 'Queued',
  preparing: 'Preparing image',
  uploading: 'Uploading',
  submitting: 'Submitting',
  starting: 'Starting',
  processing: 'Generating',
  downloading: 'Downloading',
  succeeded: 'Done',
  failed: 'Failed',
  canceled: 'Canceled',
  aborted: 'Aborted',
  expired: 'Expired',
};

/** A colour family per state for the badges; the word is always shown too, colour is only a hint. */
export function statusTone(status: JobStatus): 'running' | 'done' | 'failed' | 'stopped' {
  switch (status) {
    case 'succeeded':
      return 'done';
    case 'failed':
    case 'expired':
      return 'failed';
    case 'canceled':
    case 'aborted':
      return 'stopped';
    default:
      return 'running';
  }
}
