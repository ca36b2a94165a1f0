import { describe, expect, it } from 'vitest';
import { describeError, secondsUntil } from './describe-error';

describe('describeError', () => {
  it('words the errors an artist can act on', () => {
    expect(describeError({ code: 'unauthenticated', message: '401' })).toBe(
      'The API token was refused. Check the token in Settings.',
    );
    expect(describeError({ code: 'invalid-version', message: '404' })).toMatch(/model version in Settings/);
    expect(describeError({ code: 'not-found', message: '404' })).toMatch(/model version in Settings/);
    expect(describeError({ code: 'not-found', message: 'That job no longer exists.' }, { origin: 'app' })).toBe(
      'That job no longer exists.',
    );
    expect(describeError({ code: 'insufficient-credit', message: '402' })).toMatch(/out of credit/);
    expect(describeError({ code: 'offline', message: 'ENOTFOUND' })).toBe(
      "You're offline — the job will go out when the connection is back",
    );
    expect(describeError({ code: 'server-error', message: '503' })).toBe('The service failed; retrying…');
  });

  it('counts down a rate limit', () => {
    expect(describeError({ code: 'rate-limited', message: '429' }, { waitSeconds: 12 })).toBe('Rate limited — waiting 12 s');
    expect(secondsUntil(10_500, 0)).toBe(11);
    expect(secondsUntil(0, 5_000)).toBe(0);
    expect(secondsUntil(null, 0)).toBeNull();
  });

  it('does not promise a retry once the job has stopped', () => {
    expect(describeError({ code: 'server-error', message: 'HTTP 500' }, { final: true })).toBe(
      'The service failed. HTTP 500',
    );
  });

  it('points at the marked fields and spells out the ones without a control', () => {
    const text = describeError({
      code: 'invalid-input',
      message: 'Invalid',
      fields: [
        { param: 'steps', field: 'input.num_inference_steps', message: 'too many' },
        { param: null, field: 'input.mask', message: 'not allowed' },
      ],
    });
    expect(text).toBe('Some values were refused — see the marked fields. input.mask: not allowed');
  });

  it('shows main’s own message for anything else (e.g. a refused file)', () => {
    expect(describeError({ code: 'invalid-file', message: 'Not a PNG, JPEG or WebP image' })).toBe(
      'Not a PNG, JPEG or WebP image',
    );
  });
});
