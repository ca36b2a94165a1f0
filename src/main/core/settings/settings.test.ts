import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobSummary } from '../../../shared/job';
import { DEFAULT_PARAMS } from '../../../shared/model-input';
import { DEFAULT_SETTINGS, settingsUpdateSchema, type ConnectionCheck, type SettingsView } from '../../../shared/settings';
import { startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';
import { openSettingsStore } from './settings-store';

let fixture: CoreFixture | null = null;

/** "Test connection" on a form that shows the saved settings and no pasted token. */
async function testSaved(f: CoreFixture): Promise<ConnectionCheck> {
  const view = await f.call<SettingsView>('settings:get');
  return f.call<ConnectionCheck>('settings:test-connection', { apiBaseUrl: view.apiBaseUrl, modelVersion: view.modelVersion });
}
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

  it('a pipe in the place of settings.json does not hang start-up: the defaults are used', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'redraw-settings-'));
    execFileSync('mkfifo', [join(dir, 'settings.json')]);
    const store = await openSettingsStore(join(dir, 'settings.json'));
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
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
    const good = await testSaved(fixture);
    expect(good.ok).toBe(true);
    expect(good.checks.map((c) => c.name)).toEqual(['API token', 'Model version', 'Model inputs']);

    await fixture.tokenStore.set(new URL(fixture.server.baseUrl).origin, 'r8_wrong');
    const badToken = await testSaved(fixture);
    expect(badToken.ok).toBe(false);
    expect(badToken.checks[0]).toMatchObject({ name: 'API token', ok: false });
    expect(badToken.checks[0]?.message).toMatch(/token was refused/);

    await fixture.tokenStore.set(new URL(fixture.server.baseUrl).origin, fixture.server.token);
    await fixture.call('settings:save', { apiBaseUrl: fixture.server.baseUrl, modelVersion: `stability-ai/stable-diffusion-img2img:${'a'.repeat(64)}` });
    const badVersion = await testSaved(fixture);
    expect(badVersion.checks[1]).toMatchObject({ name: 'Model version', ok: false });
    expect(badVersion.checks[1]?.message).toMatch(/model version/i);
  });
});

describe('test connection for an official model named without a version', () => {
  it('reads the latest version of owner/name', async () => {
    fixture = await startCoreFixture();
    await fixture.call('settings:save', { apiBaseUrl: fixture.server.baseUrl, modelVersion: 'stability-ai/stable-diffusion-img2img' });
    const result = await testSaved(fixture);
    expect(result.ok).toBe(true);
    expect(result.checks[1]?.message).toContain('15a3689ee13b');
  });
});

describe('"Test connection" and the token status tell the truth', () => {
  it('tests what the form holds: a pasted token that is not saved yet, and another service', async () => {
    fixture = await startCoreFixture({}, { token: null });
    const form = { apiBaseUrl: fixture.server.baseUrl, modelVersion: DEFAULT_SETTINGS.modelVersion };

    const without = await fixture.call<ConnectionCheck>('settings:test-connection', form);
    expect(without.checks[0]).toMatchObject({ name: 'API token', ok: false });

    const pasted = await fixture.call<ConnectionCheck>('settings:test-connection', { ...form, token: fixture.server.token });
    expect(pasted.ok).toBe(true);
    const wrong = await fixture.call<ConnectionCheck>('settings:test-connection', { ...form, token: 'r8_not_the_token' });
    expect(wrong.checks[0]?.message).toMatch(/token was refused/);
    // Testing saves nothing.
    expect(await fixture.call<SettingsView>('settings:get')).toMatchObject({ tokenSet: false, tokenState: 'untested' });

    // A base URL typed in the form but not saved is the one tested.
    const elsewhere = await fixture.call<ConnectionCheck>('settings:test-connection', {
      ...form,
      apiBaseUrl: 'http://127.0.0.1:9/v1',
      token: fixture.server.token,
    });
    expect(elsewhere.ok).toBe(false);
    expect(elsewhere.checks[0]?.message).not.toMatch(/accepted/);
  });

  it('a token the service refuses is shown as refused, and saving another one starts over', async () => {
    fixture = await startCoreFixture({}, { token: 'r8_wrong_token_1234' });
    const f = fixture;
    const draft = await f.call<{ inputId: string }>('input:import', { name: 's.png', bytes: new Uint8Array(await sketchPng(64, 64)) });
    const job = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: DEFAULT_PARAMS });
    const failed = await f.waitForJob(job.id, (j) => j.status === 'failed');
    expect(failed.error?.code).toBe('unauthenticated');

    // The page learns it from an event, not only when it asks again.
    const changed = await f.waitForEvent('settings:changed', (view) => view.tokenState === 'refused');
    expect(changed).toMatchObject({ tokenSet: true, tokenLast4: '1234' });
    expect(await f.call<SettingsView>('settings:get')).toMatchObject({ tokenState: 'refused' });

    const saved = await f.call<SettingsView>('settings:save', {
      apiBaseUrl: f.server.baseUrl,
      modelVersion: DEFAULT_SETTINGS.modelVersion,
      token: f.server.token,
    });
    expect(saved).toMatchObject({ tokenSet: true, tokenState: 'untested' });
    expect((await testSaved(f)).ok).toBe(true);
    expect(await f.call<SettingsView>('settings:get')).toMatchObject({ tokenState: 'accepted' });
    expect(JSON.stringify(f.events)).not.toContain(f.server.token);
  });
});
