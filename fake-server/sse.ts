import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StreamReply } from './http-util';
import { isTerminal, type Prediction, type PredictionEngine } from './prediction-engine';
import type { TimerRegistry } from './timers';

/**
 * GET /v1/stream/{id}: Server-Sent Events as Replicate sends them. Each log line is one `logs`
 * event (id = its 1-based line number, so a reconnect with Last-Event-ID resumes after it),
 * then `output` or `error`, then `done`. The connection is dropped after streamTimeoutMs
 * without `done`, as Replicate's stream host does after about 30 s.
 */

export function formatEvent(event: string, data: string, id?: string): string {
  const idLine = id === undefined ? '' : `id: ${id}\n`;
  const dataLines = data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join('');
  return `event: ${event}\n${idLine}${dataLines}\n`;
}

function logEvents(p: Prediction, skip: number): string {
  return p.logs
    .map((line, i) => (i < skip ? '' : formatEvent('logs', line, String(i + 1))))
    .join('');
}

/** The closing events for a terminal prediction. Aborted reports as canceled: clients know only canceled|error. */
function finalEvents(p: Prediction): string {
  switch (p.status) {
    case 'succeeded':
      return (p.output === null ? '' : formatEvent('output', JSON.stringify(p.output))) + formatEvent('done', '{}');
    case 'failed':
      return (
        formatEvent('error', JSON.stringify({ detail: p.error ?? 'Prediction failed' })) +
        formatEvent('done', JSON.stringify({ reason: 'error' }))
      );
    default:
      return formatEvent('done', JSON.stringify({ reason: 'canceled' }));
  }
}

function lastEventId(req: IncomingMessage): number {
  const raw = req.headers['last-event-id'];
  const n = Number(Array.isArray(raw) ? raw[0] : raw);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

export type StreamDeps = {
  engine: PredictionEngine;
  timers: TimerRegistry;
  timeoutMs: number;
  /** Open streams, ended by close(). */
  open: Set<ServerResponse>;
};

export function streamReply(req: IncomingMessage, p: Prediction, deps: StreamDeps): StreamReply {
  const skip = lastEventId(req);
  const snapshot = (): string => {
    deps.engine.toJson(p); // applies retention before we read logs/output
    return logEvents(p, skip) + (isTerminal(p.status) ? finalEvents(p) : '');
  };
  return {
    kind: 'stream',
    preview: snapshot,
    open: (res) => runStream(res, p, deps, skip, snapshot()),
  };
}

function runStream(res: ServerResponse, p: Prediction, deps: StreamDeps, skip: number, initial: string): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    // Tells proxies not to buffer, as a real SSE endpoint would.
    'x-accel-buffering': 'no',
  });
  // Send the headers now even when there is nothing to say yet, so the client sees the 200 at once.
  if (initial === '') res.flushHeaders();
  else res.write(initial);
  if (isTerminal(p.status)) {
    res.end();
    return;
  }
  deps.open.add(res);
  let ended = false;
  const end = (): void => {
    if (ended) return;
    ended = true;
    unsubscribe();
    deps.timers.clear(timeout);
    deps.open.delete(res);
    if (!res.writableEnded) res.end();
  };
  const unsubscribe = deps.engine.subscribe(p, (event) => {
    if (event.type === 'log') {
      if (event.index >= skip) res.write(formatEvent('logs', event.line, String(event.index + 1)));
      return;
    }
    res.write(finalEvents(p));
    end();
  });
  const timeout = deps.timers.set(end, deps.timeoutMs);
  res.on('close', end);
}
