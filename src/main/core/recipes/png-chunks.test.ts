import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { COMPRESS_TEXT_ABOVE_BYTES, isPng, MAX_TEXT_BYTES, readPngChunks, readPngText, withTextChunks } from './png-chunks';
import { chunksOfType, chunkTypes, insertChunks, iTXt, rawChunk, smallPng, tEXt, zTXt } from '../../../../test-support/recipe-pngs';

let png: Buffer;
beforeAll(async () => {
  png = await smallPng();
});

/** Flips every bit of one byte: a corruption the CRC must catch. */
function flipByte(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy.writeUInt8(copy.readUInt8(index) ^ 0xff, index);
  return copy;
}

function expectInvalidFile(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('invalid-file');
    expect((error as AppError).message).toMatch(message);
    return;
  }
  throw new Error('expected an invalid-file error');
}

describe('reading chunks', () => {
  it('lists every chunk of a real PNG, from IHDR to IEND, with its data', () => {
    const chunks = readPngChunks(png);
    expect(chunks[0]?.type).toBe('IHDR');
    expect(chunks.at(-1)?.type).toBe('IEND');
    expect(chunks.some((c) => c.type === 'IDAT')).toBe(true);
    // IHDR: width and height, big-endian.
    expect(chunks[0]?.data.readUInt32BE(0)).toBe(24);
    expect(chunks[0]?.data.readUInt32BE(4)).toBe(16);
    expect(chunks.at(-1)?.end).toBe(png.length);
  });

  it('stops at IEND and ignores bytes after it', () => {
    const trailing = Buffer.concat([png, Buffer.from('garbage after the end')]);
    expect(readPngChunks(trailing).map((c) => c.type)).toEqual(readPngChunks(png).map((c) => c.type));
  });

  it('refuses what is not a PNG', () => {
    expect(isPng(Buffer.from('GIF89a...'))).toBe(false);
    expectInvalidFile(() => readPngChunks(Buffer.from('GIF89a and then some bytes')), /not a PNG/);
  });

  it('refuses a file cut short', () => {
    expectInvalidFile(() => readPngChunks(png.subarray(0, png.length - 20)), /cut short/);
    expectInvalidFile(() => readPngChunks(png.subarray(0, 8)), /cut short/);
  });

  it('refuses a chunk whose CRC does not match, naming it', () => {
    const broken = flipByte(png, 8 + 8 + 2); // a byte of IHDR's data
    expectInvalidFile(() => readPngChunks(broken), /IHDR chunk at byte 8 fails its CRC/);
  });

  it('refuses a length that runs past the file, and a malformed type', () => {
    const long = Buffer.from(png);
    long.writeUInt32BE(0x7ffffff0, 8);
    expectInvalidFile(() => readPngChunks(long), /cut short/);
    const badType = Buffer.from(png);
    badType.write('I1DR', 12, 'latin1');
    expectInvalidFile(() => readPngChunks(badType), /malformed chunk type/);
  });

  it('refuses a file whose first chunk is not IHDR', () => {
    const reordered = Buffer.concat([png.subarray(0, 8), tEXt('a', 'b'), png.subarray(8)]);
    expectInvalidFile(() => readPngChunks(reordered), /IHDR/);
  });

  it('refuses files carrying more than 8 MB of text', () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const heavy = insertChunks(png, [tEXt('a', big), tEXt('b', big), tEXt('c', big)]);
    expectInvalidFile(() => readPngChunks(heavy), /more than 8 MB/);
  });

  it('refuses a small zTXt that inflates past 8 MB (a zip bomb)', () => {
    const bomb = Buffer.alloc(MAX_TEXT_BYTES + 1024, 0x61);
    const chunk = rawChunk('zTXt', Buffer.concat([Buffer.from('bomb\0\0', 'latin1'), deflateSync(bomb)]));
    expect(chunk.length).toBeLessThan(64 * 1024);
    expectInvalidFile(() => readPngText(insertChunks(png, [chunk])), /more than 8 MB/);
  });
});

describe('reading text', () => {
  it('reads tEXt as Latin-1, zTXt inflated, and iTXt plain or compressed as UTF-8', () => {
    const withText = insertChunks(png, [
      tEXt('Comment', 'café à la crème'),
      zTXt('zipped', 'Ünïcödé in Latin-1, zipped'),
      iTXt('plain', 'ドラゴン and 🐉'),
      iTXt('squeezed', 'ドラゴン '.repeat(100), { compressed: true, lang: 'ja', translated: '圧縮' }),
    ]);
    const text = readPngText(withText);
    expect(text.get('Comment')).toBe('café à la crème');
    expect(text.get('zipped')).toBe('Ünïcödé in Latin-1, zipped');
    expect(text.get('plain')).toBe('ドラゴン and 🐉');
    expect(text.get('squeezed')).toBe('ドラゴン '.repeat(100));
  });

  it('reads text chunks placed after the image data too', () => {
    expect(readPngText(insertChunks(png, [tEXt('late', 'after IDAT')], 'after-idat')).get('late')).toBe('after IDAT');
  });

  it('keeps the last value of a repeated keyword, as Pillow does', () => {
    expect(readPngText(insertChunks(png, [tEXt('k', 'first'), tEXt('k', 'second')])).get('k')).toBe('second');
  });

  it('skips malformed text chunks but reads the rest', () => {
    const noNul = rawChunk('tEXt', Buffer.from('no separator here', 'latin1'));
    const badZlib = rawChunk('zTXt', Buffer.concat([Buffer.from('z\0\0', 'latin1'), Buffer.from('not zlib at all')]));
    const badUtf8 = rawChunk('iTXt', Buffer.concat([Buffer.from('u\0\0\0\0\0', 'latin1'), Buffer.from([0xff, 0xfe, 0xfd])]));
    const text = readPngText(insertChunks(png, [noNul, badZlib, badUtf8, tEXt('good', 'still here')]));
    expect([...text.entries()]).toEqual([['good', 'still here']]);
  });

  it('finds no text in a PNG without any', () => {
    expect(readPngText(png).size).toBe(0);
  });
});

