import { isFinalStatus, type JobStatus, type JobSummary } from '../../../shared/job';

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

/** Not sent yet, or sent without an answer: these need the network to move on. */
const NEEDS_NETWORK: ReadonlySet<JobStatus> = new Set(['queued', 'preparing', 'uploading', 'submitting', 'starting', 'processing', 'downloading']);

/** An unfinished job that cannot go on until the service is reachable again. */
export function waitsForNetwork(job: Pick<JobSummary, 'status' | 'error'>, online: boolean): boolean {
  return !isFinalStatus(job.status) && (job.error?.code === 'offline' || (!online && NEEDS_NETWORK.has(job.status)));
}

/**
 * A job's state in words, telling the truth offline: while the service cannot be reached a job
 * still to be sent (or followed) is waiting for the network, not "Submitting" or "Generating".
 */
export function statusWords(job: Pick<JobSummary, 'status' | 'error'>, online: boolean): string {
  return waitsForNetwork(job, online) ? 'Waiting for the network' : STATUS_WORDS[job.status];
}
