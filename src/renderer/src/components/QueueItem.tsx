import { memo, useId } from 'react';
import { truncate } from '../format/text';
import { formatSeconds } from '../format/time';
import { parseTime, useSecondsLeft } from '../hooks/use-seconds-left';
import { cancelJob, moveJobUp } from '../jobs/job-actions';
import { jobFileUrl } from '../jobs/media-url';
import { progressValue } from '../jobs/progress-value';
import { rateLimitPause } from '../jobs/rate-limit-pause';
import { statusTone, statusWords, waitsForNetwork } from '../jobs/status-words';
import { useOnline } from '../jobs/use-online';
import { useMediaBaseUrl } from '../store/app-info';
import { useJobsStore } from '../store/jobs';
import { useQueueStore } from '../store/queue';
import { selectJob } from '../store/ui';

const PROMPT_PREVIEW_CHARS = 80;

type QueueItemProps = {
  jobId: string;
  /** 1-based place among the waiting jobs; null for a running one. Passed in, so no item searches the queue. */
  waitingPosition: number | null;
  /** Where it sits in the whole list: only a page is rendered, so the list size is told explicitly. */
  position: number;
  total: number;
};

/** "40% · about 6 s left", with whatever of it is known. */
function progressWords(percent: number | null, etaSeconds: number | null): string {
  const parts: string[] = [];
  if (percent !== null) parts.push(`${Math.round(percent)}%`);
  // The last step's estimate rounds to "0 s" while the images are still being made and fetched.
  if (etaSeconds !== null) parts.push(etaSeconds < 0.5 ? 'almost done' : `about ${formatSeconds(etaSeconds)} left`);
  return parts.join(' · ');
}

/**
 * One job in the queue: what it is, where it stands, and what can be done about it. It follows
 * its own job in the store, so a progress tick re-renders this entry and nothing else.
 */
export const QueueItem = memo(function QueueItem({ jobId, waitingPosition, position, total }: QueueItemProps) {
  const job = useJobsStore((state) => state.byId[jobId]);
  const queuePause = useQueueStore((state) => state.queue?.rateLimitedUntil ?? null);
  const waitSeconds = useSecondsLeft(job === undefined ? null : parseTime(rateLimitPause(job, queuePause)));
  const mediaBaseUrl = useMediaBaseUrl();
  const online = useOnline();
  const id = useId();

  if (job === undefined) {
    // The queue named a job whose details are still on their way; it takes its place meanwhile.
    return (
      <li className="queue-item queue-item--loading" aria-posinset={position} aria-setsize={total}>
        <span className="queue-thumb" />
        <span className="queue-loading">Loading job…</span>
      </li>
    );
  }

  const waiting = waitingPosition !== null;
  const words = statusWords(job, online);
  const prompt = truncate(job.params.prompt, PROMPT_PREVIEW_CHARS);
  // An estimate means nothing while the job cannot reach the service.
  const offline = waitsForNetwork(job, online);
  const progress = waiting ? '' : progressWords(job.progress?.percent ?? null, offline ? null : (job.progress?.etaSeconds ?? null));

  return (
    <li
      className={waiting ? 'queue-item' : 'queue-item queue-item--running'}
      aria-posinset={position}
      aria-setsize={total}
    >
      <span className="queue-thumb">
        {mediaBaseUrl !== null && (
          <img src={jobFileUrl(mediaBaseUrl, job.id, job.input.file)} alt="" loading="lazy" decoding="async" draggable={false} />
        )}
      </span>
      <div className="queue-main">
        <button
          type="button"
          className={prompt === '' ? 'queue-prompt queue-prompt--empty' : 'queue-prompt'}
          title={job.params.prompt === '' ? undefined : job.params.prompt}
          aria-describedby={`${id}-status`}
          onClick={() => selectJob(job.id)}
        >
          {prompt === '' ? 'No prompt' : prompt}
        </button>
        <div id={`${id}-status`} className="queue-status">
          <span className={`badge badge--${statusTone(job.status)}`}>{words}</span>
          {waiting && <span className="queue-position">#{waitingPosition}</span>}
          {progress !== '' && <span className="queue-progress-text">{progress}</span>}
          {waitSeconds !== null && waitSeconds > 0 && (
            <span className="queue-wait">Waiting for the rate limit, {waitSeconds} s</span>
          )}
        </div>
        {!waiting && <progress className="queue-job-progress" aria-label="Job progress" max={100} value={progressValue(job)} />}
      </div>
      <div className="queue-actions">
        {waiting && (
          <>
            {/* Kept (disabled) on the first entry, so the buttons line up down the list. */}
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={waitingPosition === 1}
              onClick={() => void moveJobUp(job.id, false)}
            >
              Move up
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={waitingPosition === 1}
              onClick={() => void moveJobUp(job.id, true)}
            >
              Move to front
            </button>
          </>
        )}
        <button type="button" className="button button--small" onClick={() => void cancelJob(job.id)}>
          Cancel
        </button>
      </div>
    </li>
  );
});
