import type { ServerResponse } from 'node:http';
import { bytesReply, isoTime, randomId, type BufferReply, type Reply, type StreamReply } from './http-util';
import type { TimerRegistry } from './timers';
import { seedLine } from './progress-logs';
import { formatEvent } from './sse';
import type { FaultMatch } from './types';

/**
 * Faults that make the fake a hostile or broken server rather than a failing one: answers a real
 * server should never send, but a proxy, a captive portal or a reseller's gateway might. Each is
 * one-shot like every fault (see faults.ts).
 */
export type HostileFault =
  /** 3xx to `location` (default: the same file, relative, with `?hop=N+1`). */
  | { match: FaultMatch; kind: 'redirect'; status?: 301 | 302 | 303 | 307 | 308; location?: string }
  /** 200 with an HTML page (a captive portal or a CDN's error page) instead of the image. */
  | { match: FaultMatch; kind: 'html' }
  /** 200 image/png of `bytes` bytes (the PNG signature, then zeros), chunked: no Content-Length to go by. */
  | { match: FaultMatch; kind: 'huge-image'; bytes: number }
  /** The real JSON answer with `logs` padded to `bytes` bytes. */
  | { match: FaultMatch; kind: 'huge-json'; bytes: number }
  /** The real JSON answer with `output` holding its first URL `count` times (where it has an output). */
  | { match: FaultMatch; kind: 'many-outputs'; count: number }
  /** An event stream that never ends a line: `data: xxxx…` until the client hangs up. */
  | { match: FaultMatch; kind: 'sse-no-line-end' }
  /** An event stream of nothing but `: ping` comments every `intervalMs`, until the client hangs up. */
  | { match: FaultMatch; kind: 'keep-alive-only'; intervalMs: number }
  /** An event stream of `lines` log events at once (a chatty model; tqdm lines among them), then closed. */
  | { match: FaultMatch; kind: 'log-flood'; lines: number }
  /** The real list of predictions with one more first: created now, its `input` nested `depth` levels. */
  | { match: FaultMatch; kind: 'deep-input'; depth: number };

export type HostileDeps = { timers: TimerRegistry; streams: Set<ServerResponse> };

/** How the fake answers in place of the handler, or null when the fault alters the handler's answer instead. */
export function hostileReply(fault: HostileFault, url: URL, deps: HostileDeps): Reply | null {
  switch (fault.kind) {
    case 'redirect':
      return redirectReply(fault.status ?? 302, fault.location ?? nextHop(url));
    case 'html': {
      const page = '<!doctype html><html><head><title>Sign in</title></head><body>Sign in to continue.</body></html>';
      return bytesReply(200, Buffer.from(page), 'text/html; charset=utf-8');
    }
    case 'huge-image':
      return streamed(deps, 'image/png', (res) => pump(res, hugeImageChunks(fault.bytes)));
    case 'sse-no-line-end':
      return streamed(deps, 'text/event-stream', (res) => pump(res, endlessLine()));
    case 'keep-alive-only':
      return streamed(deps, 'text/event-stream', (res) => keepAlive(res, deps.timers, fault.intervalMs));
    case 'log-flood':
      return streamed(deps, 'text/event-stream', (res) => pump(res, logFlood(fault.lines)));
    default:
      return null;
  }
}

/** The handler's answer, changed as the fault says (faults that replace it leave it as it is). */
export function alterReply(fault: HostileFault, reply: Reply): Reply {
  if (reply.kind !== 'buffer' || reply.status < 200 || reply.status >= 300) return reply;
  switch (fault.kind) {
    case 'huge-json':
      return withJson(reply, (value) => ({ ...value, logs: 'x'.repeat(fault.bytes) }));
    case 'many-outputs':
      return withJson(reply, (value) => {
        const output = value.output;
        const first: unknown = Array.isArray(output) ? output[0] : undefined;
        return typeof first === 'string' ? { ...value, output: Array.from({ length: fault.count }, () => first) } : value;
      });
    case 'deep-input':
      return withDeepPrediction(reply, fault.depth);
    default:
      return reply;
  }
}

function redirectReply(status: number, location: string): BufferReply {
  return { kind: 'buffer', status, headers: { location, 'content-type': 'text/plain' }, body: Buffer.from(`Redirecting to ${location}`) };
}

