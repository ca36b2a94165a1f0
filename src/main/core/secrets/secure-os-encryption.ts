import type { OsEncryption } from './encrypted-file-token-store';

/** The part of Electron's safeStorage this decision needs. */
export type SafeStorageLike = {
  isEncryptionAvailable(): boolean;
  getSelectedStorageBackend(): string;
  encryptString(plain: string): Buffer;
  decryptString(cipher: Buffer): string;
};

/**
 * OS encryption only where it really protects the token. On Linux without a keyring,
 * safeStorage "works" with the `basic_text` backend, a hard-coded key: that is no protection,
 * so the token is then kept for the session only instead.
 */
export function secureOsEncryption(safeStorage: SafeStorageLike, platform: NodeJS.Platform): OsEncryption | null {
  if (!safeStorage.isEncryptionAvailable()) return null;
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return null;
  return {
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (cipher) => safeStorage.decryptString(cipher),
  };
}
