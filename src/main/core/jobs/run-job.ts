import { AppError } from '../../../shared/app-error';
import type { Job } from '../../../shared/job';
import { toModelInput } from '../../../shared/model-input';
import { NetworkError } from '../api/api-errors';
import { isTerminal, outputUrls, predictionErrorText, type Prediction } from '../api/prediction-shapes';
import type { CreateResult } from '../api/replicate-client';
import { progressFromLogs, seedFromLogs } from '../api/tqdm-progress';
import { applyPrediction, followPrediction, getPrediction } from './follow-prediction';
import { findCreatedPrediction } from './reconcile-create';
import { isoNow, type RunContext } from './run-context';
import { sendInput } from './send-input';
import { backoffMs, sleep } from './sleep';
import { storeOutputs } from './store-outputs';

/**
 * Seconds the create call holds for a result (Prefer: wait=N). Short on purpose: a quick run
 * comes back finished in one request, while a typical 7 s run returns early and is followed on
 * the stream, so the artist sees live progress instead of a silent wait.
 */
export const CREATE_WAIT_SECONDS = 5;
const SERVER_ERROR_ATTEMPTS = 5;

function predictionUrls(ctx: RunContext, prediction: Prediction): { get: string; cancel: string; stream: string | null } {
  const base = ctx.client.baseUrl;
  return {
    get: prediction.urls?.get ?? `${base}/predictions/${prediction.id}`,
    cancel: prediction.urls?.cancel ?? `${base}/predictions/${prediction.id}/cancel`,
    stream: prediction.urls?.stream ?? null,
  };
}

/**
 * Sends the create exactly once as far as the server is concerned: retried only when it surely
 * did not arrive (no connection, 429, a 5xx error answer); when the answer was lost after the
 * body went out, the server's list is searched for the prediction before anything is resent.
 */
async function createOnce(ctx: RunContext, version: string, input: Record<string, unknown>): Promise<CreateResult> {
  let serverErrors = 0;
  let offlineAttempts = 0;
  for (;;) {
    if (ctx.signal.aborted) throw new AppError('canceled', 'Canceled.');
    await ctx.pacer.acquire(ctx.signal, (until) => {
      if (ctx.job().waitingUntil === null) {
        void ctx.update({ status: 'queued', waitingUntil: new Date(until).toISOString() }).catch(() => undefined);
      }
    });
    if (ctx.signal.aborted) throw new AppError('canceled', 'Canceled.');
    const sentAt = ctx.clock.now();
    await ctx.update({ status: 'submitting', waitingUntil: null, timings: { ...ctx.job().timings, submittedAt: isoNow(ctx.clock) } });
    try {
      const result = await ctx.client.createPrediction({ version, input, waitSeconds: CREATE_WAIT_SECONDS, signal: ctx.createSignal });
      ctx.pacer.accepted();
      if (ctx.job().error) await ctx.update({ error: null, waitingUntil: null });
      return result;
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'canceled') throw error;
      if (error.code === 'rate-limited') {
        // No prediction was made. The pacer shuts its gate for every job and learns the limit.
        ctx.pacer.limited(error.retryAfterSeconds);
        const until = ctx.pacer.gateOpensAt() ?? ctx.clock.now();
        await ctx.update({ status: 'queued', error: error.toData(), waitingUntil: new Date(until).toISOString() });
        continue;
      }
      if (error instanceof NetworkError && !error.maybeReachedServer) {
        // Offline: the job waits in the queue and goes out by itself when the server answers again.
        await ctx.update({ status: 'queued', error: error.toData() });
        await sleep(backoffMs(offlineAttempts++, 1_000, 10_000), ctx.signal);
        continue;
      }
      if (error instanceof NetworkError || error.code === 'bad-response') {
        const found = await findAfterLostAnswer(ctx, input, sentAt, error);
        if (found) return { shape: 'prediction', prediction: found };
        continue;
      }
      if (error.code === 'server-error' && ++serverErrors < SERVER_ERROR_ATTEMPTS) {
        await ctx.update({ error: error.toData() });
        await sleep(backoffMs(serverErrors, 1_000, 15_000), ctx.signal);
        continue;
      }
      throw error;
    }
  }
}

async function findAfterLostAnswer(
  ctx: RunContext,
  input: Record<string, unknown>,
  sentAt: number,
  lost: AppError,
): Promise<Prediction | null> {
  // Nothing is resent until the server has been asked; while it cannot be reached the job
  // waits (shown offline), however long that takes.
  for (let attempt = 0; ; attempt++) {
    try {
      const found = await ctx.reconcile((claimed) => findCreatedPrediction(ctx.client, input, sentAt, ctx.signal, { claimed }));
      if (ctx.job().error) await ctx.update({ error: null });
      return found;
    } catch (error) {
      if (error instanceof AppError && error.code === 'canceled') throw error;
      if (error instanceof AppError && (error.code === 'not-found' || error.code === 'invalid-request')) break;
      if (error instanceof AppError && error.code === 'offline') await ctx.update({ status: 'queued', error: error.toData() });
      await sleep(backoffMs(attempt, 500, 30_000), ctx.signal);
    }
  }
  // This server cannot say whether it ran; resending could make the artist pay twice.
  throw new AppError(
    'server-error',
    `The answer to the request was lost (${lost.message}) and this server cannot be asked whether it ran. To avoid paying twice it was not sent again; run it again if no result appears on your account.`,
    { cause: lost },
  );
}

