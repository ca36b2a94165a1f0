import type { AppErrorData } from '../../../shared/app-error';
import { isFinalStatus, type JobSummary } from '../../../shared/job';
import { describeError } from '../errors/describe-error';
import { useSecondsLeft } from '../hooks/use-seconds-left';
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
 * what stopped or is holding back the current job, else a rate limit holding the whole queue
 * back. One region, so the artist is not interrupted twice for one problem and there is always
 * exactly one alert to look at. A lost connection is not an error to act on: the Connection
 * chip in the header says so (and that jobs will go out later), so it is not repeated here.
 */
export function AlertBar() {
  const shownError = useUiStore((state) => state.error);
  const currentJobId = useUiStore((state) => state.currentJobId);
  const dismissed = useUiStore((state) => state.dismissedJobError);
  const job = useCurrentJob();

  const queue = useQueueStore((state) => state.queue);
  const offline = queue !== null && !queue.online;

  const jobError = job?.error ?? null;
  // An old failure from a past session is history, not news; a job started here or still running is.
  // A job only waiting for the connection to come back is what the Connection chip already says.
  const jobErrorRelevant =
    job !== null &&
    jobError !== null &&
    jobError.code !== 'canceled' &&
    job.status !== 'canceled' &&
    (job.id === currentJobId || !isFinalStatus(job.status)) &&
    !(offline && jobError.code === 'offline' && !isFinalStatus(job.status)) &&
    dismissed !== jobErrorKey(job, jobError);

  // The queue only matters here while something is waiting to go out.
  const queueBusy = queue !== null && queue.waiting.length + queue.running.length > 0;
  const pausedUntil = queueBusy && queue.rateLimitedUntil !== null ? Date.parse(queue.rateLimitedUntil) : null;
  const pauseKey = pausedUntil === null ? null : `queue:rate:${queue?.rateLimitedUntil ?? ''}`;

  // Only a rate limit counts down; which deadline depends on which message is shown.
  const rateLimited = (error: AppErrorData | null): boolean => error?.code === 'rate-limited';
  const showsJobError = shownError === null && jobErrorRelevant && job !== null && jobError !== null;
  const showsPause = shownError === null && !showsJobError && pauseKey !== null && dismissed !== pauseKey;
  const deadline =
    shownError !== null
      ? rateLimited(shownError.data) ? retryAt(shownError.data, shownError.receivedAt, null) : null
      : showsJobError
        ? rateLimited(jobError) ? retryAt(jobError, Date.parse(job.updatedAt), job.waitingUntil) : null
        : showsPause
          ? pausedUntil
          : null;
  const waitSeconds = useSecondsLeft(deadline);

  let shown: Shown = null;
  if (shownError !== null) {
    shown = {
      text: describeError(shownError.data, {
        waitSeconds,
        placedFields: placedFieldsFor(shownError),
        origin: 'app',
      }),
      tone: 'error',
      dismiss: () => clearError(),
    };
  } else if (showsJobError) {
    const final = isFinalStatus(job.status);
    shown = {
      text: describeError(jobError, { waitSeconds, final }),
      tone: final ? 'error' : 'waiting',
      dismiss: () => dismissJobError(jobErrorKey(job, jobError)),
    };
  } else if (showsPause && (waitSeconds ?? 0) > 0) {
    shown = {
      text: describeError({ code: 'rate-limited', message: '' }, { waitSeconds }),
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
