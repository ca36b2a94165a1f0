import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, settingsUpdateSchema } from '../../../shared/settings';
import { startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { openSettingsStore } from './settings-store';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

describe('settings', () => {
  it('validates the base URL and model version', () => {
    const ok = settingsUpdateSchema.safeParse({ apiBaseUrl: 'https://www.kkiai.com/replicate/v1/', modelVersion: DEFAULT_SETTINGS.modelVersion });
    expect(ok.success && ok.data.apiBaseUrl).toBe('https://www.kkiai.com/replicate/v1');
    expect(settingsUpdateSchema.safeParse({ apiBaseUrl: 'http://example.com/v1', modelVersion: DEFAULT_SETTINGS.modelVersion }).success).toBe(false);
    expect(settingsUpdateSchema.safeParse({ apiBaseUrl: 'http://127.0.0.1:9/v1', modelVersion: DEFAULT_SETTINGS.modelVersion }).success).toBe(true);
    expect(settingsUpdateSchema.safeParse({ apiBaseUrl: 'https://api.replicate.com/v1', modelVersion: 'not a version' }).success).toBe(false);
    expect(settingsUpdateSchema.safeParse({ apiBaseUrl: 'https://api.replicate.com/v1', modelVersion: 'a/b', token: 'has space' }).success).toBe(false);
  });

  it('keeps good fields of a damaged settings file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redraw-settings-'));
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ apiBaseUrl: 'ftp://nope', modelVersion: 'a/b', concurrency: 99 }));
    const store = await openSettingsStore(join(dir, 'settings.json'));
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, modelVersion: 'a/b' });
    await rm(dir, { recursive: true, force: true });
  });

  it('saves the token to the token store only, and shows just its last 4 characters', async () => {
    fixture = await startCoreFixture({}, { token: null });
    const view = await fixture.call<{ tokenSet: boolean; tokenLast4: string | null }>('settings:save', {
      apiBaseUrl: fixture.server.baseUrl,
      modelVersion: DEFAULT_SETTINGS.modelVersion,
      token: 'r8_fake_0123456789abcdefghij',
    });
    expect(view).toMatchObject({ tokenSet: true, tokenLast4: 'ghij' });
    expect(JSON.stringify(view)).not.toContain('0123456789');
    expect(await readFile(join(fixture.dataDir, 'settings.json'), 'utf8')).not.toContain('r8_fake');
    expect(await fixture.tokenStore.get(new URL(fixture.server.baseUrl).origin)).toBe('r8_fake_0123456789abcdefghij');
  });

  it('"Test connection" checks the token, the version and its inputs, and says what is wrong', async () => {
    fixture = await startCoreFixture();
    const good = await fixture.call<{ ok: boolean; checks: { name: string; ok: boolean; message: string }[] }>('settings:test-connection');
    expect(good.ok).toBe(true);
    expect(good.checks.map((c) => c.name)).toEqual(['API token', 'Model version', 'Model inputs']);

    await fixture.tokenStore.set(new URL(fixture.server.baseUrl).origin, 'r8_wrong');
    const badToken = await fixture.call<{ ok: boolean; checks: { name: string; ok: boolean; message: string }[] }>('settings:test-connection');
    expect(badToken.ok).toBe(false);
    expect(badToken.checks[0]).toMatchObject({ name: 'API token', ok: false });
    expect(badToken.checks[0]?.message).toMatch(/token was refused/);

    await fixture.tokenStore.set(new URL(fixture.server.baseUrl).origin, fixture.server.token);
    await fixture.call('settings:save', { apiBaseUrl: fixture.server.baseUrl, modelVersion: `stability-ai/stable-diffusion-img2img:${'a'.repeat(64)}` });
    const badVersion = await fixture.call<{ ok: boolean; checks: { name: string; ok: boolean; message: string }[] }>('settings:test-connection');
    expect(badVersion.checks[1]).toMatchObject({ name: 'Model version', ok: false });
    expect(badVersion.checks[1]?.message).toMatch(/model version/i);
  });
});

describe('test connection for an official model named without a version', () => {
  it('reads the latest version of owner/name', async () => {
    fixture = await startCoreFixture();
    await fixture.call('settings:save', { apiBaseUrl: fixture.server.baseUrl, modelVersion: 'stability-ai/stable-diffusion-img2img' });
    const result = await fixture.call<{ ok: boolean; checks: { name: string; ok: boolean; message: string }[] }>('settings:test-connection');
    expect(result.ok).toBe(true);
    expect(result.checks[1]?.message).toContain('15a3689ee13b');
  });
});
