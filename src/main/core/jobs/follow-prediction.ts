import { AppError } from '../../../shared/app-error';
import { NetworkError } from '../api/api-errors';
import { isTerminal, outputUrls, type Prediction } from '../api/prediction-shapes';
import { progressFromLogs, seedFromLogs } from '../api/tqdm-progress';
import { logTail } from './log-tail';
import type { RunContext } from './run-context';
import { backoffMs, sleep } from './sleep';

const POLL_START_MS = 150;
const POLL_MAX_MS = 2_000;
const STREAM_FAILURES_BEFORE_POLLING = 3;
const LONG_LIVED_STREAM_MS = 5_000;

/** Errors worth another try when only reading: the prediction runs on regardless. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof AppError && (error.code === 'server-error' || error.code === 'bad-response' || error.code === 'rate-limited'))
  );
}

/**
 * GET with retries. While following, a dropped network is not a failure: the prediction keeps
 * running on the server, so we keep asking (showing "offline") until it answers or the artist cancels.
 */
const UNREADABLE_ANSWERS_ALLOWED = 8;

export async function getPrediction(ctx: RunContext, url: string): Promise<Prediction> {
  let unreadable = 0;
  for (let attempt = 0; ; attempt++) {
    try {
      const prediction = await ctx.client.getPrediction(url, ctx.signal);
      if (ctx.job().error?.code === 'offline') await ctx.update({ error: null });
      return prediction;
    } catch (error) {
      if (!isTransient(error)) throw error;
      // A server that keeps answering garbage will not start making sense: give up after a while.
      if (error instanceof AppError && error.code === 'bad-response' && ++unreadable > UNREADABLE_ANSWERS_ALLOWED) throw error;
      if (error instanceof AppError && error.code === 'offline') await ctx.update({ error: error.toData() });
      const wait = error instanceof AppError && error.retryAfterSeconds !== undefined
        ? error.retryAfterSeconds * 1000
        : backoffMs(attempt, 250, 30_000);
      await sleep(wait, ctx.signal);
    }
  }
}

/** Applies what a prediction says about progress to the job (logs, percent, seed, times). */
export async function applyPrediction(ctx: RunContext, prediction: Prediction): Promise<void> {
  // The seed is read from the whole log (its line comes first); progress and the record use the tail.
  const seedUsed = (prediction.logs ? seedFromLogs(prediction.logs) : null) ?? ctx.job().seedUsed;
  const logs = logTail(prediction.logs ?? ctx.job().logs);
  await ctx.update(
    {
      status: prediction.status === 'starting' ? 'starting' : prediction.status === 'processing' ? 'processing' : ctx.job().status,
      logs,
      progress: progressFromLogs(logs) ?? ctx.job().progress,
      seedUsed,
      timings: { ...ctx.job().timings, startedAt: prediction.started_at ?? ctx.job().timings.startedAt },
    },
    { persist: 'throttled' },
  );
}

/**
 * Adds stream log lines to what we already have. A reconnected stream may replay lines from
 * the start; those that match what we hold, in order, are skipped.
 */
function logMerger(known: string): (line: string) => string | null {
  const knownLines = known === '' ? [] : known.replace(/\n$/, '').split('\n');
  let replayIndex = 0;
  let logs = known;
  return (line) => {
    if (replayIndex < knownLines.length && knownLines[replayIndex] === line) {
      replayIndex++;
      return null;
    }
    replayIndex = Number.POSITIVE_INFINITY;
    logs = logTail(logs === '' || logs.endsWith('\n') ? `${logs}${line}\n` : `${logs}\n${line}\n`);
    return logs;
  };
}

/**
 * Follows an unfinished prediction to a terminal status: the SSE stream first (it tells us the
 * moment the model finishes), reconnecting when the server closes it; adaptive polling after
 * repeated stream failures or when the server offers no stream.
 */
export type FollowResult = {
  prediction: Prediction;
  /**
   * False when the result came from the stream alone (status and output, no metrics yet):
   * the caller starts the downloads at once and reads the details in parallel.
   */
  complete: boolean;
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function followPrediction(ctx: RunContext, first: Prediction, urls: { get: string; stream: string | null }): Promise<FollowResult> {
  let current = first;
  let streamFailures = 0;
  let reconnects = 0;
  let pollDelay = POLL_START_MS;
  while (!isTerminal(current.status)) {
    if (urls.stream && streamFailures < STREAM_FAILURES_BEFORE_POLLING) {
      // A stream that keeps closing early must not turn into a tight reconnect loop; one that
      // lived a while (Replicate closes them after ~30 s) reconnects at once.
      if (reconnects > 0) await sleep(backoffMs(reconnects - 1, 100, 2_000), ctx.signal);
      const openedAt = ctx.clock.now();
      let sawEvent = false;
      let streamedOutput: unknown;
      try {
        const merge = logMerger(ctx.job().logs);
        for await (const event of ctx.client.stream(urls.stream, ctx.signal)) {
          sawEvent = true;
          if (event.event === 'output') {
            streamedOutput = parseJson(event.data);
          } else if (event.event === 'done') {
            const done = parseJson(event.data);
            const reason = done && typeof done === 'object' && 'reason' in done ? done.reason : undefined;
            if (reason === undefined && outputUrls(streamedOutput).length > 0) {
              // Finished with its output in hand: no need to wait for another round trip.
              return { prediction: { ...current, status: 'succeeded', output: streamedOutput }, complete: false };
            }
            break;
          } else if (event.event === 'logs') {
            let logs: string | null = null;
            for (const line of event.data.split('\n')) logs = merge(line) ?? logs;
            if (logs !== null) {
              await ctx.update(
                {
                  status: 'processing',
                  logs,
                  progress: progressFromLogs(logs) ?? ctx.job().progress,
                  seedUsed: seedFromLogs(logs) ?? ctx.job().seedUsed,
                },
                { persist: 'throttled' },
              );
            }
          }
        }
        streamFailures = sawEvent ? 0 : streamFailures + 1;
        reconnects = ctx.clock.now() - openedAt >= LONG_LIVED_STREAM_MS ? 0 : reconnects + 1;
      } catch (error) {
        if (error instanceof AppError && error.code === 'canceled') throw error;
        if (!isTransient(error) && !(error instanceof AppError && error.code === 'not-found')) throw error;
        streamFailures++;
        reconnects++;
      }
      current = await getPrediction(ctx, urls.get);
      await applyPrediction(ctx, current);
    } else {
      await sleep(pollDelay, ctx.signal);
      const next = await getPrediction(ctx, urls.get);
      // Poll quickly while something is happening, back off while nothing changes.
      pollDelay = next.logs !== current.logs || next.status !== current.status ? POLL_START_MS : Math.min(POLL_MAX_MS, pollDelay * 1.5);
      current = next;
      await applyPrediction(ctx, current);
    }
  }
  return { prediction: current, complete: true };
}
