import type { TokenStorage } from '../../../shared/settings';

/**
 * Where the API token lives. Only main holds an implementation; the renderer only ever
 * learns whether a token is set and its last four characters.
 */
export type TokenStore = {
  readonly kind: TokenStorage;
  /** One sentence for the settings screen: where the token is and what that means. */
  readonly note: string;
  get(): Promise<string | null>;
  set(token: string): Promise<void>;
  clear(): Promise<void>;
};

export const KEYCHAIN_SERVICE = 'Redraw';
export const KEYCHAIN_ACCOUNT = 'replicate-api-token';

/** Kept in memory only: the fallback when neither a keychain nor real OS encryption exists. */
export function createSessionTokenStore(
  note = 'No keychain service was found, so the token is kept for this session only and forgotten when Redraw closes.',
): TokenStore {
  let token: string | null = null;
  return {
    kind: 'session',
    note,
    get: async () => token,
    set: async (value) => {
      token = value;
    },
    clear: async () => {
      token = null;
    },
  };
}