/** What a terminal prediction says about logs and timings, as a change to the job. */
function detailsOf(ctx: RunContext, prediction: Prediction): Partial<Job> {
  const logs = prediction.logs ?? ctx.job().logs;
  return {
    logs,
    seedUsed: seedFromLogs(logs) ?? ctx.job().seedUsed,
    progress: progressFromLogs(logs) ?? ctx.job().progress,
    timings: {
      ...ctx.job().timings,
      startedAt: prediction.started_at ?? ctx.job().timings.startedAt,
      completedAt: prediction.completed_at ?? ctx.job().timings.completedAt ?? isoNow(ctx.clock),
      predictTimeSeconds: prediction.metrics?.predict_time ?? ctx.job().timings.predictTimeSeconds,
      totalTimeSeconds: prediction.metrics?.total_time ?? ctx.job().timings.totalTimeSeconds,
    },
  };
}

/**
 * Ends a job from a terminal prediction: stores outputs or records why there are none.
 * `details`, when given, brings the full prediction (metrics, final logs) while the outputs
 * download, so the artist is not kept waiting for it.
 */
async function finishFromPrediction(ctx: RunContext, prediction: Prediction, details?: Promise<Prediction | null>): Promise<void> {
  if (prediction.status === 'succeeded') {
    if (prediction.data_removed) {
      await ctx.update({
        ...detailsOf(ctx, prediction),
        status: 'expired',
        error: new AppError('expired', 'The server already deleted the outputs (it keeps them for about an hour).').toData(),
      });
      return;
    }
    await storeAndSucceed(ctx, outputUrls(prediction.output), async () => detailsOf(ctx, (await details) ?? prediction));
    return;
  }
  if (prediction.status === 'failed') {
    await ctx.update({
      ...detailsOf(ctx, prediction),
      status: 'failed',
      error: new AppError('prediction-failed', predictionErrorText(prediction.error)).toData(),
    });
    return;
  }
  await ctx.update({ ...detailsOf(ctx, prediction), status: prediction.status === 'aborted' ? 'aborted' : 'canceled', error: null });
}

async function storeAndSucceed(ctx: RunContext, urls: string[], details?: () => Promise<Partial<Job>>): Promise<void> {
  try {
    const [outputs, more] = await Promise.all([storeOutputs(ctx, urls), details?.() ?? Promise.resolve<Partial<Job>>({})]);
    const progress = more.progress ?? ctx.job().progress;
    await ctx.update({
      ...more,
      status: 'succeeded',
      outputs,
      pendingOutputUrls: [],
      error: null,
      progress: progress ? { ...progress, percent: 100, etaSeconds: 0 } : null,
      timings: { ...ctx.job().timings, ...more.timings, storedAt: isoNow(ctx.clock) },
    });
  } catch (error) {
    if (error instanceof AppError && error.code === 'expired') {
      await ctx.update({ status: 'expired', error: error.toData() });
      return;
    }
    throw error;
  }
}

/** Runs a job from wherever it stands (new, or resumed after a restart) to a final status. */
export async function runJob(ctx: RunContext, settings: { modelVersion: string }): Promise<void> {
  const job = ctx.job();
  if (job.status === 'downloading' && job.pendingOutputUrls.length > 0 && !job.predictionUrls) {
    await storeAndSucceed(ctx, job.pendingOutputUrls);
    return;
  }
  let prediction: Prediction;
  if (!job.predictionUrls && job.status === 'submitting' && job.timings.submittedAt) {
    // Stopped while a create was in flight: it may have reached the server. Look before resending.
    const submittedAt = Date.parse(job.timings.submittedAt);
    const found = await ctx
      .reconcile((claimed) =>
        findCreatedPrediction(ctx.client, toModelInput(job.params, ''), submittedAt, ctx.signal, { ignoreImage: true, claimed }),
      )
      .catch(() => null);
    if (found) {
      await ctx.update({ responseShape: 'prediction', predictionId: found.id, predictionUrls: predictionUrls(ctx, found) });
    }
  }
  if (ctx.job().predictionUrls) {
    // Resumed: the prediction exists already; never create another.
    prediction = await getPrediction(ctx, ctx.job().predictionUrls!.get);
  } else {
    await ctx.update({ status: 'preparing', error: null });
    const { image, transport } = await sendInput(ctx);
    await ctx.update({ inputTransport: transport });
    const input = toModelInput(job.params, image);
    const result = await createOnce(ctx, job.modelVersion, input);
    if (result.shape === 'images') {
      await ctx.update(
        { responseShape: 'images', timings: { ...ctx.job().timings, completedAt: isoNow(ctx.clock) } },
        { persist: 'background' },
      );
      await storeAndSucceed(ctx, result.outputUrls);
      return;
    }
    prediction = result.prediction;
    await ctx.update({
      responseShape: 'prediction',
      predictionId: prediction.id,
      predictionUrls: predictionUrls(ctx, prediction),
    });
    if (ctx.cancelRequested()) {
      // Canceled while the create was in flight: stop the prediction it made.
      if (!isTerminal(prediction.status)) await ctx.client.cancelPrediction(predictionUrls(ctx, prediction).cancel, ctx.createSignal);
      return;
    }
  }
  const urls = ctx.job().predictionUrls!;
  if (isTerminal(prediction.status)) {
    await finishFromPrediction(ctx, prediction);
    return;
  }
  await applyPrediction(ctx, prediction);
  const followed = await followPrediction(ctx, prediction, urls);
  const details = followed.complete ? undefined : getPrediction(ctx, urls.get).catch(() => null);
  await finishFromPrediction(ctx, followed.prediction, details);
}
