import { createEncryptedFileTokenStore, type OsEncryption } from './encrypted-file-token-store';
import { createKeytarTokenStore, keychainWorks, type KeytarLike } from './keytar-token-store';
import { createSessionTokenStore, type TokenStore } from './token-store';

export type TokenStoreOptions = {
  /** null when the native module could not be loaded at all. */
  keytar: KeytarLike | null;
  /** null when OS encryption is unavailable or would be insecure (`basic_text`). */
  osEncryption: OsEncryption | null;
  /** Folder for OS-encrypted token files. */
  encryptedTokenDir: string;
};

/** Keychain first; then OS encryption when it is real; else the session only. */
export async function chooseTokenStore(options: TokenStoreOptions): Promise<TokenStore> {
  if (options.keytar && (await keychainWorks(options.keytar))) {
    return createKeytarTokenStore(options.keytar);
  }
  if (options.osEncryption) {
    return createEncryptedFileTokenStore(options.osEncryption, options.encryptedTokenDir);
  }
  return createSessionTokenStore();
}
