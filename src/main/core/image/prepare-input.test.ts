import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { heicPhoto, pngChunk, sketchPng } from '../../../../test-support/images';
import { sniffImageKind } from './image-kind';
import { prepareInputImage } from './prepare-input';

/** A valid PNG header claiming a huge canvas, with almost no pixel data behind it. */
function hugeClaimPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function shorts(values: number[]): Buffer {
  const out = Buffer.alloc(values.length * 2);
  values.forEach((value, i) => out.writeUInt16LE(value, i * 2));
  return out;
}

/**
 * The header of a TIFF with one strip (deflate), `samples` channels of `bits`-bit samples of
 * `format` (1 unsigned, 3 float): enough for a reader to learn its size, as a hostile file's is.
 */
function tiffClaim(width: number, height: number, samples: number, bits: number, format: 1 | 3): Buffer {
  const data = deflateSync(Buffer.alloc(64));
  const entries: [number, number, number, number | Buffer][] = [
    [256, 4, 1, width],
    [257, 4, 1, height],
    [258, 3, samples, shorts(Array<number>(samples).fill(bits))],
    [259, 3, 1, 8],
    [262, 3, 1, samples >= 3 ? 2 : 1],
    [273, 4, 1, -1],
    [277, 3, 1, samples],
    [278, 4, 1, height],
    [279, 4, 1, data.length],
    [284, 3, 1, 1],
    [339, 3, samples, shorts(Array<number>(samples).fill(format))],
  ];
  const ifdSize = 2 + entries.length * 12 + 4;
  const extras: Buffer[] = [];
  let extraOffset = 8 + ifdSize;
  const ifd = Buffer.alloc(ifdSize);
  ifd.writeUInt16LE(entries.length, 0);
  const dataOffset = 8 + ifdSize + entries.reduce((sum, [, , , v]) => sum + (Buffer.isBuffer(v) && v.length > 4 ? v.length : 0), 0);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 2 + i * 12;
    ifd.writeUInt16LE(tag, at);
    ifd.writeUInt16LE(type, at + 2);
    ifd.writeUInt32LE(count, at + 4);
    if (Buffer.isBuffer(value) && value.length > 4) {
      ifd.writeUInt32LE(extraOffset, at + 8);
      extras.push(value);
      extraOffset += value.length;
    } else if (Buffer.isBuffer(value)) value.copy(ifd, at + 8);
    else if (type === 3) ifd.writeUInt16LE(value, at + 8);
    else ifd.writeUInt32LE(value === -1 ? dataOffset : value, at + 8);
  });
  return Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0]), ifd, ...extras, data]);
}

async function rejection(bytes: Uint8Array, name = 'sketch.png'): Promise<AppError> {
  const error = await prepareInputImage(bytes, name).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(AppError);
  expect((error as AppError).code).toBe('invalid-file');
  return error as AppError;
}

