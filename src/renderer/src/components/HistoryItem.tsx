import { memo, useId } from 'react';
import { isFinalStatus } from '../../../shared/job';
import { truncate } from '../format/text';
import { formatDateTime } from '../format/time';
import { jobThumbnailUrl } from '../jobs/media-url';
import { paramSummary } from '../jobs/param-summary';
import { progressValue } from '../jobs/progress-value';
import { statusTone, statusWords } from '../jobs/status-words';
import { useOnline } from '../jobs/use-online';
import { useMediaBaseUrl } from '../store/app-info';
import { useJobsStore } from '../store/jobs';
import { useQueuePosition } from '../store/queue';
import { isSelected, selectRangeTo, setSelectionAnchor, toggleSelected, useSelectionStore } from '../store/selection';
import { selectJob, useUiStore } from '../store/ui';
import { openViewer } from '../store/viewer';
import { FavouriteToggle } from './FavouriteToggle';
import '../watch/watch.css';

const PROMPT_PREVIEW_CHARS = 90;

type HistoryItemProps = {
  /** Undefined while its window is on its way from main: a placeholder keeps its place. */
  jobId: string | undefined;
  /** Where it sits in the whole result: only a few rows are rendered, so the size is told explicitly. */
  position: number;
  total: number;
};

/**
 * One job in the History: its first output as it is (letterboxed, never cropped), how many
 * outputs, the parameters that tell variants apart, status, time and prompt. It follows its own
 * job in the store, so a progress tick re-renders this card and nothing else.
 */
export const HistoryItem = memo(function HistoryItem({ jobId, position, total }: HistoryItemProps) {
  const job = useJobsStore((state) => (jobId === undefined ? undefined : state.byId[jobId]));
  const selected = useUiStore((state) => jobId !== undefined && state.selectedJobId === jobId);
  const checked = useSelectionStore((state) => jobId !== undefined && isSelected(state, jobId));
  const selecting = useSelectionStore((state) => state.ids.length > 0);
  const mediaBaseUrl = useMediaBaseUrl();
  const queuePosition = useQueuePosition(jobId ?? null);
  const online = useOnline();
  const id = useId();

  if (job === undefined) {
    return (
      <div role="listitem" className="gallery-item" aria-posinset={position} aria-setsize={total} aria-busy="true">
        <span className="gallery-card gallery-card--placeholder">
          <span className="thumb" />
          <span className="gallery-loading">Loading…</span>
        </span>
      </div>
    );
  }

  const running = !isFinalStatus(job.status);
  const words = statusWords(job, online);
  const percent = job.progress === null ? null : Math.round(job.progress.percent);
  const prompt = truncate(job.params.prompt, PROMPT_PREVIEW_CHARS);
  const showStatus = job.status !== 'succeeded';

  return (
    <div
      role="listitem"
      className={`gallery-item${selected ? ' gallery-item--selected' : ''}${checked ? ' gallery-item--checked' : ''}${selecting ? ' gallery-item--selecting' : ''}`}
      data-job-id={job.id}
      aria-posinset={position}
      aria-setsize={total}
    >
      {/* Named by prompt and time, described by status and parameters: the name identifies the job. */}
      <button
        type="button"
        className="gallery-card"
        aria-labelledby={`${id}-prompt ${id}-time`}
        aria-describedby={`${id}-status ${id}-params`}
        aria-current={selected ? 'true' : undefined}
        onClick={(event) => {
          // Ctrl/Cmd-click toggles, Shift-click selects a range, a plain click opens the job.
          if (event.ctrlKey || event.metaKey) toggleSelected(job.id);
          else if (event.shiftKey) void selectRangeTo(job.id, position - 1);
          else {
            setSelectionAnchor(job.id);
            selectJob(job.id);
          }
        }}
        onDoubleClick={() => openViewer({ jobId: job.id, outputIndex: job.outputs.length > 0 ? 0 : null })}
      >
        <span className="thumb">
          {mediaBaseUrl !== null && (
            // Eager: the gallery is virtualised, so only cards on (or next to) the screen exist and
            // lazy loading would only add a layout pass before each fetch. Decoded off the main thread.
            <img
              src={jobThumbnailUrl(mediaBaseUrl, job)}
              alt=""
              decoding="async"
              draggable={false}
            />
          )}
          {job.outputs.length > 1 && (
            <span className="thumb-count" title={`${job.outputs.length} outputs`}>
              {job.outputs.length}
            </span>
          )}
          {job.watch !== null && (
            <span className="thumb-revision" title={`Revision ${job.watch.revision} of ${job.watch.fileName}`}>
              Rev {job.watch.revision}
            </span>
          )}
          {job.rating > 0 && (
            <span className="thumb-rating" aria-label={`Rated ${job.rating} of 5`}>
              {'★'.repeat(job.rating)}
            </span>
          )}
        </span>
        <span id={`${id}-params`} className="gallery-params">
          {paramSummary(job).map((param) => (
            <span key={param.label} className="gallery-param" title={param.label}>
              <span className="gallery-param-label">{param.label}</span> {param.value}
            </span>
          ))}
        </span>
        <span className="gallery-meta">
          <span id={`${id}-status`} className={showStatus ? `badge badge--${statusTone(job.status)}` : 'visually-hidden'}>
            {words}
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
      <input
        type="checkbox"
        className="gallery-check"
        aria-label="Select"
        checked={checked}
        onChange={() => undefined}
        onClick={(event) => {
          if (event.shiftKey) {
            event.preventDefault();
            void selectRangeTo(job.id, position - 1);
          } else toggleSelected(job.id);
        }}
      />
      <FavouriteToggle jobId={job.id} favourite={job.favourite} className="gallery-favourite" />
    </div>
  );
});
