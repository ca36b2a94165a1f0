import { describe, expect, it } from 'vitest';
import { insertChunks, smallPng, tEXt } from '../../../../test-support/recipe-pngs';
import { withTextChunks } from './png-chunks';
import { withTextChunksStreamed, type PngSize } from './png-stream-stamp';

async function* pieces(bytes: Buffer, sizes: number[]): AsyncGenerator<Uint8Array> {
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield bytes.subarray(at, at + size);
    at += size;
  }
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(Buffer.from(part));
  return Buffer.concat(parts);
}

const entries = [
  { keyword: 'parameters', text: 'a lighthouse\nSteps: 20, Seed: 1' },
  { keyword: 'redraw:recipe', text: '{"version":1}' },
];

describe('stamping a PNG as it streams to disk', () => {
  it('gives exactly what stamping the whole file gives, however the bytes arrive', async () => {
    // An older `parameters` chunk before the image data is replaced, as withTextChunks does.
    const png = insertChunks(await smallPng(), [tEXt('parameters', 'old recipe'), tEXt('Software', 'somewhere')]);
    const expected = withTextChunks(png, entries);
    for (const sizes of [[1], [7, 3], [64], [png.length]]) {
      const seen: (PngSize | null)[] = [];
      const streamed = await collect(withTextChunksStreamed(pieces(png, sizes), (size) => (seen.push(size), entries)));
      expect(streamed.equals(expected), `pieces of ${sizes.join(',')}`).toBe(true);
      // Told the image's own size, from its header, once.
      expect(seen).toEqual([{ width: 24, height: 16 }]);
    }
  });

  it('passes anything that is not a PNG through unchanged', async () => {
    const notPng = Buffer.from('<html><body>not an image</body></html>');
    let asked = false;
    const streamed = await collect(withTextChunksStreamed(pieces(notPng, [5]), () => ((asked = true), entries)));
    expect(streamed.equals(notPng)).toBe(true);
    expect(asked).toBe(false);
  });
});
