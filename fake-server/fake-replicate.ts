import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type ApiContext, apiRequestKind, handleApi } from './api-routes';
import { FaultQueue, faultStatusReply, type RequestKind } from './faults';
import { FileStore } from './files';
import { alterReply, hostileReply, isHostileFault } from './hostile-replies';
import { bytesReply, flattenHeaders, problemReply, type Reply, sendReply, sendTruncated } from './http-util';
import { decodeDataUri, type Loaded } from './png-output';
import { PredictionEngine } from './prediction-engine';
import { type TakeResult, TokenBucket } from './rate-limit';
import { applyPatch, resolveSettings, type Settings } from './settings';
import { TimerRegistry } from './timers';
import type {
  FakeReplicate,
  FakeReplicateOptions,
  FakeStats,
  Fault,
  RateLimit,
  RecordedRequest,
  ServerOrigin,
} from './types';

/**
 * The project's fake Replicate: the predictions API on one loopback port and the output files
 * (standing in for replicate.delivery) on another, speaking the real protocol over real HTTP.
 * Tests, benchmarks and `npm run demo` run against it. See shared/notes/replicate-api.md.
 */

export type {
  FakeReplicate,
  FakeReplicateOptions,
  FakeStats,
  Fault,
  FaultMatch,
  RecordedRequest,
} from './types';
export { DEFAULT_TOKEN, NO_CREDIT_TOKEN } from './settings';
export { MODEL, VERSION_ID } from './model-schema';

const HOST = '127.0.0.1';

type Handler = (req: IncomingMessage, url: URL) => Promise<Reply>;

class FakeReplicateServer implements FakeReplicate {
  baseUrl = '';
  outputsOrigin = '';
  readonly requests: RecordedRequest[] = [];
  readonly throttles: { at: number; retryAfterS: number }[] = [];
  onPredictionSucceeded?: (id: string, at: number) => void;

  private readonly settings: Settings;
  private readonly timers = new TimerRegistry();
  private readonly faults = new FaultQueue();
  private readonly files = new FileStore();
  private readonly streams = new Set<ServerResponse>();
  private readonly sockets = new Set<Socket>();
  private readonly engine: PredictionEngine;
  private readonly apiServer: Server;
  private readonly outputsServer: Server;
  private readonly apiContext: ApiContext;
  private bucket: { limit: RateLimit; bucket: TokenBucket } | null = null;
  private offline = false;
  private uploads = 0;
  private downloadsInFlight = 0;
  private mostDownloadsInFlight = 0;

  constructor(opts: FakeReplicateOptions) {
    this.settings = resolveSettings(opts);
    this.engine = new PredictionEngine({
      settings: this.settings,
      timers: this.timers,
      urls: () => ({ apiBase: this.baseUrl, outputsOrigin: this.outputsOrigin }),
      loadImage: (ref) => this.loadImage(ref),
      onSucceeded: (id) => this.onPredictionSucceeded?.(id, performance.now()),
    });
    this.apiContext = {
      settings: this.settings,
      engine: this.engine,
      files: this.files,
      timers: this.timers,
      streams: this.streams,
      apiBase: () => this.baseUrl,
      takeCreateToken: () => this.takeCreateToken(),
      countUpload: () => this.uploads++,
    };
    this.apiServer = this.makeServer('api', (req, url) => handleApi(this.apiContext, req, url));
    this.outputsServer = this.makeServer('outputs', (req, url) => Promise.resolve(this.serveOutput(req, url)));
  }

  get token(): string {
    return this.settings.token;
  }

  async listen(): Promise<void> {
    const apiPort = await listenOn(this.apiServer, this.settings.port);
    const outputsPort = await listenOn(this.outputsServer, this.settings.outputsPort);
    this.baseUrl = `http://${HOST}:${apiPort}/v1`;
    this.outputsOrigin = `http://${HOST}:${outputsPort}`;
  }

  stats(): FakeStats {
    return { ...this.engine.stats(), uploads: this.uploads };
  }

  maxConcurrentDownloads(): number {
    return this.mostDownloadsInFlight;
  }

  predictionInputs(): Record<string, unknown>[] {
    return this.engine.all().map((p) => {
      const { input } = this.engine.toJson(p) as { input: Record<string, unknown> };
      return input;
    });
  }

  prediction(id: string): unknown {
    const p = this.engine.get(id);
    return p ? this.engine.toJson(p) : undefined;
  }

  configure(patch: Partial<FakeReplicateOptions>): void {
    applyPatch(this.settings, patch);
    this.engine.settingsChanged();
  }

  pendingFaults(): number {
    return this.faults.pending;
  }

  injectFaults(faults: Fault[]): void {
    this.faults.push(faults);
  }

  expireOutputs(): void {
    this.engine.expireAll();
  }

  setOffline(offline: boolean): void {
    this.offline = offline;
    if (offline) for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    this.timers.close();
    this.engine.close();
    for (const res of this.streams) res.end();
    this.streams.clear();
    await Promise.all([closeServer(this.apiServer), closeServer(this.outputsServer)]);
  }

