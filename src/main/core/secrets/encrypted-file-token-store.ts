import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { readLibraryFile } from '../library/library-file-guard';
import type { TokenStore } from './token-store';

/** Electron's safeStorage, reduced to what we need, so this module stays free of `electron`. */
export type OsEncryption = {
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
};

/**
 * Tokens encrypted by the OS (Electron safeStorage), one file per API origin under userData.
 * Only chosen when safeStorage's backend is a real one (never `basic_text`).
 */
export function createEncryptedFileTokenStore(encryption: OsEncryption, dir: string): TokenStore {
  const nameFor = (origin: string): string => `token-${createHash('sha256').update(origin).digest('hex').slice(0, 16)}.enc`;
  const fileFor = (origin: string): string => join(dir, nameFor(origin));
  return {
    kind: 'safe-storage',
    note: 'No keychain service was found; the token is encrypted by your operating system and stored in the app data folder.',
    get: async (origin) => {
      let cipher: Buffer;
      try {
        // Through the data folder's file guard: a pipe or a link in its place reads as no token.
        cipher = await readLibraryFile(dir, [nameFor(origin)], { maxBytes: 64 * 1024 });
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
    set: async (origin, token) => {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(fileFor(origin), encryption.encrypt(token));
    },
    clear: (origin) => rm(fileFor(origin), { force: true }),
  };
}
