import { createRequire } from 'node:module';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseTokenStore } from './choose-token-store';
import { createKeytarTokenStore, keychainWorks, type KeytarLike } from './keytar-token-store';
import { keychainAccount } from './token-store';
import { secureOsEncryption, type SafeStorageLike } from './secure-os-encryption';

const require = createRequire(import.meta.url);
const keytar = require('keytar') as KeytarLike;
const TEST_SERVICE = `Redraw-test-${process.pid}`;
const REPLICATE = 'https://api.replicate.com';
const RESELLER = 'https://www.kkiai.com';

const keychainAvailable = await keychainWorks(keytar, TEST_SERVICE);
const skipReason = keychainAvailable ? null : 'no Secret Service on this session bus (run the suite through `npm test`, which starts one)';
if (skipReason && process.env.REDRAW_REQUIRE_KEYCHAIN === '1') {
  throw new Error(`REDRAW_REQUIRE_KEYCHAIN=1 but ${skipReason}`);
}
if (skipReason) console.warn(`skipping real-keychain tests: ${skipReason}`);

describe('the API token in the OS keychain (keytar, real Secret Service)', () => {
  const store = createKeytarTokenStore(keytar, TEST_SERVICE);
  afterAll(async () => {
    if (keychainAvailable) {
      await store.clear(REPLICATE);
      await store.clear(RESELLER);
    }
  });

  it.skipIf(skipReason !== null)('stores, reads back and deletes the token', async () => {
    expect(await store.get(REPLICATE)).toBeNull();
    await store.set(REPLICATE, 'r8_keychain_test_token_1234');
    expect(await store.get(REPLICATE)).toBe('r8_keychain_test_token_1234');
    // A second, independent client sees the same secret: it really is in the keychain.
    expect(await keytar.getPassword(TEST_SERVICE, keychainAccount(REPLICATE))).toBe('r8_keychain_test_token_1234');
    await store.clear(REPLICATE);
    expect(await store.get(REPLICATE)).toBeNull();
  });

  it.skipIf(skipReason !== null)("keeps one token per service: one service's token is never another's", async () => {
    await store.set(REPLICATE, 'r8_for_replicate');
    expect(await store.get(RESELLER)).toBeNull();
    await store.set(RESELLER, 'sk_for_reseller');
    expect(await store.get(REPLICATE)).toBe('r8_for_replicate');
    expect(await store.get(RESELLER)).toBe('sk_for_reseller');
  });
});

describe('choosing where the token lives', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });
  const brokenKeychain: KeytarLike = {
    getPassword: () => Promise.reject(new Error('Cannot autolaunch D-Bus without X11 $DISPLAY')),
    setPassword: () => Promise.reject(new Error('no keychain')),
    deletePassword: () => Promise.reject(new Error('no keychain')),
  };
  // Stands in for safeStorage: reversible, and visibly not the plain token on disk.
  const osEncryption = {
    encrypt: (plain: string) => Buffer.from(Buffer.from(plain, 'utf8').map((b) => b ^ 0x5a)),
    decrypt: (cipher: Buffer) => Buffer.from(cipher.map((b) => b ^ 0x5a)).toString('utf8'),
  };

  it.skipIf(skipReason !== null)('prefers the keychain when it works', async () => {
    const store = await chooseTokenStore({ keytar, osEncryption, encryptedTokenDir: '/nonexistent' });
    expect(store.kind).toBe('keychain');
  });

  it('falls back to OS encryption when no keychain answers, and never writes the token in clear', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redraw-token-'));
    dirs.push(dir);
    const store = await chooseTokenStore({ keytar: brokenKeychain, osEncryption, encryptedTokenDir: dir });
    expect(store.kind).toBe('safe-storage');
    await store.set(REPLICATE, 'r8_encrypted_token_abcd');
    const files = await readdir(dir);
    expect(files).toHaveLength(1);
    expect((await readFile(join(dir, files[0]!))).includes(Buffer.from('r8_encrypted_token_abcd'))).toBe(false);
    expect(await store.get(REPLICATE)).toBe('r8_encrypted_token_abcd');
    expect(await store.get(RESELLER)).toBeNull();
    await store.clear(REPLICATE);
    expect(await store.get(REPLICATE)).toBeNull();
  });

  const fakeSafeStorage = (available: boolean, backend: string): SafeStorageLike => ({
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain) => osEncryption.encrypt(plain),
    decryptString: (cipher) => osEncryption.decrypt(cipher),
  });

  it("uses safeStorage only with a real backend: Linux's basic_text is refused", () => {
    expect(secureOsEncryption(fakeSafeStorage(true, 'basic_text'), 'linux')).toBeNull();
    expect(secureOsEncryption(fakeSafeStorage(false, 'gnome_libsecret'), 'linux')).toBeNull();
    expect(secureOsEncryption(fakeSafeStorage(true, 'gnome_libsecret'), 'linux')).not.toBeNull();
    expect(secureOsEncryption(fakeSafeStorage(true, 'unknown'), 'darwin')).not.toBeNull();
  });

  it('keeps the token for the session only when neither exists (basic_text is never used)', async () => {
    const store = await chooseTokenStore({
      keytar: null,
      osEncryption: secureOsEncryption(fakeSafeStorage(true, 'basic_text'), 'linux'),
      encryptedTokenDir: '/nonexistent',
    });
    expect(store.kind).toBe('session');
    expect(store.note).toMatch(/session only/);
    await store.set(REPLICATE, 'r8_session');
    expect(await store.get(REPLICATE)).toBe('r8_session');
    expect(await store.get(RESELLER)).toBeNull();
  });
});
