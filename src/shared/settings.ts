import { z } from 'zod';

export const OFFICIAL_API_BASE_URL = 'https://api.replicate.com/v1';
export const DEFAULT_MODEL_VERSION =
  'stability-ai/stable-diffusion-img2img:15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d';

export const API_BASE_PRESETS = [
  { label: 'Replicate (official)', url: OFFICIAL_API_BASE_URL },
  { label: 'kkiai reseller', url: 'https://www.kkiai.com/replicate/v1' },
] as const;

const LOOPBACK_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https anywhere; plain http only on loopback (a local test server), never over a network. */
export function isHttpsOrLoopback(url: URL): boolean {
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
}

/**
 * The token travels in the Authorization header to this URL, so plain http is only
 * accepted on loopback (a local test server); anything reachable over a network needs https.
 */
export const apiBaseUrlSchema = z
  .string()
  .trim()
  .min(1, 'API base URL is required')
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'API base URL is not a valid URL' });
      return;
    }
    if (!isHttpsOrLoopback(url)) {
      ctx.addIssue({ code: 'custom', message: 'API base URL must use https:// (http:// only for localhost)' });
    }
    if (url.username || url.password) {
      ctx.addIssue({ code: 'custom', message: 'API base URL must not contain a user name or password' });
    }
    if (url.search || url.hash) {
      ctx.addIssue({ code: 'custom', message: 'API base URL must not contain ?query or #fragment' });
    }
  })
  .transform((value) => value.replace(/\/+$/, ''));

const HEX64 = '[0-9a-f]{64}';
const MODEL_NAME = '[a-z0-9][a-z0-9._-]*/[a-z0-9][a-z0-9._-]*';
const MODEL_VERSION_RE = new RegExp(`^(?:${HEX64}|${MODEL_NAME}(?::${HEX64})?)$`);

/** `owner/name:<64 hex>`, a bare 64-hex version id, or `owner/name` (official models only). */
export const modelVersionSchema = z
  .string()
  .trim()
  .min(1, 'Model version is required')
  .regex(MODEL_VERSION_RE, 'Model version must look like owner/name:<64 hex characters>');

export const CONCURRENCY_LIMITS = { min: 1, max: 16 } as const;

export const settingsSchema = z.object({
  apiBaseUrl: apiBaseUrlSchema,
  modelVersion: modelVersionSchema,
  concurrency: z.number().int().min(CONCURRENCY_LIMITS.min).max(CONCURRENCY_LIMITS.max),
  /** What a second of model time costs (US dollars): estimates and totals multiply predict time by it. */
  pricePerSecondUsd: z.number().finite().min(0, 'Price per second cannot be negative').max(1, 'Price per second is at most $1'),
  /** A batch estimated above this (US dollars) must be confirmed before it is queued. */
  confirmCostOverUsd: z.number().finite().min(0, 'The confirmation threshold cannot be negative').max(100_000),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  apiBaseUrl: OFFICIAL_API_BASE_URL,
  modelVersion: DEFAULT_MODEL_VERSION,
  concurrency: 4,
  // Replicate's price for the Nvidia A100 (80GB) that serves stable-diffusion-img2img; the
  // artist sets their own (a reseller's price, another model's hardware) in Settings.
  pricePerSecondUsd: 0.0014,
  confirmCostOverUsd: 1,
};

/** Where the token is kept; the UI tells the artist which one is in force. */
export const tokenStorageSchema = z.enum(['keychain', 'safe-storage', 'session']);
export type TokenStorage = z.infer<typeof tokenStorageSchema>;

/**
 * What the service last said of the stored token: nothing yet, it answered a call made with it,
 * or it refused it (a job or "Test connection" got 401/403). Saving another token starts over.
 */
export const tokenStateSchema = z.enum(['untested', 'accepted', 'refused']);
export type TokenState = z.infer<typeof tokenStateSchema>;

/** What the renderer may know about settings: never the token itself. */
export const settingsViewSchema = settingsSchema.extend({
  tokenSet: z.boolean(),
  tokenLast4: z.string().max(4).nullable(),
  tokenState: tokenStateSchema,
  tokenStorage: tokenStorageSchema,
  tokenStorageNote: z.string(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

export const settingsUpdateSchema = z.object({
  apiBaseUrl: apiBaseUrlSchema,
  modelVersion: modelVersionSchema,
  concurrency: settingsSchema.shape.concurrency.optional(),
  pricePerSecondUsd: settingsSchema.shape.pricePerSecondUsd.optional(),
  confirmCostOverUsd: settingsSchema.shape.confirmCostOverUsd.optional(),
  /** Omitted = keep the stored token. */
  token: z
    .string()
    .trim()
    .min(1, 'API token is empty')
    .max(512, 'API token is too long')
    .regex(/^[\x21-\x7e]+$/, 'API token contains spaces or characters a token never has')
    .optional(),
});
export type SettingsUpdate = z.infer<typeof settingsUpdateSchema>;

/** "Test connection" tests what the form holds: a pasted token not saved yet, or (omitted) the stored one. */
export const connectionTestSchema = settingsUpdateSchema.pick({ apiBaseUrl: true, modelVersion: true, token: true });

export const connectionCheckSchema = z.object({
  ok: z.boolean(),
  checks: z.array(z.object({ name: z.string(), ok: z.boolean(), message: z.string() })),
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;
