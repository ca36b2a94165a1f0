import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { pngChunk } from './images';

/**
 * Test fixtures: small real PNGs from sharp, and text chunks written the way Pillow's
 * `PngInfo.add_text` writes them (the library A1111, ComfyUI and InvokeAI all save with), kept
 * apart from png-chunks.ts so a bug there cannot hide in its own tests.
 */

/** A 24x16 RGB PNG with varied pixels (so a changed IDAT would decode differently). */
export async function smallPng(): Promise<Buffer> {
  const width = 24;
  const height = 16;
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) {
    pixels[i * 3] = (i * 7) % 256;
    pixels[i * 3 + 1] = (i * 13) % 256;
    pixels[i * 3 + 2] = (i * 29) % 256;
  }
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** One raw chunk, as a writer outside Redraw makes it. */
export const rawChunk = pngChunk;

/** Pillow: `add_text(key, value)` with a Latin-1 value -> tEXt `key NUL value`. */
export function tEXt(keyword: string, text: string): Buffer {
  return rawChunk('tEXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0]), Buffer.from(text, 'latin1')]));
}

/** Pillow: `add_text(key, value, zip=True)` -> zTXt `key NUL 0 zlib(value)`. */
export function zTXt(keyword: string, text: string): Buffer {
  return rawChunk('zTXt', Buffer.concat([Buffer.from(keyword, 'latin1'), Buffer.from([0, 0]), deflateSync(Buffer.from(text, 'latin1'))]));
}

/** Pillow: `add_itxt(key, value, lang, tkey, zip)` -> iTXt `key NUL flag 0 lang NUL tkey NUL text`. */
export function iTXt(keyword: string, text: string, options: { compressed?: boolean; lang?: string; translated?: string } = {}): Buffer {
  const body = options.compressed ? deflateSync(Buffer.from(text, 'utf8')) : Buffer.from(text, 'utf8');
  return rawChunk(
    'iTXt',
    Buffer.concat([
      Buffer.from(keyword, 'latin1'),
      Buffer.from([0, options.compressed ? 1 : 0, 0]),
      Buffer.from(options.lang ?? '', 'ascii'),
      Buffer.from([0]),
      Buffer.from(options.translated ?? '', 'utf8'),
      Buffer.from([0]),
      body,
    ]),
  );
}

/**
 * Pillow's `add_text`: tEXt when the value is Latin-1, else iTXt (uncompressed). What A1111
 * (`parameters`) and InvokeAI (`invokeai_metadata`) end up writing.
 */
export function pillowText(keyword: string, text: string): Buffer {
  return /^[\u0000-\u00ff]*$/.test(text) ? tEXt(keyword, text) : iTXt(keyword, text);
}

type Chunk = { type: string; whole: Buffer };

function splitChunks(png: Buffer): Chunk[] {
  const chunks: Chunk[] = [];
  let offset = 8;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.subarray(offset + 4, offset + 8).toString('latin1');
    chunks.push({ type, whole: png.subarray(offset, offset + 12 + length) });
    offset += 12 + length;
    if (type === 'IEND') break;
  }
  return chunks;
}

/** Pillow writes pnginfo chunks after the header chunks, before the first IDAT; `after` puts them after the last IDAT. */
export function insertChunks(png: Buffer, extra: Buffer[], where: 'before-idat' | 'after-idat' = 'before-idat'): Buffer {
  const chunks = splitChunks(png);
  const parts: Buffer[] = [png.subarray(0, 8)];
  const lastIdat = chunks.map((c) => c.type).lastIndexOf('IDAT');
  let done = false;
  chunks.forEach((chunk, i) => {
    if (where === 'before-idat' && chunk.type === 'IDAT' && !done) {
      parts.push(...extra);
      done = true;
    }
    parts.push(chunk.whole);
    if (where === 'after-idat' && i === lastIdat) parts.push(...extra);
  });
  return Buffer.concat(parts);
}

/** The chunk types of a PNG in order, and the concatenated bytes of the chunks of one type. */
export function chunkTypes(png: Buffer): string[] {
  return splitChunks(png).map((c) => c.type);
}

export function chunksOfType(png: Buffer, type: string): Buffer {
  return Buffer.concat(splitChunks(png).filter((c) => c.type === type).map((c) => c.whole));
}
