import type { FakeReplicateOptions, RateLimit, ResponseShape } from './types';

export const DEFAULT_TOKEN = 'r8_fake_0123456789abcdefghij';
/** Passes authentication, but every create answers 402 (an account without credit). */
export const NO_CREDIT_TOKEN = 'r8_fake_nocredit';

/** The options with every default filled in; read at use time so configure() takes effect at once. */
export type Settings = {
  token: string;
  acceptAnyToken: boolean;
  port: number;
  outputsPort: number;
  predictionMs: number;
  startDelayMs: number;
  outputTtlMs: number;
  responseShape: ResponseShape;
  filesApi: boolean;
  maxWaitSeconds: number;
  streamTimeoutMs: number;
  rateLimit: RateLimit | null;
  maxConcurrent: number;
  failPrompt: string | null;
  minCancelAfterMs: number;
  maxUploadBytes: number;
  chattyLogBytes: number;
};

const DEFAULTS: Settings = {
  token: DEFAULT_TOKEN,
  acceptAnyToken: false,
  port: 0,
  outputsPort: 0,
  predictionMs: 1500,
  startDelayMs: 50,
  outputTtlMs: 3_600_000,
  responseShape: 'prediction',
  filesApi: true,
  maxWaitSeconds: 60,
  streamTimeoutMs: 30_000,
  rateLimit: null,
  maxConcurrent: Number.POSITIVE_INFINITY,
  failPrompt: null,
  minCancelAfterMs: 5000,
  maxUploadBytes: 100 * 1024 * 1024,
  chattyLogBytes: 0,
};

function checkNonNegative(name: string, value: number | undefined): void {
  if (value !== undefined && !(value >= 0)) throw new RangeError(`fake-replicate: ${name} must be >= 0, got ${value}`);
}

/** Throws on nonsense so a typo in a test shows up at once rather than as a hang. */
function checkPatch(patch: Partial<FakeReplicateOptions>): void {
  checkNonNegative('predictionMs', patch.predictionMs);
  checkNonNegative('startDelayMs', patch.startDelayMs);
  checkNonNegative('outputTtlMs', patch.outputTtlMs);
  checkNonNegative('streamTimeoutMs', patch.streamTimeoutMs);
  checkNonNegative('minCancelAfterMs', patch.minCancelAfterMs);
  checkNonNegative('chattyLogBytes', patch.chattyLogBytes);
  if (patch.maxWaitSeconds !== undefined && !(patch.maxWaitSeconds >= 1)) {
    throw new RangeError('fake-replicate: maxWaitSeconds must be >= 1');
  }
  if (patch.maxConcurrent !== undefined && !(patch.maxConcurrent >= 1)) {
    throw new RangeError('fake-replicate: maxConcurrent must be >= 1');
  }
  if (patch.rateLimit && !(patch.rateLimit.perMinute > 0 && patch.rateLimit.burst >= 1)) {
    throw new RangeError('fake-replicate: rateLimit needs perMinute > 0 and burst >= 1');
  }
  if (patch.token !== undefined && patch.token.trim() === '') throw new RangeError('fake-replicate: token must not be empty');
}

/** Copies only the keys that are present, so `{ failPrompt: undefined }` does not wipe a default. */
export function applyPatch(settings: Settings, patch: Partial<FakeReplicateOptions>): void {
  checkPatch(patch);
  const entries = Object.entries(patch) as [keyof FakeReplicateOptions, unknown][];
  const target = settings as Record<keyof Settings, unknown>;
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    if (key in DEFAULTS) target[key] = value;
  }
  // failPrompt/rateLimit may be cleared explicitly with null or ''.
  if ('failPrompt' in patch && !patch.failPrompt) settings.failPrompt = null;
  if ('rateLimit' in patch && patch.rateLimit === null) settings.rateLimit = null;
}

export function resolveSettings(opts: FakeReplicateOptions): Settings {
  const settings: Settings = { ...DEFAULTS };
  applyPatch(settings, opts);
  return settings;
}
