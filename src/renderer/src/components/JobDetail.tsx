import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { isFinalStatus, type Job, type JobSummary } from '../../../shared/job';
import { call, toAppErrorData } from '../api/client';
import { describeError } from '../errors/describe-error';
import { formatBytes } from '../format/bytes';
import { formatDateTime, formatDuration, formatSeconds } from '../format/time';
import { takeJobInput, takeOutputAsInput } from '../input/import-input';
import {
  copyParamsToDraft,
  deleteJob,
  rerunJob,
  saveOutputAs,
  showOutputInFolder,
} from '../jobs/job-actions';
import { jobFileUrl } from '../jobs/media-url';
import { progressValue } from '../jobs/progress-value';
import { STATUS_WORDS, statusTone } from '../jobs/status-words';
import { PARAM_LABELS } from '../params/param-fields';
import { useMediaBaseUrl } from '../store/app-info';
import { useJobsStore } from '../store/jobs';
import { selectJob, useUiStore } from '../store/ui';

/** Logs change with every progress tick; fetching them at most this often keeps IPC quiet. */
const REFRESH_MS = 1000;

/**
 * The full job (with logs), fetched when the view opens and again, throttled, whenever the
 * job's summary changes. Replies are applied in order, so a slow old reply never wins.
 */
function useFullJob(jobId: string, updatedAt: string | undefined): { job: Job | null; error: string | null } {
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<string | null>(null);
  const lastFetch = useRef(0);
  const sent = useRef(0);
  const applied = useRef(0);

  useEffect(() => {
    const delay = Math.max(0, lastFetch.current + REFRESH_MS - Date.now());
    const timer = setTimeout(() => {
      lastFetch.current = Date.now();
      const seq = ++sent.current;
      call('jobs:get', { jobId }).then(
        (fresh) => {
          if (seq < applied.current) return;
          applied.current = seq;
          setJob(fresh);
          setError(null);
        },
        (failure: unknown) => {
          if (seq >= applied.current) setError(toAppErrorData(failure).message);
        },
      );
    }, delay);
    return () => clearTimeout(timer);
  }, [jobId, updatedAt]);

  return { job, error };
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </>
  );
}

/** With a random seed, the one the model drew is what an artist needs to reproduce a result. */
function seedText(job: JobSummary): string {
  if (job.params.seed !== null) return String(job.params.seed);
  return job.seedUsed === null ? 'Random' : `Random (used ${job.seedUsed})`;
}

function DeleteControl({ jobId }: { jobId: string }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (confirming) confirmRef.current?.focus();
  }, [confirming]);

  if (!confirming) {
    return (
      <button type="button" className="button button--danger" onClick={() => setConfirming(true)}>
        Delete
      </button>
    );
  }
  return (
    <span className="confirm-delete">
      <span className="confirm-delete-question">Delete this job and its images?</span>
      <button
        ref={confirmRef}
        type="button"
        className="button button--danger"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void deleteJob(jobId).then(() => setBusy(false));
        }}
      >
        Confirm delete
      </button>
      <button type="button" className="button button--ghost" disabled={busy} onClick={() => setConfirming(false)}>
        Keep
      </button>
    </span>
  );
}

