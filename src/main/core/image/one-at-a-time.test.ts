import { describe, expect, it } from 'vitest';
import { oneAtATime } from './one-at-a-time';

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve = (): void => undefined;
  let reject = (_error: Error): void => undefined;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('one import at a time', () => {
  it('starts each piece of work only when the one before has settled, failed or not', async () => {
    const queue = oneAtATime();
    const started: string[] = [];
    const first = deferred();
    const second = deferred();
    const a = queue(async () => {
      started.push('a');
      await first.promise;
      return 'a done';
    });
    const b = queue(async () => {
      started.push('b');
      await second.promise;
      return 'b done';
    });
    const c = queue(async () => {
      started.push('c');
      return 'c done';
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a']);
    first.reject(new Error('a failed'));
    await expect(a).rejects.toThrow('a failed');
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toEqual(['a', 'b']);
    second.resolve();
    expect(await b).toBe('b done');
    expect(await c).toBe('c done');
    expect(started).toEqual(['a', 'b', 'c']);
  });
});