/** A relative reference to the same file, one hop further: `out-1.png?hop=2`. */
function nextHop(url: URL): string {
  const hop = Number(url.searchParams.get('hop') ?? '0') + 1;
  const file = url.pathname.split('/').at(-1) ?? '';
  return `${file}?hop=${hop}`;
}

function withJson(reply: BufferReply, change: (value: Record<string, unknown>) => Record<string, unknown>): BufferReply {
  const value: unknown = JSON.parse(reply.body.toString('utf8'));
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return reply;
  return { ...reply, body: Buffer.from(JSON.stringify(change(Object.fromEntries(Object.entries(value))))) };
}

/** Built as text: JSON.stringify itself cannot write a value nested this deep. */
function withDeepPrediction(reply: BufferReply, depth: number): BufferReply {
  const text = reply.body.toString('utf8');
  const marker = '"results":[';
  const at = text.indexOf(marker);
  if (at === -1) return reply;
  const input = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  const item = `{"id":"${randomId(26)}","status":"succeeded","created_at":"${isoTime(Date.now())}","input":${input},"output":null}`;
  const rest = text.slice(at + marker.length);
  const body = `${text.slice(0, at + marker.length)}${item}${rest.startsWith(']') ? '' : ','}${rest}`;
  return { ...reply, body: Buffer.from(body) };
}

/** A long-lived reply the fake's close() ends like its real streams. */
function streamed(deps: HostileDeps, contentType: string, run: (res: ServerResponse) => void): StreamReply {
  return {
    kind: 'stream',
    preview: () => '',
    open: (res) => {
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
      res.flushHeaders();
      deps.streams.add(res);
      res.on('close', () => deps.streams.delete(res));
      run(res);
    },
  };
}

const open = (res: ServerResponse): boolean => !res.destroyed && !res.writableEnded;

/** Writes chunks as fast as the client reads them (never faster: backpressure), then ends. */
function pump(res: ServerResponse, chunks: Iterator<Buffer>): void {
  const write = (): void => {
    while (open(res)) {
      const next = chunks.next();
      if (next.done) {
        res.end();
        return;
      }
      if (!res.write(next.value)) {
        res.once('drain', write);
        return;
      }
    }
  };
  write();
}

const CHUNK = 64 * 1024;

function* hugeImageChunks(bytes: number): Generator<Buffer> {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  yield signature;
  const zeros = Buffer.alloc(CHUNK);
  for (let sent = signature.length; sent < bytes; sent += CHUNK) yield zeros.subarray(0, Math.min(CHUNK, bytes - sent));
}

/** At most 1 GiB, so a client that never gives up cannot keep the fake busy for ever. */
function* endlessLine(): Generator<Buffer> {
  yield Buffer.from('event: logs\ndata: ');
  const xs = Buffer.alloc(CHUNK, 'x');
  for (let sent = 0; sent < 1024 ** 3; sent += CHUNK) yield xs;
}

function* logFlood(lines: number): Generator<Buffer> {
  let batch = '';
  for (let i = 1; i <= lines; i++) {
    const line =
      i === 1
        ? seedLine(4242)
        : i % 100 === 0 || i === lines
          ? `${String(Math.floor((i / lines) * 100)).padStart(3)}%|█████     | ${i}/${lines} [00:01<00:01,  9.80it/s]`
          : `warning: the model has something to say about step ${i}`;
    batch += formatEvent('logs', line, String(i));
    if (batch.length >= CHUNK) {
      yield Buffer.from(batch);
      batch = '';
    }
  }
  if (batch) yield Buffer.from(batch);
}

function keepAlive(res: ServerResponse, timers: TimerRegistry, intervalMs: number): void {
  const tick = (): void => {
    if (!open(res) || timers.isClosed) return;
    res.write(': ping\n\n');
    timers.set(tick, intervalMs);
  };
  tick();
}

const HOSTILE_KINDS: ReadonlySet<string> = new Set<HostileFault['kind']>([
  'redirect',
  'html',
  'huge-image',
  'huge-json',
  'many-outputs',
  'sse-no-line-end',
  'keep-alive-only',
  'log-flood',
  'deep-input',
]);

export function isHostileFault(fault: { kind: string }): fault is HostileFault {
  return HOSTILE_KINDS.has(fault.kind);
}