  private makeServer(origin: ServerOrigin, handler: Handler): Server {
    const server = createServer((req, res) => {
      this.handle(origin, handler, req, res).catch((error: unknown) => this.internalError(res, error));
    });
    server.on('connection', (socket: Socket) => {
      // Network down: the TCP connection is accepted by the kernel but dies at once.
      if (this.offline) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return server;
  }

  /** Record, apply any injected fault, then run the handler. */
  private async handle(origin: ServerOrigin, handler: Handler, req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.record(origin, req);
    if (origin === 'outputs') this.countDownload(res);
    if (this.offline) {
      req.socket.destroy();
      return;
    }
    const url = new URL(req.url ?? '/', `http://${HOST}`);
    const fault = this.faults.take(this.requestKind(origin, req.method ?? 'GET', url.pathname));
    if (fault?.kind === 'stall') {
      await this.timers.sleep(fault.ms);
      if (this.timers.isClosed || res.destroyed) return;
    }
    if (fault?.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      sendReply(res, faultStatusReply(fault.status, fault.body));
      return;
    }
    const hostile = fault && isHostileFault(fault) ? hostileReply(fault, url, { timers: this.timers, streams: this.streams }) : null;
    if (hostile) {
      sendReply(res, hostile);
      return;
    }
    let reply = await handler(req, url);
    if (fault && isHostileFault(fault)) reply = alterReply(fault, reply);
    if (this.offline || fault?.kind === 'reset-after-create') {
      // The work is done (a create really created), but the client never hears about it.
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'truncated-json') sendTruncated(res, reply);
    else sendReply(res, reply);
  }

  /** Downloads in flight, from arrival until the response is done or the client gone. */
  private countDownload(res: ServerResponse): void {
    this.downloadsInFlight++;
    this.mostDownloadsInFlight = Math.max(this.mostDownloadsInFlight, this.downloadsInFlight);
    let counted = true;
    const done = (): void => {
      if (!counted) return;
      counted = false;
      this.downloadsInFlight--;
    };
    res.once('finish', done);
    res.once('close', done);
  }

  private requestKind(origin: ServerOrigin, method: string, pathname: string): RequestKind {
    if (origin === 'outputs') return method === 'GET' || method === 'HEAD' ? 'download' : null;
    return apiRequestKind(method, pathname);
  }

  private record(origin: ServerOrigin, req: IncomingMessage): void {
    this.requests.push({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      origin,
      headers: flattenHeaders(req),
      at: performance.now(),
    });
  }

  private internalError(res: ServerResponse, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (!res.headersSent) sendReply(res, problemReply(500, `Internal server error: ${message}`));
    else res.destroy();
  }

  /** The outputs server (replicate.delivery): public, no auth, plain 404 for missing files. */
  private serveOutput(req: IncomingMessage, url: URL): Reply {
    if (req.method !== 'GET' && req.method !== 'HEAD') return bytesReply(405, Buffer.from('Method Not Allowed'), 'text/plain');
    const bytes = this.engine.outputFile(url.pathname);
    if (!bytes) return bytesReply(404, Buffer.from('Not Found'), 'text/plain');
    const reply = bytesReply(200, bytes, 'image/png');
    reply.headers['cache-control'] = 'public, max-age=3600';
    return reply;
  }

  private takeCreateToken(): TakeResult {
    const limit = this.settings.rateLimit;
    if (!limit) return { ok: true };
    // A new limit object (configure) starts a fresh, full bucket.
    if (this.bucket?.limit !== limit) this.bucket = { limit, bucket: new TokenBucket(limit) };
    const taken = this.bucket.bucket.take();
    if (!taken.ok) this.throttles.push({ at: performance.now(), retryAfterS: taken.retryAfterS });
    return taken;
  }

  /**
   * What the model can fetch as input.image: data URIs, files uploaded here, and outputs of
   * earlier predictions (redrawing a result). Nothing off this machine: the fake is loopback-only.
   */
  private loadImage(ref: string): Loaded {
    if (ref.startsWith('data:')) return decodeDataUri(ref);
    let url: URL;
    try {
      url = new URL(ref);
    } catch {
      return { ok: false, error: `Input image is not a URL: ${ref.slice(0, 80)}` };
    }
    const notFound: Loaded = { ok: false, error: `Could not download input image ${ref}: 404 Not Found` };
    if (sameServer(url, this.baseUrl)) {
      const id = /^\/v1\/files\/([^/]+)$/.exec(url.pathname)?.[1];
      const file = id ? this.files.get(id) : undefined;
      return file ? { ok: true, bytes: file.bytes } : notFound;
    }
    if (sameServer(url, this.outputsOrigin)) {
      const bytes = this.engine.outputFile(url.pathname);
      return bytes ? { ok: true, bytes } : notFound;
    }
    return { ok: false, error: `Could not download input image ${ref}: the fake server cannot reach other hosts` };
  }
}

const LOOPBACK_NAMES = new Set(['127.0.0.1', 'localhost', '[::1]']);

function sameServer(url: URL, origin: string): boolean {
  const server = new URL(origin);
  return LOOPBACK_NAMES.has(url.hostname) && url.port === server.port && url.protocol === server.protocol;
}

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

export async function startFakeReplicate(opts: FakeReplicateOptions = {}): Promise<FakeReplicate> {
  const fake = new FakeReplicateServer(opts);
  try {
    await fake.listen();
  } catch (error) {
    await fake.close();
    throw error;
  }
  return fake;
}
