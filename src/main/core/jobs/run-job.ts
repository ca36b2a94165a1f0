import { AppError } from '../../../shared/app-error';
import { MAX_OUTPUTS_PER_JOB, type Job } from '../../../shared/job';
import { toModelInput } from '../../../shared/model-input';
import { isTerminal, outputUrls, predictionErrorText, type Prediction } from '../api/prediction-shapes';
import { seedFromLogs } from '../api/tqdm-progress';
import { predictionUrls } from '../api/prediction-urls';
import { applyPrediction, followPrediction, getPrediction, logFields } from './follow-prediction';
import { createOnce, findLostCreate, sentInput } from './create-once';
import { isoNow, type RunContext } from './run-context';
import { sendInput } from './send-input';
import { appendToLog } from './log-tail';
import { runLimits, type RunLimits } from './run-limits';
import { storeOutputs } from './store-outputs';

/** What a terminal prediction says about logs and timings, as a change to the job. */
function detailsOf(ctx: RunContext, prediction: Prediction): Partial<Job> {
  return {
    ...logFields(ctx.job(), prediction),
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
async function finishFromPrediction(
  ctx: RunContext,
  prediction: Prediction,
  limits: RunLimits,
  details?: Promise<Prediction | null>,
): Promise<void> {
  if (prediction.status === 'succeeded') {
    if (prediction.data_removed) {
      await ctx.update({
        ...detailsOf(ctx, prediction),
        status: 'expired',
        error: new AppError('expired', 'The server already deleted the outputs (it keeps them for about an hour).').toData(),
      });
      return;
    }
    // The seed first: the outputs are stamped with their recipe as they download, and a
    // prediction that finished within the create's wait has told it only in these logs.
    const seedUsed = ctx.job().seedUsed === null && prediction.logs ? seedFromLogs(prediction.logs) : null;
    if (seedUsed !== null) await ctx.update({ seedUsed });
    await storeAndSucceed(ctx, outputUrls(prediction.output), limits, async () => detailsOf(ctx, (await details) ?? prediction));
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

async function storeAndSucceed(ctx: RunContext, urls: string[], limits: RunLimits, details?: () => Promise<Partial<Job>>): Promise<void> {
  try {
    const [{ outputs, dropped }, more] = await Promise.all([storeOutputs(ctx, urls, limits), details?.() ?? Promise.resolve<Partial<Job>>({})]);
    const progress = more.progress ?? ctx.job().progress;
    await ctx.update({
      ...more,
      ...(dropped > 0 ? { logs: appendToLog(more.logs ?? ctx.job().logs, droppedNote(outputs.length, dropped)) } : {}),
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

function droppedNote(kept: number, dropped: number): string {
  return `[Redraw] The prediction returned ${kept + dropped} images; only the first ${kept} were kept (a job holds at most ${MAX_OUTPUTS_PER_JOB}).\n`;
}

/**
 * Runs a job from wherever it stands (new, or resumed after a restart) to a final status.
 * `overrides` change DEFAULT_RUN_LIMITS (tests lower them; the app runs with the defaults).
 */
export async function runJob(ctx: RunContext, overrides: Partial<RunLimits> = {}): Promise<void> {
  const limits = runLimits(overrides);
  const job = ctx.job();
  if (job.status === 'downloading' && job.pendingOutputUrls.length > 0 && !job.predictionUrls) {
    await storeAndSucceed(ctx, job.pendingOutputUrls, limits);
    return;
  }
  let prediction: Prediction;
  if (!job.predictionUrls && job.unconfirmedCreateAt) {
    // Stopped while a create was unanswered: it may have made a prediction. Look before sending.
    const found = await findLostCreate(ctx, await sentInput(ctx), Date.parse(job.unconfirmedCreateAt), 'the app stopped before the answer came');
    await ctx.update(
      found
        ? { responseShape: 'prediction', predictionId: found.id, predictionUrls: predictionUrls(ctx.client.baseUrl, found), unconfirmedCreateAt: null }
        : { unconfirmedCreateAt: null },
    );
  }
  if (ctx.job().predictionUrls) {
    // Resumed: the prediction exists already; never create another.
    prediction = await getPrediction(ctx, ctx.job().predictionUrls!.get);
  } else {
    await ctx.update({ status: 'preparing', error: null });
    const { image, transport } = await sendInput(ctx);
    await ctx.update({ inputTransport: transport, uploadedImageUrl: transport === 'file-upload' ? image : null });
    const input = toModelInput(job.params, image);
    const result = await createOnce(ctx, job.modelVersion, input);
    if (result.shape === 'images') {
      await ctx.update({ responseShape: 'images', unconfirmedCreateAt: null, timings: { ...ctx.job().timings, completedAt: isoNow(ctx.clock) } });
      await storeAndSucceed(ctx, result.outputUrls, limits);
      return;
    }
    prediction = result.prediction;
    await ctx.update({
      responseShape: 'prediction',
      predictionId: prediction.id,
      predictionUrls: predictionUrls(ctx.client.baseUrl, prediction),
      unconfirmedCreateAt: null,
    });
    if (ctx.cancelRequested()) {
      // Canceled while the create was in flight: stop the prediction it made.
      if (!isTerminal(prediction.status)) await ctx.client.cancelPrediction(predictionUrls(ctx.client.baseUrl, prediction).cancel, ctx.createSignal);
      return;
    }
  }
  const urls = ctx.job().predictionUrls!;
  if (isTerminal(prediction.status)) {
    await finishFromPrediction(ctx, prediction, limits);
    return;
  }
  await applyPrediction(ctx, prediction);
  const followed = await followPrediction(ctx, prediction, urls, limits);
  const details = followed.complete ? undefined : getPrediction(ctx, urls.get).catch(() => null);
  await finishFromPrediction(ctx, followed.prediction, limits, details);
}
