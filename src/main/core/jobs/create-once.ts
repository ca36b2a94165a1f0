import { AppError } from '../../../shared/app-error';
import { toModelInput } from '../../../shared/model-input';
import { NetworkError } from '../api/api-errors';
import type { Prediction } from '../api/prediction-shapes';
import type { CreateResult } from '../api/replicate-client';
import { isTransient } from './follow-prediction';
import { findCreatedPrediction } from './reconcile-create';
import { isoNow, type RunContext } from './run-context';
import { backoffMs, sleep } from './sleep';

/**
 * Seconds the create call holds for a result (Prefer: wait=N). The shortest the API takes: a
 * run under a second still comes back finished in one request, and anything longer is followed
 * on the stream from its first second, so the artist sees the model's own steps as they come
 * instead of a silent wait (at 5 s, the first five seconds of every job showed nothing).
 */
export const CREATE_WAIT_SECONDS = 1;
const SERVER_ERROR_ATTEMPTS = 5;
/** After a lost answer that the server's list cannot explain, one resend; never more. */
const RESENDS_AFTER_LOST_ANSWER = 1;
/** Unreadable list answers before the search gives up (a proxy's one bad answer is not the server's). */
const UNREADABLE_LISTS_ALLOWED = 3;

function lostAnswer(detail: string, cause?: unknown): AppError {
  return new AppError(
    'server-error',
    `The answer to the request was lost (${detail}) and the server could not confirm whether it ran. To avoid paying twice it was not sent again; run it again if no result appears on your account.`,
    { cause },
  );
}

/** The exact `input` a job sent (or would send): its prepared image as a data URI, or the uploaded file's URL. */
export async function sentInput(ctx: RunContext): Promise<Record<string, unknown>> {
  const job = ctx.job();
  const image =
    job.uploadedImageUrl ??
    `data:image/png;base64,${(await ctx.files.readJobFile(job.id, job.input.file)).toString('base64')}`;
  return toModelInput(job.params, image);
}

/**
 * Looks in the server's list for the prediction a create may have made without our hearing
 * back. While the server cannot be reached this waits (nothing is resent meanwhile); a server
 * with no list to ask makes the job fail with the "answer lost" message instead.
 */
export async function findLostCreate(ctx: RunContext, input: Record<string, unknown>, sentAt: number, detail: string): Promise<Prediction | null> {
  let unreadable = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const found = await ctx.reconcile((claimed) => findCreatedPrediction(ctx.client, input, sentAt, ctx.signal, { claimed }));
      if (ctx.job().error?.code === 'offline') await ctx.update({ error: null });
      return found;
    } catch (error) {
      if (error instanceof AppError && error.code === 'canceled') throw error;
      // Only what passes by itself is waited out: no network, a failing or busy server. Anything
      // else (a list we cannot read, an answer too large, a bug) would fail the same way forever.
      const waitable =
        error instanceof NetworkError ||
        (error instanceof AppError && (error.code === 'server-error' || error.code === 'rate-limited')) ||
        (isTransient(error) && ++unreadable <= UNREADABLE_LISTS_ALLOWED);
      if (!waitable) throw lostAnswer(`${detail}; the list of predictions could not be read: ${reasonOf(error)}`, error);
      if (error instanceof AppError && error.code === 'offline') await ctx.update({ error: error.toData() });
      const wait = error instanceof AppError && error.retryAfterSeconds !== undefined ? error.retryAfterSeconds * 1000 : backoffMs(attempt, 500, 30_000);
      await sleep(wait, ctx.signal);
    }
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\.$/, '');
}

/**
 * Sends the create so that the server makes one prediction for this job, never two. It is
 * retried only where it surely did not arrive (no connection, 429, a 5xx answer). Where the
 * answer was lost after the body went out, the server's list is searched first; a 2xx answer
 * that could not be read is never resent (the prediction exists), and a lost answer the list
 * cannot explain is resent once at most. `unconfirmedCreateAt` is on disk the whole time a
 * create may be on the server unheard of, so a restart looks before it sends.
 */
export async function createOnce(ctx: RunContext, version: string, input: Record<string, unknown>): Promise<CreateResult> {
  let serverErrors = 0;
  let offlineAttempts = 0;
  let resends = 0;
  const confirmedNone = (extra: Parameters<RunContext['update']>[0] = {}) => ctx.update({ unconfirmedCreateAt: null, ...extra });
  for (;;) {
    if (ctx.signal.aborted) throw new AppError('canceled', 'Canceled.');
    await ctx.pacer.acquire(ctx.signal, (until) => {
      if (ctx.job().waitingUntil === null) {
        void ctx.update({ status: 'queued', waitingUntil: new Date(until).toISOString() }).catch(() => undefined);
      }
    });
    if (ctx.signal.aborted) throw new AppError('canceled', 'Canceled.');
    const sentAt = ctx.clock.now();
    await ctx.update({
      status: 'submitting',
      waitingUntil: null,
      unconfirmedCreateAt: new Date(sentAt).toISOString(),
      timings: { ...ctx.job().timings, submittedAt: isoNow(ctx.clock) },
    });
    try {
      const result = await ctx.client.createPrediction({ version, input, waitSeconds: CREATE_WAIT_SECONDS, signal: ctx.createSignal });
      ctx.pacer.accepted();
      if (ctx.job().error) await ctx.update({ error: null, waitingUntil: null });
      return result;
    } catch (error) {
      // A create aborted because the app is closing stays unconfirmed: the next start looks for it.
      if (!(error instanceof AppError) || error.code === 'canceled') throw error;
      if (error.code === 'rate-limited') {
        ctx.pacer.limited(error.retryAfterSeconds);
        const until = ctx.pacer.gateOpensAt() ?? ctx.clock.now();
        await confirmedNone({ status: 'queued', error: error.toData(), waitingUntil: new Date(until).toISOString() });
        continue;
      }
      if (error instanceof NetworkError && !error.maybeReachedServer) {
        // Offline: the job waits in the queue and goes out by itself when the server answers again.
        await confirmedNone({ status: 'queued', error: error.toData() });
        await sleep(backoffMs(offlineAttempts++, 1_000, 10_000), ctx.signal);
        continue;
      }
      if (error instanceof NetworkError || error.code === 'bad-response') {
        const found = await findLostCreate(ctx, input, sentAt, error.message);
        if (found) return { shape: 'prediction', prediction: found };
        if (error.code === 'bad-response' || resends++ >= RESENDS_AFTER_LOST_ANSWER) throw lostAnswer(error.message, error);
        await confirmedNone();
        continue;
      }
      // Any other error status: the server answered and made no prediction.
      await confirmedNone();
      if (error.code === 'server-error' && ++serverErrors < SERVER_ERROR_ATTEMPTS) {
        await ctx.update({ error: error.toData() });
        await sleep(backoffMs(serverErrors, 1_000, 15_000), ctx.signal);
        continue;
      }
      throw error;
    }
  }
}
