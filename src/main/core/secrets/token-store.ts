import type { TokenStorage } from '../../../shared/settings';

/**
 * Where API tokens live, one per API origin: a token saved for one service is never sent to
 * another (switching the base URL from Replicate to a reseller must not hand it your Replicate
 * token). Only main holds an implementation; the renderer only ever learns whether a token is
 * set for the current service and its last four characters.
 */
export type TokenStore = {
  readonly kind: TokenStorage;
  /** One sentence for the settings screen: where the token is and what that means. */
  readonly note: string;
  get(origin: string): Promise<string | null>;
  set(origin: string, token: string): Promise<void>;
  clear(origin: string): Promise<void>;
};

export const KEYCHAIN_SERVICE = 'Redraw';

/** The keychain account a token is filed under: its API origin, e.g. `https://api.replicate.com`. */
export function keychainAccount(origin: string): string {
  return `api-token ${origin}`;
}

/** The origin a base URL's token belongs to. */
export function tokenOrigin(apiBaseUrl: string): string {
  return new URL(apiBaseUrl).origin;
}

/** Kept in memory only: the fallback when neither a keychain nor real OS encryption exists. */
export function createSessionTokenStore(
  note = 'No keychain service was found, so the token is kept for this session only and forgotten when Redraw closes.',
): TokenStore {
  const tokens = new Map<string, string>();
  return {
    kind: 'session',
    note,
    get: async (origin) => tokens.get(origin) ?? null,
    set: async (origin, value) => {
      tokens.set(origin, value);
    },
    clear: async (origin) => {
      tokens.delete(origin);
    },
  };
}
