import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Envelope, RedrawBridge } from '../../../shared/ipc-contract';
import { call, callAtStart, RendererAppError, subscribe } from './client';
import { keepEarlyReply } from './early-replies';

function stubBridge(reply: (channel: string, input: unknown) => unknown, on: RedrawBridge['on'] = () => () => {}) {
  const invoke = vi.fn((channel: string, input: unknown) => Promise.resolve(reply(channel, input) as Envelope));
  vi.stubGlobal('window', { redraw: { invoke, on } });
  return invoke;
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('callAtStart', () => {
  it('takes the reply of the call sent early once, checked like any reply, then calls anew', async () => {
    const invoke = stubBridge(() => ({ ok: true, value: { version: '2', mediaBaseUrl: 'redraw-media://media', dataDir: '/e' } }));
    keepEarlyReply('app:info', Promise.resolve({ ok: true, value: { version: '1', mediaBaseUrl: 'redraw-media://media', dataDir: '/d' } }));
    await expect(callAtStart('app:info', undefined)).resolves.toMatchObject({ version: '1' });
    expect(invoke).not.toHaveBeenCalled();
    await expect(callAtStart('app:info', undefined)).resolves.toMatchObject({ version: '2' });
    expect(invoke).toHaveBeenCalledTimes(1);

    vi.spyOn(console, 'warn').mockImplementation(() => {});
    keepEarlyReply('settings:get', Promise.resolve({ ok: true, value: { tokenSet: 'yes' } }));
    await expect(callAtStart('settings:get', undefined)).rejects.toMatchObject({ data: { code: 'bad-response' } });
  });
});

describe('call', () => {
  it('returns the parsed value of an ok envelope', async () => {
    stubBridge(() => ({ ok: true, value: { version: '1', mediaBaseUrl: 'redraw-media://media', dataDir: '/d' } }));
    await expect(call('app:info', undefined)).resolves.toEqual({
      version: '1',
      mediaBaseUrl: 'redraw-media://media',
      dataDir: '/d',
    });
  });

  it('throws the AppErrorData of a failed envelope', async () => {
    stubBridge(() => ({ ok: false, error: { code: 'invalid-file', message: 'Not an image' } }));
    const failure = await call('input:import', { name: 'a.png', bytes: new Uint8Array(3) }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RendererAppError);
    expect((failure as RendererAppError).data).toEqual({ code: 'invalid-file', message: 'Not an image' });
  });

  it('refuses a reply that does not match the contract', async () => {
    stubBridge(() => ({ ok: true, value: { version: 1 } }));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await expect(call('app:info', undefined)).rejects.toMatchObject({ data: { code: 'bad-response' } });
  });

  it('checks the input before anything is sent', async () => {
    const invoke = stubBridge(() => ({ ok: true, value: null }));
    const failure = await call('jobs:get', { jobId: 'NOT AN ID' }).catch((e: unknown) => e);
    expect((failure as RendererAppError).data.code).toBe('invalid-input');
    expect(invoke).not.toHaveBeenCalled();
  });
});

describe('subscribe', () => {
  it('passes on valid payloads and drops malformed ones', () => {
    let deliver: (payload: unknown) => void = () => {};
    const on = ((_event: string, listener: (payload: unknown) => void) => {
      deliver = listener;
      return () => {};
    }) as RedrawBridge['on'];
    stubBridge(() => null, on);
    const seen: string[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    subscribe('job:deleted', ({ jobId }) => seen.push(jobId));
    deliver({ jobId: 'job-12345678' });
    deliver({ jobId: 42 });
    expect(seen).toEqual(['job-12345678']);
    expect(warn).toHaveBeenCalledOnce();
  });
});
