import { createRequire } from 'node:module';
import { join } from 'node:path';
import { safeStorage } from 'electron';
import { chooseTokenStore } from '../core/secrets/choose-token-store';
import { secureOsEncryption } from '../core/secrets/secure-os-encryption';
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

export function openTokenStore(userData: string): Promise<TokenStore> {
  return chooseTokenStore({
    keytar: loadKeytar(),
    osEncryption: secureOsEncryption(safeStorage, process.platform),
    encryptedTokenDir: join(userData, 'tokens'),
  });
}
