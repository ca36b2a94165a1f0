import { describe, expect, it } from 'vitest';
import { earlyProgress } from './early-progress';
import { statusWords } from './status-words';

describe('a job that has reported no step yet', () => {
  it('shows the time since it was sent, and a rough bar from recent jobs', () => {
    expect(earlyProgress({ elapsedSeconds: 2, typicalSeconds: 8, online: true })).toEqual({ value: 25, words: ['2 s so far', 'about 6 s left'] });
    expect(earlyProgress({ elapsedSeconds: 1, typicalSeconds: null, online: true })).toEqual({ value: undefined, words: ['1 s so far'] });
  });

  it('never reads full on a guess, and says when it runs long', () => {
    expect(earlyProgress({ elapsedSeconds: 30, typicalSeconds: 8, online: true })).toEqual({ value: 95, words: ['30 s so far', 'taking longer than recent jobs'] });
  });

  it('gives no estimate offline', () => {
    expect(earlyProgress({ elapsedSeconds: 3, typicalSeconds: 8, online: false })).toEqual({ value: undefined, words: ['3 s so far'] });
  });
});

describe('status words tell the truth offline', () => {
  const offlineError = { code: 'offline' as const, message: 'Cannot reach api.replicate.com' };
  it('a job still to be sent waits for the network, not "Submitting"', () => {
    expect(statusWords({ status: 'submitting', error: null }, true)).toBe('Submitting');
    expect(statusWords({ status: 'submitting', error: null }, false)).toBe('Waiting for the network');
    expect(statusWords({ status: 'queued', error: offlineError }, true)).toBe('Waiting for the network');
    expect(statusWords({ status: 'processing', error: offlineError }, true)).toBe('Waiting for the network');
  });
  it('a finished job keeps its own words', () => {
    expect(statusWords({ status: 'succeeded', error: null }, false)).toBe('Done');
    expect(statusWords({ status: 'failed', error: offlineError }, false)).toBe('Failed');
  });
});
