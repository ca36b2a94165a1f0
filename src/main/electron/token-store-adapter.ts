import { createRequire } from 'node:module';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { OsEncryption } from '../core/secrets/encrypted-file-token-store';
import { chooseTokenStore } from '../core/secrets/choose-token-store';
import type { KeytarLike } from '../core/secrets/keytar-token-store';
import type { TokenStore } from '../core/secrets/token-store';

const requireNative = createRequire(import.meta.url);

function loadKeytar(): KeytarLike | null {
  try {
    return requireNative('keytar') as KeytarLike;
  } catch {
    return null;
  }
}

/** safeStorage only when it really encrypts: on Linux without a keyring it falls back to `basic_text`. */
function osEncryption(): OsEncryption | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}

export function openTokenStore(userData: string): Promise<TokenStore> {
  return chooseTokenStore({
    keytar: loadKeytar(),
    osEncryption: osEncryption(),
    encryptedTokenDir: join(userData, 'tokens'),
  });
}
