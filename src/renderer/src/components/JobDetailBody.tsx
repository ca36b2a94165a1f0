import type { ReactNode } from 'react';
import { isFinalStatus, type Job, type JobSummary } from '../../../shared/job';
import { describeError } from '../errors/describe-error';
import { formatBytes } from '../format/bytes';
import { formatDateTime, formatDuration, formatSeconds } from '../format/time';
import { takeJobInput, takeOutputAsInput } from '../input/import-input';
import { saveOutputAs, showOutputInFolder } from '../jobs/job-actions';
import { copyImage, dragOutputOut } from '../jobs/share-actions';
import { jobFileUrl } from '../jobs/media-url';
import { progressValue } from '../jobs/progress-value';
import { statusTone, statusWords } from '../jobs/status-words';
import { useOnline } from '../jobs/use-online';
import { PARAM_LABELS } from '../params/param-fields';
import { setHistoryView } from '../history/history-loader';
import { AXIS_LABELS } from '../../../shared/contact-sheet-layout';
import { formatUsd } from '../format/money';
import { useBatchesStore } from '../store/batches';
import { openContactSheet } from '../store/contact-sheet';
import { useMediaBaseUrl } from '../store/app-info';
import { useSettingsStore } from '../store/settings';
import { openViewer } from '../store/viewer';
import { FavouriteToggle } from './FavouriteToggle';
import { JobLineageSection } from './JobLineageSection';
import { JobRevisionsSection } from './JobRevisionsSection';
import { startWatching } from '../watch/watch-actions';
import { RatingControl } from './RatingControl';

/** The batch a job was made in, with its place on the batch's axes; opens the batch's contact sheet. */
function BatchLink({ batch }: { batch: NonNullable<JobSummary['batch']> }) {
  const name = useBatchesStore((state) => state.list.find((b) => b.id === batch.id)?.name ?? 'A batch');
  const place = Object.entries(batch.axes)
    .filter(([axis]) => axis !== 'job')
    .map(([axis, value]) => `${AXIS_LABELS[axis] ?? axis} ${String(value)}`)
    .join(', ');
  return (
    <>
      <button type="button" className="link-button" onClick={() => openContactSheet(batch.id)}>
        {name}
      </button>
      {place !== '' && <span className="lineage-time"> ({place})</span>}
    </>
  );
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

/** "40% · step 10 of 25 · about 6 s left"; a finished job reads 100% even if no step count was seen. */
function progressText(job: JobSummary): string {
  const value = progressValue(job);
  const parts: string[] = [];
  if (value !== undefined && (job.progress !== null || job.status === 'succeeded')) parts.push(`${Math.round(value)}%`);
  if (job.progress !== null) {
    parts.push(`step ${job.progress.current} of ${job.progress.total}`);
    if (!isFinalStatus(job.status) && job.progress.etaSeconds !== null) {
      parts.push(`about ${formatSeconds(job.progress.etaSeconds)} left`);
    }
  }
  return parts.join(' · ');
}

/** Everything known about a job: its images (with what can be done with each), parameters, timings and logs. */
export function JobDetailBody({ summary, full }: { summary: JobSummary; full: Job | null }) {
  const mediaBaseUrl = useMediaBaseUrl();
  const pricePerSecond = useSettingsStore((state) => state.view?.pricePerSecondUsd ?? null);
  const final = isFinalStatus(summary.status);
  const words = statusWords(summary, useOnline());
  const logs = full?.logs ?? null;
  const params = summary.params;

  return (
    <div className="detail-body">
      <div className="detail-status">
        <span className={`badge badge--${statusTone(summary.status)}`}>{words}</span>
        <span>{progressText(summary)}</span>
        {!final && <progress className="detail-progress" aria-hidden="true" max={100} value={progressValue(summary)} />}
      </div>
      <div className="detail-marks">
        <FavouriteToggle jobId={summary.id} favourite={summary.favourite} />
        <RatingControl jobId={summary.id} rating={summary.rating} />
        {summary.sketchKey !== '' && (
          <button
            type="button"
            className="button button--small button--ghost"
            onClick={() => setHistoryView({ sketch: { key: summary.sketchKey, name: summary.input.sourceName } })}
          >
            All jobs of this sketch
          </button>
        )}
        <button type="button" className="button button--small button--ghost" onClick={() => void startWatching({ jobId: summary.id, params: summary.params })}>
          Watch a file with this recipe…
        </button>
      </div>
      {summary.error !== null && summary.error.code !== 'canceled' && summary.status !== 'canceled' && (
        <p className="detail-error">{describeError(summary.error, { final })}</p>
      )}

      <div className="detail-images">
        <figure className="detail-figure">
          {mediaBaseUrl !== null && (
            <button type="button" className="figure-open" aria-label="View input full size" onClick={() => openViewer({ jobId: summary.id, outputIndex: null })}>
              <img src={jobFileUrl(mediaBaseUrl, summary.id, summary.input.file)} alt="Input" decoding="async" />
            </button>
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
              <button
                type="button"
                className="figure-open"
                aria-label={`View output ${index + 1} full size`}
                onClick={() => openViewer({ jobId: summary.id, outputIndex: index })}
              >
                <img
                  src={jobFileUrl(mediaBaseUrl, summary.id, output.file)}
                  alt={`Output ${index + 1}`}
                  decoding="async"
                  draggable
                  title="Click to view; drag into another app to copy the file there"
                  onDragStart={(event) => dragOutputOut(event, summary.id, index)}
                />
              </button>
            )}
            <figcaption>
              <span className="figure-title">Output {index + 1}</span>
              <span className="figure-meta">
                {output.width !== null && output.height !== null ? `${output.width}×${output.height} · ` : ''}
                {formatBytes(output.bytes)}
              </span>
            </figcaption>
            <div className="figure-actions">
              <button type="button" className="button button--small" onClick={() => void takeOutputAsInput(summary.id, index)}>
                Use as input
              </button>
              <button type="button" className="button button--small" onClick={() => void saveOutputAs(summary.id, index)}>
                Save as…
              </button>
              <button type="button" className="button button--small" onClick={() => void copyImage(summary.id, index)}>
                Copy image
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
            {summary.batch !== null && (
              <Row label="Batch">
                <BatchLink batch={summary.batch} />
              </Row>
            )}
            <Row label="Created">{formatDateTime(summary.timings.createdAt, 'full')}</Row>
            <Row label="Started">{formatDateTime(summary.timings.startedAt, 'full')}</Row>
            <Row label="Completed">{formatDateTime(summary.timings.completedAt, 'full')}</Row>
            <Row label="Predict time">{formatDuration(summary.timings.predictTimeSeconds)}</Row>
            <Row label="Cost (estimate)">
              {summary.timings.predictTimeSeconds === null || pricePerSecond === null ? '—' : formatUsd(summary.timings.predictTimeSeconds * pricePerSecond)}
            </Row>
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

      <JobRevisionsSection summary={summary} />

      <JobLineageSection summary={summary} />

      <section aria-labelledby="detail-logs-heading">
        <h3 id="detail-logs-heading">Logs</h3>
        <pre className="detail-logs" tabIndex={0} aria-labelledby="detail-logs-heading">
          {logs === null ? 'Loading logs…' : logs === '' ? 'No logs yet.' : logs}
        </pre>
      </section>
    </div>
  );
}
