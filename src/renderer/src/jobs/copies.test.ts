import { describe, expect, it } from 'vitest';
import { COPIES_ERROR, parseCopies } from './copies';

describe('parseCopies', () => {
  it('takes whole numbers from 1 to 50', () => {
    expect(parseCopies('1')).toEqual({ copies: 1, error: null });
    expect(parseCopies(' 50 ')).toEqual({ copies: 50, error: null });
  });

  it('refuses anything else with one clear message', () => {
    for (const text of ['', '0', '51', '2.5', '-3', 'abc', '1e3']) {
      expect(parseCopies(text), text).toEqual({ copies: null, error: COPIES_ERROR });
    }
  });
});
