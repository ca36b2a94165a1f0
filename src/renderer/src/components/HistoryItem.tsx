import { memo } from 'react';
import { isFinalStatus } from '../../../shared/job';
import { formatDateTime } from '../format/time';
import { jobFileUrl, jobThumbnailFile } from '../jobs/media-url';
import { progressValue } from '../jobs/progress-value';
import { STATUS_WORDS, statusTone } from '../jobs/status-words';
import { useMediaBaseUrl } from '../store/app-info';
import { useJobsStore } from '../store/jobs';
import { selectJob, useUiStore } from '../store/ui';

const PROMPT_PREVIEW_CHARS = 90;

function truncate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

export const HistoryItem = memo(function HistoryItem({ jobId }: { jobId: string }) {
  const job = useJobsStore((state) => state.byId[jobId]);
  const selected = useUiStore((state) => state.selectedJobId === jobId);
  const mediaBaseUrl = useMediaBaseUrl();
  if (job === undefined) return null;

  const running = !isFinalStatus(job.status);
  const percent = job.progress === null ? null : Math.round(job.progress.percent);
  const prompt = truncate(job.params.prompt, PROMPT_PREVIEW_CHARS);

  return (
    <li className={selected ? 'gallery-item gallery-item--selected' : 'gallery-item'} data-job-id={job.id}>
      <button type="button" className="gallery-card" aria-current={selected ? 'true' : undefined} onClick={() => selectJob(job.id)}>
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
          <span className={`badge badge--${statusTone(job.status)}`}>
            {STATUS_WORDS[job.status]}
            {running && percent !== null ? ` ${percent}%` : ''}
          </span>
          <time className="gallery-time" dateTime={job.timings.createdAt}>
            {formatDateTime(job.timings.createdAt)}
          </time>
        </span>
        <span className={prompt === '' ? 'gallery-prompt gallery-prompt--empty' : 'gallery-prompt'}>
          {prompt === '' ? 'No prompt' : prompt}
        </span>
        {running && <progress className="gallery-progress" aria-hidden="true" max={100} value={progressValue(job)} />}
      </button>
    </li>
  );
});
