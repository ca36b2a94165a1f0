import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { createDispatch, type Handlers } from './dispatch';

const settingsView = {
  apiBaseUrl: 'https://api.replicate.com/v1',
  modelVersion: 'stability-ai/stable-diffusion-img2img',
  concurrency: 4,
  pricePerSecondUsd: 0.0014,
  confirmCostOverUsd: 1,
  tokenSet: true,
  tokenLast4: 'abcd',
  tokenState: 'untested' as const,
  tokenStorage: 'keychain' as const,
  tokenStorageNote: 'In the keychain.',
};

function dispatchWith(partial: Partial<Handlers>) {
  return createDispatch(partial as Handlers);
}

describe('the IPC door into main', () => {
  it('refuses a channel that is not in the contract', async () => {
    const result = await dispatchWith({})('fs:read', { path: '/etc/passwd' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('parses the input before the handler sees it', async () => {
    let called = false;
    const dispatch = dispatchWith({
      'jobs:get': async () => {
        called = true;
        throw new Error('unreachable');
      },
    });
    const result = await dispatch('jobs:get', { jobId: '../../etc' });
    expect(result.ok).toBe(false);
    expect(called).toBe(false);
  });

  it('strips anything undeclared from the output, a token above all', async () => {
    const dispatch = dispatchWith({
      'settings:get': async () => ({ ...settingsView, token: 'r8_must_not_leave_main' }) as typeof settingsView,
    });
    const result = await dispatch('settings:get', undefined);
    expect(result.ok).toBe(true);
    expect(JSON.stringify(result)).not.toContain('r8_must_not_leave_main');
  });

  it('carries app errors across as data, and wraps surprises', async () => {
    const dispatch = dispatchWith({
      'jobs:active': async () => {
        throw new AppError('offline', 'Cannot reach the server.');
      },
      'settings:get': async () => {
        throw new TypeError('boom');
      },
    });
    expect(await dispatch('jobs:active', undefined)).toEqual({ ok: false, error: { code: 'offline', message: 'Cannot reach the server.' } });
    expect(await dispatch('settings:get', undefined)).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
