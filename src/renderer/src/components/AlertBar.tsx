import type { AppErrorData } from '../../../shared/app-error';
import { isFinalStatus, type JobSummary } from '../../../shared/job';
import { describeError, secondsUntil } from '../errors/describe-error';
import { useNow } from '../hooks/use-now';
import { useCurrentJob } from '../jobs/use-current-job';
import { SETTINGS_FIELDS } from '../settings/settings-actions';
import { clearError, dismissJobError, useUiStore, type ShownError } from '../store/ui';

type Shown = { text: string; dismiss: () => void } | null;

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
 * The one place the current error is announced (role="alert"): the last failed action,
 * or else what stopped or is holding back the current job. One region, so the artist is not
 * interrupted twice for one problem and there is always exactly one alert to look at.
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
    (job.id === currentJobId || !isFinalStatus(job.status)) &&
    dismissed !== jobErrorKey(job, jobError);

  const counting =
    (shownError?.data.code === 'rate-limited' && shownError.data.retryAfterSeconds !== undefined) ||
    (shownError === null && jobErrorRelevant && jobError?.code === 'rate-limited');
  const now = useNow(counting);

  let shown: Shown = null;
  if (shownError !== null) {
    const at = retryAt(shownError.data, shownError.receivedAt, null);
    shown = {
      text: describeError(shownError.data, {
        waitSeconds: secondsUntil(at, now),
        placedFields: placedFieldsFor(shownError),
      }),
      dismiss: () => clearError(),
    };
  } else if (jobErrorRelevant && job !== null && jobError !== null) {
    const at = retryAt(jobError, Date.parse(job.updatedAt), job.waitingUntil);
    shown = {
      text: describeError(jobError, { waitSeconds: secondsUntil(at, now), final: isFinalStatus(job.status) }),
      dismiss: () => dismissJobError(jobErrorKey(job, jobError)),
    };
  }

  return (
    <div className={shown ? 'alert-bar alert-bar--visible' : 'alert-bar'}>
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
