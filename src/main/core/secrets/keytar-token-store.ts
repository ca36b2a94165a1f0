import { KEYCHAIN_SERVICE, keychainAccount, type TokenStore } from './token-store';

/** The part of keytar we use; passed in so the native module is loaded by the caller (and can fail there). */
export type KeytarLike = {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
};

export function createKeytarTokenStore(keytar: KeytarLike, service = KEYCHAIN_SERVICE): TokenStore {
  return {
    kind: 'keychain',
    note: 'The token is kept in your operating system keychain.',
    get: (origin) => keytar.getPassword(service, keychainAccount(origin)),
    set: (origin, token) => keytar.setPassword(service, keychainAccount(origin), token),
    clear: async (origin) => {
      await keytar.deletePassword(service, keychainAccount(origin));
    },
  };
}

/**
 * keytar loads even where no Secret Service runs (a bare Linux desktop); the first call then
 * fails. So a real read decides whether the keychain is usable.
 */
export async function keychainWorks(keytar: KeytarLike, service = KEYCHAIN_SERVICE): Promise<boolean> {
  try {
    await keytar.getPassword(service, keychainAccount('probe'));
    return true;
  } catch {
    return false;
  }
}