describe('writing text chunks', () => {
  it('inserts iTXt chunks right before the first IDAT and leaves every other chunk byte-identical', async () => {
    const out = withTextChunks(png, [
      { keyword: 'parameters', text: 'a castle\nSteps: 25' },
      { keyword: 'redraw:recipe', text: '{"version":1}' },
    ]);
    const before = chunkTypes(png);
    const firstIdat = before.indexOf('IDAT');
    expect(chunkTypes(out)).toEqual([...before.slice(0, firstIdat), 'iTXt', 'iTXt', ...before.slice(firstIdat)]);
    expect(chunksOfType(out, 'IHDR').equals(chunksOfType(png, 'IHDR'))).toBe(true);
    expect(chunksOfType(out, 'IDAT').equals(chunksOfType(png, 'IDAT'))).toBe(true);
    expect(out.subarray(out.length - 12).equals(png.subarray(png.length - 12))).toBe(true);
    expect(readPngText(out)).toEqual(
      new Map([
        ['parameters', 'a castle\nSteps: 25'],
        ['redraw:recipe', '{"version":1}'],
      ]),
    );

    const original = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    const decoded = await sharp(out).raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ width: 24, height: 16, channels: 3 });
    expect(decoded.data.equals(original.data)).toBe(true);
  });

  it('replaces any text chunk of the same keyword (tEXt, zTXt or iTXt, before or after IDAT) and keeps others', () => {
    const foreign = insertChunks(insertChunks(png, [tEXt('parameters', 'old A1111 text'), tEXt('Software', 'GIMP')]), [zTXt('parameters', 'old late copy')], 'after-idat');
    const out = withTextChunks(foreign, [{ keyword: 'parameters', text: 'new ✓' }]);
    expect(readPngText(out)).toEqual(
      new Map([
        ['Software', 'GIMP'],
        ['parameters', 'new ✓'],
      ]),
    );
    expect(chunksOfType(out, 'tEXt').equals(tEXt('Software', 'GIMP'))).toBe(true);
    expect(chunksOfType(out, 'zTXt').length).toBe(0);
    // Writing again replaces our own chunk rather than adding a second one.
    const again = withTextChunks(out, [{ keyword: 'parameters', text: 'newer' }]);
    expect(chunkTypes(again).filter((t) => t === 'iTXt')).toHaveLength(1);
    expect(readPngText(again).get('parameters')).toBe('newer');
  });

  it('writes small text uncompressed and large text compressed, both read back exactly', () => {
    const small = withTextChunks(png, [{ keyword: 'k', text: 'short ü' }]);
    const smallChunk = chunksOfType(small, 'iTXt');
    // length(4) type(4) "k" NUL flag ...
    expect(smallChunk[8 + 2]).toBe(0);
    expect(smallChunk.includes(Buffer.from('short ü', 'utf8'))).toBe(true);

    const longText = 'a long prompt, '.repeat(Math.ceil((COMPRESS_TEXT_ABOVE_BYTES * 2) / 15));
    const large = withTextChunks(png, [{ keyword: 'k', text: longText }]);
    const largeChunk = chunksOfType(large, 'iTXt');
    expect(largeChunk[8 + 2]).toBe(1);
    expect(largeChunk.length).toBeLessThan(Buffer.byteLength(longText) / 4);
    expect(readPngText(large).get('k')).toBe(longText);
  });

  it('refuses invalid keywords and a keyword given twice', () => {
    for (const keyword of ['', ' lead', 'trail ', 'dou  ble', 'k'.repeat(80), 'emoji🐉', 'tab\tbed']) {
      expect(() => withTextChunks(png, [{ keyword, text: 'x' }])).toThrow(/not a valid PNG text keyword/);
    }
    expect(() => withTextChunks(png, [{ keyword: 'a', text: '1' }, { keyword: 'a', text: '2' }])).toThrow(/twice/);
  });

  it('refuses to write into a damaged file', () => {
    const broken = flipByte(png, png.length - 2); // IEND's CRC (its last four bytes)
    expectInvalidFile(() => withTextChunks(broken, [{ keyword: 'k', text: 'v' }]), /fails its CRC/);
  });
});
