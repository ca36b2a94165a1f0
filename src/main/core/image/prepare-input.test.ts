import { deflateSync, crc32 } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { sketchPng } from '../../../../test-support/images';
import { prepareInputImage, sniffImageKind } from './prepare-input';

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** A valid PNG header claiming a huge canvas, with almost no pixel data behind it. */
function hugeClaimPng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(16))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
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
    expect((await rejection(Buffer.from('%PDF-1.7 not an image'), 'doc.pdf')).message).toMatch(/not a PNG, JPEG or WebP/);
    const gif = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'binary');
    expect((await rejection(gif, 'anim.gif')).message).toMatch(/not a PNG, JPEG or WebP/);
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

  it('refuses an image over 100 megapixels', async () => {
    expect((await rejection(hugeClaimPng(12_000, 10_000), 'poster.png')).message).toMatch(/100 megapixels/);
  });
});
