import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { JobStatus } from '../../../shared/job';
import { copyParamsToDraft, moveJobUp, retryJob } from '../jobs/job-actions';
import { exportJobs, useExportStore } from '../jobs/share-actions';
import { fetchJobs } from '../history/history-loader';
import { useFullJob } from '../jobs/use-full-job';
import { useJobsStore } from '../store/jobs';
import { useQueuePosition } from '../store/queue';
import { selectJob, useUiStore } from '../store/ui';
import { DeleteJobControl } from './DeleteJobControl';
import { JobDetailBody } from './JobDetailBody';
import { RunAgainControl } from './RunAgainControl';

/**
 * The detail view of one job: a non-modal panel in its own column (a full-window sheet on
 * narrow windows). The sketch and parameters stay usable beside it, so the effect of
 * "Use these parameters" or "Use as input" is visible at once. Escape or Close shuts it.
 */
/** Jobs that ended without a result; main can send them again as they were. */
const RETRYABLE: ReadonlySet<JobStatus> = new Set(['failed', 'canceled', 'aborted', 'expired']);

function JobDetailPanel({ jobId }: { jobId: string }) {
  const summary = useJobsStore((state) => state.byId[jobId]);
  const position = useQueuePosition(jobId);
  const { job: full, error: loadError } = useFullJob(jobId, summary?.updatedAt);
  const panelRef = useRef<HTMLElement>(null);
  const exporting = useExportStore((state) => state.busy);

  useEffect(() => {
    // Back to where the artist was on close: the control that opened the panel (a history card or
    // a queue entry), else the job's history card if that one has gone (a finished queue entry).
    // Only if focus was in the panel: picking another job has already put it where it belongs.
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const panel = panelRef.current;
    panel?.focus();
    return () => {
      const active = document.activeElement;
      if (active !== null && active !== document.body && !panel?.contains(active)) return;
      const target = opener?.isConnected
        ? opener
        : document.querySelector<HTMLButtonElement>(`[data-job-id="${CSS.escape(jobId)}"] button`);
      target?.focus();
    };
  }, [jobId]);

  // Not held by the page (linked from far away in the History): fetched. Gone (deleted here or
  // elsewhere): there is nothing left to show.
  const exists = summary !== undefined;
  useEffect(() => {
    if (exists) return;
    void fetchJobs([jobId]).then(
      () => {
        if (useJobsStore.getState().byId[jobId] === undefined) selectJob(null);
      },
      () => selectJob(null),
    );
  }, [exists, jobId]);
  if (summary === undefined) return null;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>): void => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      selectJob(null);
    }
  };

  return (
    <aside
      ref={panelRef}
      className="detail"
      role="dialog"
      aria-label="Job details"
      tabIndex={-1}
      onKeyDown={onKeyDown}
    >
      <header className="detail-head">
        <h2>Job details</h2>
        <button type="button" className="button button--ghost" onClick={() => selectJob(null)}>
          Close
        </button>
      </header>
      {loadError !== null && <p className="detail-error">Could not load the full job: {loadError}</p>}
      <JobDetailBody summary={summary} full={full} />
      <footer className="detail-actions">
        <RunAgainControl jobId={summary.id} />
        {RETRYABLE.has(summary.status) && (
          <button type="button" className="button" onClick={() => void retryJob(summary.id)}>
            Retry
          </button>
        )}
        <button type="button" className="button" onClick={() => copyParamsToDraft(summary)}>
          Use these parameters
        </button>
        <button type="button" className="button" onClick={() => void exportJobs([summary.id])} disabled={exporting}>
          {exporting ? 'Exporting…' : 'Export…'}
        </button>
        {position !== null && position > 1 && (
          <>
            <button type="button" className="button button--ghost" onClick={() => void moveJobUp(summary.id, false)}>
              Move up
            </button>
            <button type="button" className="button button--ghost" onClick={() => void moveJobUp(summary.id, true)}>
              Move to front
            </button>
          </>
        )}
        <span className="detail-actions-spacer" />
        <DeleteJobControl key={summary.id} jobId={summary.id} />
      </footer>
    </aside>
  );
}

export function JobDetail() {
  const jobId = useUiStore((state) => state.selectedJobId);
  return jobId === null ? null : <JobDetailPanel key={jobId} jobId={jobId} />;
}