describe('preparing a dropped image', () => {
  it('scales the long side down to 1024 and re-encodes as PNG', async () => {
    const prepared = await prepareInputImage(await sketchPng(3000, 1500), 'wide.png');
    expect(prepared).toMatchObject({ width: 1024, height: 512 });
    expect(sniffImageKind(prepared.png)).toBe('png');
  });

  it('never enlarges a small sketch', async () => {
    const prepared = await prepareInputImage(await sketchPng(300, 200), 'small.png');
    expect(prepared).toMatchObject({ width: 300, height: 200 });
  });

  it('accepts a TIFF scan, 8 or 16 bits, by content', async () => {
    const tiff = await sharp(await sketchPng(1600, 1200)).tiff({ compression: 'lzw' }).toBuffer();
    expect(await prepareInputImage(tiff, 'scan.tif')).toMatchObject({ width: 1024, height: 768 });
    const deep = await sharp(await sketchPng(600, 400)).toColourspace('rgb16').tiff().toBuffer();
    const prepared = await prepareInputImage(deep, 'scan-16bit');
    expect(prepared).toMatchObject({ width: 600, height: 400 });
    expect(sniffImageKind(prepared.png)).toBe('png');
  });

  it('takes the first page of a multi-page TIFF', async () => {
    const page = (width: number, height: number, colour: string) => sharp({ create: { width, height, channels: 3, background: colour } }).png().toBuffer();
    const twoPages = await sharp([await page(300, 200, '#ffffff'), await page(300, 200, '#000000')], { join: { animated: true } }).tiff().toBuffer();
    expect((await sharp(twoPages).metadata()).pages).toBe(2);
    const prepared = await prepareInputImage(twoPages, 'scanned-pages.tiff');
    expect(prepared).toMatchObject({ width: 300, height: 200 });
    const { data } = await sharp(prepared.png).raw().toBuffer({ resolveWithObject: true });
    expect(data.every((value) => value === 255)).toBe(true);
  });

  it('refuses an iPhone photo (HEIC) with how to get one it can read', async () => {
    const error = await rejection(heicPhoto(), 'IMG_0042.HEIC');
    expect(error.message).toBe(
      "IMG_0042.HEIC: iPhone photos (HEIC) can't be read: on the iPhone set Settings › Camera › Formats › Most Compatible, or export the photo as JPEG or PNG.",
    );
  });

  it('accepts JPEG and WebP by content, whatever the name says', async () => {
    const webp = await sharp(await sketchPng(200, 200)).webp().toBuffer();
    expect((await prepareInputImage(webp, 'named-wrong.png')).width).toBe(200);
    const jpeg = await sharp(await sketchPng(200, 100)).jpeg().toBuffer();
    expect((await prepareInputImage(jpeg, 'photo')).height).toBe(100);
  });

  it('flattens transparency onto white, so transparent line art does not turn black', async () => {
    const transparent = await sharp({ create: { width: 8, height: 8, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const prepared = await prepareInputImage(transparent, 'clear.png');
    const { data, info } = await sharp(prepared.png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect([...data.subarray(0, 3)]).toEqual([255, 255, 255]);
  });

  it('refuses an empty file', async () => {
    expect((await rejection(new Uint8Array())).message).toMatch(/empty/);
  });

  it('refuses another type of file', async () => {
    expect((await rejection(Buffer.from('%PDF-1.7 not an image'), 'doc.pdf')).message).toBe('doc.pdf: this is not a PNG, JPEG, WebP or TIFF image.');
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');
    expect((await rejection(gif, 'anim.gif')).message).toMatch(/not a PNG, JPEG, WebP or TIFF/);
  });

  it('refuses a corrupt or truncated image', async () => {
    const png = await sketchPng(400, 300);
    await rejection(png.subarray(0, Math.floor(png.length / 2)), 'cut.png');
    const jpeg = await sharp(png).jpeg().toBuffer();
    await rejection(jpeg.subarray(0, Math.floor(jpeg.length * 0.6)), 'cut.jpg');
    const garbage = Buffer.concat([png.subarray(0, 8), Buffer.alloc(200, 7)]);
    expect((await rejection(garbage, 'garbage.png')).message).toMatch(/damaged/);
  });

  it('refuses a file over 50 MB without decoding it', async () => {
    const big = new Uint8Array(MAX_INPUT_BYTES + 1);
    big.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect((await rejection(big, 'huge.png')).message).toMatch(/50 MB/);
  });

  it('refuses an image over 40 megapixels, and still takes a 24-megapixel photo', async () => {
    expect((await rejection(hugeClaimPng(8_000, 6_000), 'poster.png')).message).toBe('poster.png: the image is 8000×6000 px (48 megapixels); the limit is 40 megapixels.');
    const photo = await sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#f4f1ea' } }).jpeg().toBuffer();
    expect(await prepareInputImage(photo, 'IMG_1234.jpg')).toMatchObject({ width: 1024, height: 683 });
  });

  it('refuses an extreme aspect ratio by its longest side, before decoding a pixel', async () => {
    expect((await rejection(hugeClaimPng(20_000_000, 1), 'sketch.png')).message).toBe('sketch.png: the image is 20000000×1 px; each side may be at most 16384 px.');
    expect((await rejection(hugeClaimPng(2, 16_385), 'strip.png')).message).toMatch(/2×16385 px; each side may be at most 16384 px/);
  });

  it('refuses an image whose samples or channels would decode to more than 320 MB', async () => {
    // 24 MP is within the area limit; as four 32-bit float channels it is 384 MB of pixels.
    expect((await rejection(tiffClaim(6000, 4000, 4, 32, 3), 'hdr.tif')).message).toBe(
      'hdr.tif: the image is 6000×4000 px with 4 channels of 32-bit samples (384 MB once decoded); the limit is 320 MB. Save it as an 8-bit PNG, JPEG or TIFF.',
    );
  });
});
