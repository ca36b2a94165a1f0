import { memo, useId } from 'react';
import { isFinalStatus } from '../../../shared/job';
import { truncate } from '../format/text';
import { formatDateTime } from '../format/time';
import { jobFileUrl, jobThumbnailFile } from '../jobs/media-url';
import { progressValue } from '../jobs/progress-value';
import { STATUS_WORDS, statusTone } from '../jobs/status-words';
import { useMediaBaseUrl } from '../store/app-info';
import { useJobsStore } from '../store/jobs';
import { useQueuePosition } from '../store/queue';
import { selectJob, useUiStore } from '../store/ui';

const PROMPT_PREVIEW_CHARS = 90;

type HistoryItemProps = {
  jobId: string;
  /** Where it sits in the whole history: only a page is rendered, so the list size is told explicitly. */
  position: number;
  total: number;
};

export const HistoryItem = memo(function HistoryItem({ jobId, position, total }: HistoryItemProps) {
  const job = useJobsStore((state) => state.byId[jobId]);
  const selected = useUiStore((state) => state.selectedJobId === jobId);
  const mediaBaseUrl = useMediaBaseUrl();
  const queuePosition = useQueuePosition(jobId);
  const id = useId();
  if (job === undefined) return null;

  const running = !isFinalStatus(job.status);
  const percent = job.progress === null ? null : Math.round(job.progress.percent);
  const prompt = truncate(job.params.prompt, PROMPT_PREVIEW_CHARS);

  return (
    <li
      className={selected ? 'gallery-item gallery-item--selected' : 'gallery-item'}
      data-job-id={job.id}
      aria-posinset={position}
      aria-setsize={total}
    >
      {/* Named by prompt and time, described by status: the name identifies the job, the status is its
          state (and a "Canceled" in every card's name would also shadow the Cancel button for voice control). */}
      <button
        type="button"
        className="gallery-card"
        aria-labelledby={`${id}-prompt ${id}-time`}
        aria-describedby={`${id}-status`}
        aria-current={selected ? 'true' : undefined}
        onClick={() => selectJob(job.id)}
      >
        <span className="thumb">
          {mediaBaseUrl !== null && (
            // Lazy and async: with thousands of jobs only the visible thumbnails are fetched and decoded.
            <img
              src={jobFileUrl(mediaBaseUrl, job.id, jobThumbnailFile(job))}
              alt=""
              loading="lazy"
              decoding="async"
              draggable={false}
            />
          )}
          {job.outputs.length > 1 && <span className="thumb-count">{job.outputs.length}</span>}
        </span>
        <span className="gallery-meta">
          <span id={`${id}-status`} className={`badge badge--${statusTone(job.status)}`}>
            {STATUS_WORDS[job.status]}
            {running && percent !== null ? ` ${percent}%` : ''}
            {queuePosition !== null ? ` #${queuePosition}` : ''}
          </span>
          <time id={`${id}-time`} className="gallery-time" dateTime={job.timings.createdAt} title={formatDateTime(job.timings.createdAt, 'full')}>
            {formatDateTime(job.timings.createdAt, 'compact')}
          </time>
        </span>
        <span id={`${id}-prompt`} className={prompt === '' ? 'gallery-prompt gallery-prompt--empty' : 'gallery-prompt'}>
          {prompt === '' ? 'No prompt' : prompt}
        </span>
        {running && <progress className="gallery-progress" aria-hidden="true" max={100} value={progressValue(job)} />}
      </button>
    </li>
  );
});
