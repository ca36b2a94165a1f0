import type { AppErrorData } from '../../../shared/app-error';
import { isFinalStatus, type JobSummary } from '../../../shared/job';
import { describeError, secondsUntil } from '../errors/describe-error';
import { useNow } from '../hooks/use-now';
import { useCurrentJob } from '../jobs/use-current-job';
import { SETTINGS_FIELDS } from '../settings/settings-actions';
import { useQueueStore } from '../store/queue';
import { clearError, dismissJobError, useUiStore, type ShownError } from '../store/ui';

/** `waiting` = the job is held back but will go on by itself; `error` = something needs the artist. */
type Shown = { text: string; tone: 'error' | 'waiting'; dismiss: () => void } | null;

function jobErrorKey(job: JobSummary, error: AppErrorData): string {
  return `${job.id}:${error.code}:${error.message}`;
}

/** When a rate-limited request will be retried, as epoch milliseconds. */
function retryAt(error: AppErrorData, since: number, waitingUntil: string | null): number | null {
  if (waitingUntil !== null) {
    const at = Date.parse(waitingUntil);
    if (Number.isFinite(at)) return at;
  }
  return error.retryAfterSeconds === undefined ? null : since + error.retryAfterSeconds * 1000;
}

function placedFieldsFor(shown: ShownError): readonly string[] | undefined {
  return shown.source === 'settings' ? SETTINGS_FIELDS : undefined;
}

/**
 * The one place the current error is announced (role="alert"): the last failed action, else
 * what stopped or is holding back the current job, else what holds the whole queue back
 * (offline, rate limit). One region, so the artist is not interrupted twice for one problem
 * and there is always exactly one alert to look at.
 */
export function AlertBar() {
  const shownError = useUiStore((state) => state.error);
  const currentJobId = useUiStore((state) => state.currentJobId);
  const dismissed = useUiStore((state) => state.dismissedJobError);
  const job = useCurrentJob();

  const jobError = job?.error ?? null;
  // An old failure from a past session is history, not news; a job started here or still running is.
  const jobErrorRelevant =
    job !== null &&
    jobError !== null &&
    jobError.code !== 'canceled' &&
    job.status !== 'canceled' &&
    (job.id === currentJobId || !isFinalStatus(job.status)) &&
    dismissed !== jobErrorKey(job, jobError);

  // The queue only matters here while something is waiting to go out.
  const queue = useQueueStore((state) => state.queue);
  const queueBusy = queue !== null && queue.waiting.length + queue.running.length > 0;
  const offlineKey = queueBusy && !queue.online ? `queue:offline:${queue.offlineMessage ?? ''}` : null;
  const pausedUntil = queueBusy && queue.rateLimitedUntil !== null ? Date.parse(queue.rateLimitedUntil) : null;
  const pauseKey = pausedUntil === null ? null : `queue:rate:${queue?.rateLimitedUntil ?? ''}`;

  const counting =
    (shownError?.data.code === 'rate-limited' && shownError.data.retryAfterSeconds !== undefined) ||
    (shownError === null && jobErrorRelevant && jobError?.code === 'rate-limited') ||
    pausedUntil !== null;
  const now = useNow(counting);

  let shown: Shown = null;
  if (shownError !== null) {
    const at = retryAt(shownError.data, shownError.receivedAt, null);
    shown = {
      text: describeError(shownError.data, {
        waitSeconds: secondsUntil(at, now),
        placedFields: placedFieldsFor(shownError),
        origin: 'app',
      }),
      tone: 'error',
      dismiss: () => clearError(),
    };
  } else if (jobErrorRelevant && job !== null && jobError !== null) {
    const at = retryAt(jobError, Date.parse(job.updatedAt), job.waitingUntil);
    const final = isFinalStatus(job.status);
    shown = {
      text: describeError(jobError, { waitSeconds: secondsUntil(at, now), final }),
      tone: final ? 'error' : 'waiting',
      dismiss: () => dismissJobError(jobErrorKey(job, jobError)),
    };
  } else if (offlineKey !== null && dismissed !== offlineKey) {
    shown = {
      text: describeError({ code: 'offline', message: queue?.offlineMessage ?? '' }),
      tone: 'waiting',
      dismiss: () => dismissJobError(offlineKey),
    };
  } else if (pauseKey !== null && dismissed !== pauseKey && (secondsUntil(pausedUntil, now) ?? 0) > 0) {
    shown = {
      text: describeError({ code: 'rate-limited', message: '' }, { waitSeconds: secondsUntil(pausedUntil, now) }),
      tone: 'waiting',
      dismiss: () => dismissJobError(pauseKey),
    };
  }

  return (
    <div className={shown ? `alert-bar alert-bar--visible alert-bar--${shown.tone}` : 'alert-bar'}>
      <div role="alert" className="alert-text">
        {shown?.text}
      </div>
      {shown && (
        <button type="button" className="button button--small button--ghost" onClick={shown.dismiss}>
          Dismiss
        </button>
      )}
    </div>
  );
}
