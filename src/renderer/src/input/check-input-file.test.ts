import { describe, expect, it } from 'vitest';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { checkInputFile } from './check-input-file';

describe('checkInputFile', () => {
  it('lets PNG, JPEG, WebP, TIFF, HEIC and unknown types through to main', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/webp', 'image/tiff', 'image/heic', '']) {
      expect(checkInputFile({ name: 'a', size: 10, type })).toBeNull();
    }
  });

  it('refuses empty, oversized and non-image files before reading them', () => {
    expect(checkInputFile({ name: 'a.png', size: 0, type: 'image/png' })).toBe('a.png is empty.');
    expect(checkInputFile({ name: 'a.png', size: MAX_INPUT_BYTES + 1, type: 'image/png' })).toMatch(/too large.*50 MB/);
    expect(checkInputFile({ name: 'a.txt', size: 5, type: 'text/plain' })).toMatch(/not an image/);
    expect(checkInputFile({ name: 'a.gif', size: 5, type: 'image/gif' })).toMatch(/GIF image/);
  });
});
