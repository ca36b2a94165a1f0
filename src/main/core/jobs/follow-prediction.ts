import { AppError } from '../../../shared/app-error';
import type { Job } from '../../../shared/job';
import { NetworkError, TooLargeError } from '../api/api-errors';
import { isTerminal, outputUrls, type Prediction } from '../api/prediction-shapes';
import { progressFromLogs, seedFromLogs } from '../api/tqdm-progress';
import { logTail } from './log-tail';
import type { RunContext } from './run-context';
import type { RunLimits } from './run-limits';
import { backoffMs, sleep } from './sleep';
import { createStreamLog } from './stream-logs';

const POLL_START_MS = 150;
const POLL_MAX_MS = 2_000;
const STREAM_FAILURES_BEFORE_POLLING = 3;
const LONG_LIVED_STREAM_MS = 5_000;
/** Log lines arriving faster than this are shown together: one update per burst, not per line. */
const LOG_UPDATE_MS = 50;
/** Events that mean the prediction is moving; keep-alive comments and unknown events do not. */
const REAL_EVENTS: ReadonlySet<string> = new Set(['logs', 'output', 'done', 'error']);

/** Errors worth another try when only reading: the prediction runs on regardless. */
export function isTransient(error: unknown): boolean {
  if (error instanceof TooLargeError) return false;
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

/**
 * What a prediction's logs say, as a change to the job: the seed, read from the whole log (its
 * line comes first), and the kept tail with the progress read from it.
 */
export function logFields(job: Job, prediction: Prediction): Pick<Job, 'logs' | 'progress' | 'seedUsed'> {
  const seedUsed = (prediction.logs ? seedFromLogs(prediction.logs) : null) ?? job.seedUsed;
  const logs = logTail(prediction.logs ?? job.logs);
  return { logs, progress: progressFromLogs(logs) ?? job.progress, seedUsed };
}

/** Applies what a prediction says about progress to the job (logs, percent, seed, times). */
export async function applyPrediction(ctx: RunContext, prediction: Prediction): Promise<void> {
  await ctx.update(
    {
      status: prediction.status === 'starting' ? 'starting' : prediction.status === 'processing' ? 'processing' : ctx.job().status,
      ...logFields(ctx.job(), prediction),
      timings: { ...ctx.job().timings, startedAt: prediction.started_at ?? ctx.job().timings.startedAt },
    },
    { persist: 'throttled' },
  );
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

/**
 * Aborts a stream that goes `idleMs` without a real event. One timer per stream, re-armed for
 * the remainder when it fires early, so a busy stream does not reset a timer per event.
 */
function idleWatch(idleMs: number, outer: AbortSignal) {
  const idle = new AbortController();
  let lastEventAt = performance.now();
  const check = (): void => {
    const quiet = performance.now() - lastEventAt;
    if (quiet >= idleMs) idle.abort();
    else timer = setTimeout(check, idleMs - quiet);
  };
  let timer = setTimeout(check, idleMs);
  return {
    signal: AbortSignal.any([outer, idle.signal]),
    /** True when the stream was ended for its silence (not by a cancel). */
    get timedOut(): boolean {
      return idle.signal.aborted && !outer.aborted;
    },
    sawEvent(): void {
      lastEventAt = performance.now();
    },
    stop(): void {
      clearTimeout(timer);
    },
  };
}

export async function followPrediction(
  ctx: RunContext,
  first: Prediction,
  urls: { get: string; stream: string | null },
  limits: Pick<RunLimits, 'streamIdleMs'>,
): Promise<FollowResult> {
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
      const watch = idleWatch(limits.streamIdleMs, ctx.signal);
      const log = createStreamLog({ logs: ctx.job().logs, progress: ctx.job().progress, seedUsed: ctx.job().seedUsed });
      let lastLogUpdate = Number.NEGATIVE_INFINITY;
      const showLogs = async (): Promise<void> => {
        if (!log.changed) return;
        lastLogUpdate = performance.now();
        const { logs, progress, seedUsed } = log.snapshot();
        await ctx.update({ status: 'processing', logs, progress, seedUsed }, { persist: 'throttled' });
      };
      try {
        for await (const event of ctx.client.stream(urls.stream, watch.signal)) {
          if (!REAL_EVENTS.has(event.event)) continue;
          sawEvent = true;
          watch.sawEvent();
          if (event.event === 'output') {
            streamedOutput = parseJson(event.data);
          } else if (event.event === 'done') {
            await showLogs();
            const done = parseJson(event.data);
            const reason = done && typeof done === 'object' && 'reason' in done ? done.reason : undefined;
            if (reason === undefined && outputUrls(streamedOutput).length > 0) {
              // Finished with its output in hand: no need to wait for another round trip.
              return { prediction: { ...current, status: 'succeeded', output: streamedOutput }, complete: false };
            }
            break;
          } else if (event.event === 'logs') {
            for (const line of event.data.split('\n')) log.add(line);
            if (performance.now() - lastLogUpdate >= LOG_UPDATE_MS) await showLogs();
          }
        }
        await showLogs();
        streamFailures = sawEvent ? 0 : streamFailures + 1;
        reconnects = ctx.clock.now() - openedAt >= LONG_LIVED_STREAM_MS ? 0 : reconnects + 1;
      } catch (error) {
        await showLogs().catch(() => undefined);
        if (watch.timedOut) {
          // Kept open with nothing but keep-alives: no longer trusted; GET decides from here on.
          streamFailures = STREAM_FAILURES_BEFORE_POLLING;
        } else if (error instanceof AppError && error.code === 'canceled') {
          throw error;
        } else if (error instanceof AppError && error.code === 'bad-response') {
          // Lines or events past the caps: this server's stream is not usable; poll instead.
          streamFailures = STREAM_FAILURES_BEFORE_POLLING;
        } else if (!isTransient(error) && !(error instanceof AppError && error.code === 'not-found')) {
          throw error;
        } else {
          streamFailures++;
          reconnects++;
        }
      } finally {
        watch.stop();
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
