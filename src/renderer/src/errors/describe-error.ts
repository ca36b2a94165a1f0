import type { AppErrorData } from '../../../shared/app-error';
import { PARAM_NAMES } from '../params/param-fields';

export type ErrorContext = {
  /** Seconds left before a rate-limited request is retried, when known. */
  waitSeconds?: number | null;
  /** The job that carries the error has stopped: nothing will be retried. */
  final?: boolean;
  /** Field names that have a control on screen to show their error next to (default: the parameters). */
  placedFields?: readonly string[];
  /**
   * `service` (default): the error came back from the image service, for a job.
   * `app`: main refused an action itself (a job or sketch that is gone, a bad file, …).
   */
  origin?: 'service' | 'app';
};

/** Whole seconds left until `until`, never negative; null when there is no deadline. */
export function secondsUntil(until: number | null, now: number): number | null {
  if (until === null || !Number.isFinite(until)) return null;
  return Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * An AppError in words an artist can act on. The code decides the wording; the raw message
 * is only shown where it is the most useful thing we have (it is already written for people).
 */
export function describeError(error: AppErrorData, context: ErrorContext = {}): string {
  switch (error.code) {
    case 'no-token':
      return 'No API token is set. Add one in Settings.';
    case 'unauthenticated':
      return 'The API token was refused. Check the token in Settings.';
    case 'insufficient-credit':
      return 'Your account is out of credit. Add credit with your provider, then run again.';
    case 'invalid-version':
      return 'The model was not found. Check the model version in Settings.';
    case 'not-found':
      // From the service it is the model that is missing; from main, a job or sketch that is gone.
      return context.origin === 'app' ? error.message : 'The model was not found. Check the model version in Settings.';
    case 'rate-limited': {
      const wait = context.waitSeconds ?? null;
      if (context.final) return 'Rate limited — the job gave up waiting.';
      return wait === null ? 'Rate limited — waiting' : `Rate limited — waiting ${wait} s`;
    }
    case 'offline':
      return context.final
        ? 'You were offline and the job could not be sent.'
        : "You're offline — the job will go out when the connection is back";
    case 'server-error':
      return context.final ? `The service failed. ${error.message}` : 'The service failed; retrying…';
    case 'invalid-input': {
      const fields = error.fields ?? [];
      const placed = context.placedFields ?? PARAM_NAMES;
      const unplaced = fields.filter((field) => field.param === null || !placed.includes(field.param));
      const base = unplaced.length < fields.length ? 'Some values were refused — see the marked fields.' : error.message;
      const extra = unplaced
        .map((field) => `${field.field}: ${field.message}`)
        .filter((text) => !base.includes(text))
        .join('; ');
      return extra === '' ? base : `${base} ${extra}`;
    }
    default:
      return error.message;
  }
}
