/**
 * Public types of the fake Replicate server. They live apart from fake-replicate.ts so the
 * small internal modules can import them without a circular import of the main module.
 */

import type { HostileFault } from './hostile-replies';

export type RateLimit = { perMinute: number; burst: number };

export type ResponseShape = 'prediction' | 'images';

export type FakeReplicateOptions = {
  /** Accepted bearer token. Default 'r8_fake_0123456789abcdefghij'. */
  token?: string;
  /** Demo mode: any non-empty bearer token is accepted. */
  acceptAnyToken?: boolean;
  /** API port, default 0 (random). */
  port?: number;
  /** Port of the separate outputs server (the fake replicate.delivery), default 0 (random). */
  outputsPort?: number;
  /** Time a prediction spends processing, default 1500 ms. */
  predictionMs?: number;
  /** Time spent in 'starting' before 'processing', default 50 ms. */
  startDelayMs?: number;
  /** Outputs, input and logs are removed this long after completion (default one hour). */
  outputTtlMs?: number;
  /** 'images' = the seed's synchronous `{"created", "data":[{"url"}]}` body, 200, no id. */
  responseShape?: ResponseShape;
  /** Default true; false => POST /v1/files answers 404 like a reseller without the Files API. */
  filesApi?: boolean;
  /** Cap for `Prefer: wait` (default 60 s). */
  maxWaitSeconds?: number;
  /** An SSE connection is closed after this long without `done` (default 30 s). */
  streamTimeoutMs?: number;
  /** Token bucket on creates; null (the default) = unlimited. */
  rateLimit?: RateLimit | null;
  /** Predictions processing at once (default unlimited); extra ones stay 'starting'. */
  maxConcurrent?: number;
  /** A prediction whose prompt contains this string ends 'failed' with "CUDA out of memory". */
  failPrompt?: string;
  /** Smallest accepted Cancel-After deadline; shorter ones are raised to it. Default 5000 ms (Replicate's minimum). */
  minCancelAfterMs?: number;
  /** Upload (and JSON body) limit; default 100 MiB, 413 past it. */
  maxUploadBytes?: number;
  /** A chatty model: this many bytes of warning lines in the logs before its progress. Default 0. */
  chattyLogBytes?: number;
};

export type ServerOrigin = 'api' | 'outputs';

export type RecordedRequest = {
  method: string;
  /** Path and query exactly as received, e.g. '/v1/predictions?cursor=…'. */
  path: string;
  origin: ServerOrigin;
  /** Lower-case header names; repeated headers joined with ', '. */
  headers: Record<string, string>;
  /** performance.now() when the request arrived. */
  at: number;
};

/** `list` = GET /v1/predictions (searched after a lost create). */
export type FaultMatch = 'create' | 'get' | 'list' | 'stream' | 'download' | 'upload' | 'any';

export type Fault =
  | { match: FaultMatch; kind: 'status'; status: number; body?: string }
  | { match: FaultMatch; kind: 'reset' }
  | { match: FaultMatch; kind: 'reset-after-create' }
  | { match: FaultMatch; kind: 'truncated-json' }
  | { match: FaultMatch; kind: 'stall'; ms: number }
  // A hostile or broken server (redirects, HTML, huge or endless bodies): see hostile-replies.ts.
  | HostileFault;

export type FakeStats = {
  /** POST /v1/predictions requests that created a prediction (both response shapes). */
  creates: number;
  /** Prediction objects created so far (same count as creates; kept for callers that read it). */
  predictions: number;
  /** Successful POST /v1/files. */
  uploads: number;
  /** Predictions that ended 'canceled' (cancel endpoint or a Cancel-After deadline while running). */
  canceled: number;
  /** Predictions that began processing (ran on the fake GPU). */
  started: number;
  succeeded: number;
  failed: number;
  /** Predictions that ended 'aborted' (Cancel-After deadline before they started). */
  aborted: number;
};

export type FakeReplicate = {
  /** e.g. http://127.0.0.1:41234/v1 */
  baseUrl: string;
  /** e.g. http://127.0.0.1:41235 — a separate server, like replicate.delivery. */
  outputsOrigin: string;
  /** The accepted token (reflects configure({ token })). */
  readonly token: string;
  /** Every request to both servers, in arrival order. */
  requests: RecordedRequest[];
  /** Every create answered 429, in order: when (performance.now()) and the wait its body named. */
  throttles: { at: number; retryAfterS: number }[];
  stats(): FakeStats;
  /** The most output downloads the outputs server was answering at once, so far. */
  maxConcurrentDownloads(): number;
  /** The input of every prediction created so far, in creation order (the image included). */
  predictionInputs(): Record<string, unknown>[];
  /** Current public JSON of a prediction. */
  prediction(id: string): unknown | undefined;
  configure(patch: Partial<FakeReplicateOptions>): void;
  /** One-shot faults, each consumed by the first later request it matches. */
  injectFaults(faults: Fault[]): void;
  /** Faults injected but not yet consumed (a test can check every one was met). */
  pendingFaults(): number;
  /** Marks every finished prediction's data removed now. */
  expireOutputs(): void;
  /** true => both servers destroy every socket at once (network down). */
  setOffline(offline: boolean): void;
  /** Called (with performance.now()) the moment a prediction becomes succeeded. */
  onPredictionSucceeded?: (id: string, at: number) => void;
  close(): Promise<void>;
};

export type PredictionStatus = 'starting' | 'processing' | 'succeeded' | 'failed' | 'canceled' | 'aborted';