function DetailBody({ summary, full }: { summary: JobSummary; full: Job | null }) {
  const mediaBaseUrl = useMediaBaseUrl();
  const final = isFinalStatus(summary.status);
  const logs = full?.logs ?? null;
  const progress = summary.progress;
  const params = summary.params;

  return (
    <div className="detail-body">
      <div className="detail-status">
        <span className={`badge badge--${statusTone(summary.status)}`}>{STATUS_WORDS[summary.status]}</span>
        {!final && progress !== null && (
          <span>
            {Math.round(progress.percent)}% · step {progress.current} of {progress.total}
            {progress.etaSeconds !== null ? ` · about ${formatSeconds(progress.etaSeconds)} left` : ''}
          </span>
        )}
        {!final && <progress className="detail-progress" aria-hidden="true" max={100} value={progressValue(summary)} />}
      </div>
      {summary.error !== null && summary.error.code !== 'canceled' && (
        <p className="detail-error">{describeError(summary.error, { final })}</p>
      )}

      <div className="detail-images">
        <figure className="detail-figure">
          {mediaBaseUrl !== null && (
            <img src={jobFileUrl(mediaBaseUrl, summary.id, summary.input.file)} alt="Input" decoding="async" />
          )}
          <figcaption>
            <span className="figure-title">Input</span>
            <span className="figure-meta">
              {summary.input.sourceName} · {summary.input.width}×{summary.input.height} · {formatBytes(summary.input.bytes)}
            </span>
          </figcaption>
          <div className="figure-actions">
            <button type="button" className="button button--small" onClick={() => void takeJobInput(summary.id)}>
              Use input
            </button>
          </div>
        </figure>
        {summary.outputs.map((output, index) => (
          <figure className="detail-figure" key={output.file}>
            {mediaBaseUrl !== null && (
              <img src={jobFileUrl(mediaBaseUrl, summary.id, output.file)} alt={`Output ${index + 1}`} decoding="async" />
            )}
            <figcaption>
              <span className="figure-title">Output {index + 1}</span>
              <span className="figure-meta">{formatBytes(output.bytes)}</span>
            </figcaption>
            <div className="figure-actions">
              <button type="button" className="button button--small" onClick={() => void takeOutputAsInput(summary.id, index)}>
                Use as input
              </button>
              <button type="button" className="button button--small" onClick={() => void saveOutputAs(summary.id, index)}>
                Save as…
              </button>
              <button
                type="button"
                className="button button--small"
                onClick={() => void showOutputInFolder(summary.id, index)}
              >
                Show in folder
              </button>
            </div>
          </figure>
        ))}
      </div>

      <div className="detail-columns">
        <section aria-labelledby="detail-params-heading">
          <h3 id="detail-params-heading">Parameters</h3>
          <dl className="detail-list">
            <Row label={PARAM_LABELS.prompt}>{params.prompt === '' ? '—' : params.prompt}</Row>
            <Row label={PARAM_LABELS.negativePrompt}>{params.negativePrompt === '' ? '—' : params.negativePrompt}</Row>
            <Row label={PARAM_LABELS.scheduler}>{params.scheduler}</Row>
            <Row label={PARAM_LABELS.numOutputs}>{params.numOutputs}</Row>
            <Row label={PARAM_LABELS.guidanceScale}>{params.guidanceScale}</Row>
            <Row label={PARAM_LABELS.promptStrength}>{params.promptStrength}</Row>
            <Row label={PARAM_LABELS.steps}>{params.steps}</Row>
            <Row label={PARAM_LABELS.seed}>{seedText(summary)}</Row>
          </dl>
        </section>
        <section aria-labelledby="detail-run-heading">
          <h3 id="detail-run-heading">Run</h3>
          <dl className="detail-list">
            <Row label="Created">{formatDateTime(summary.timings.createdAt, true)}</Row>
            <Row label="Started">{formatDateTime(summary.timings.startedAt, true)}</Row>
            <Row label="Completed">{formatDateTime(summary.timings.completedAt, true)}</Row>
            <Row label="Predict time">{formatDuration(summary.timings.predictTimeSeconds)}</Row>
            <Row label="Total time">{formatDuration(summary.timings.totalTimeSeconds)}</Row>
            <Row label="Prediction id">
              <code>{summary.predictionId ?? '—'}</code>
            </Row>
            <Row label="Model version">
              <code className="wrap-anywhere">{summary.modelVersion}</code>
            </Row>
            <Row label="Service">
              <code className="wrap-anywhere">{summary.apiBaseUrl}</code>
            </Row>
            {summary.inputTransport !== null && (
              <Row label="Sketch sent as">{summary.inputTransport === 'data-uri' ? 'data URI' : 'file upload'}</Row>
            )}
          </dl>
        </section>
      </div>

      <section aria-labelledby="detail-logs-heading">
        <h3 id="detail-logs-heading">Logs</h3>
        <pre className="detail-logs" tabIndex={0} aria-labelledby="detail-logs-heading">
          {logs === null ? 'Loading logs…' : logs === '' ? 'No logs yet.' : logs}
        </pre>
      </section>
    </div>
  );
}

/**
 * The detail view of one job. It is a non-modal panel over the history column: the sketch
 * and parameters on the left stay usable, so "Use these parameters" can be checked at once.
 */
function JobDetailPanel({ jobId }: { jobId: string }) {
  const summary = useJobsStore((state) => state.byId[jobId]);
  const { job: full, error: loadError } = useFullJob(jobId, summary?.updatedAt);
  const panelRef = useRef<HTMLElement>(null);

  useEffect(() => {
    panelRef.current?.focus();
    return () => {
      // Back to where the artist was, if that item still exists.
      const opener = document.querySelector<HTMLButtonElement>(`[data-job-id="${CSS.escape(jobId)}"] button`);
      opener?.focus();
    };
  }, [jobId]);

  // Deleted elsewhere (or by the delete button): there is nothing left to show.
  const exists = summary !== undefined;
  useEffect(() => {
    if (!exists) selectJob(null);
  }, [exists]);
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
      <DetailBody summary={summary} full={full} />
      <footer className="detail-actions">
        <button type="button" className="button button--primary" onClick={() => void rerunJob(summary.id)}>
          Run again
        </button>
        <button type="button" className="button" onClick={() => copyParamsToDraft(summary.params)}>
          Use these parameters
        </button>
        <span className="detail-actions-spacer" />
        <DeleteControl key={summary.id} jobId={summary.id} />
      </footer>
    </aside>
  );
}

export function JobDetail() {
  const jobId = useUiStore((state) => state.selectedJobId);
  return jobId === null ? null : <JobDetailPanel key={jobId} jobId={jobId} />;
}
