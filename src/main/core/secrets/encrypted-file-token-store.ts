import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/atomic-write';
import type { TokenStore } from './token-store';

/** Electron's safeStorage, reduced to what we need, so this module stays free of `electron`. */
export type OsEncryption = {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
};

/**
 * The token encrypted by the OS (Electron safeStorage) in a file under userData.
 * Only chosen when safeStorage's backend is a real one (never `basic_text`).
 */
export function createEncryptedFileTokenStore(encryption: OsEncryption, filePath: string): TokenStore {
  return {
    kind: 'safe-storage',
    note: 'No keychain service was found; the token is encrypted by your operating system and stored in the app data folder.',
    get: async () => {
      let cipher: Buffer;
      try {
        cipher = await readFile(filePath);
      } catch {
        return null;
      }
      try {
        return encryption.decrypt(cipher);
      } catch {
        // Encrypted under another OS user or key: unusable, so treat as absent.
        return null;
      }
    },
    set: (token) => writeFileAtomic(filePath, encryption.encrypt(token)),
    clear: () => rm(filePath, { force: true }),
  };
}
