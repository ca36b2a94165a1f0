import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { crc32, createDeflate } from 'node:zlib';
import sharp from 'sharp';

/** A line-art "sketch" like an artist would drop: white paper, dark strokes. Compresses small. */
export async function sketchPng(width = 1600, height = 1200): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <rect width="100%" height="100%" fill="white"/>
    <path d="M0 ${height * 0.7} L${width * 0.3} ${height * 0.3} L${width * 0.55} ${height * 0.6} L${width * 0.8} ${height * 0.2} L${width} ${height * 0.65}" stroke="black" stroke-width="8" fill="none"/>
    <circle cx="${width * 0.8}" cy="${height * 0.15}" r="${height * 0.06}" stroke="black" stroke-width="6" fill="none"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

/** Noise does not compress: a prepared PNG of this is far above the 256 KB data-URI limit. */
export async function noisyPng(width = 900, height = 900): Promise<Buffer> {
  const pixels = randomBytes(width * height * 3);
  return sharp(pixels, { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** A JPEG carrying EXIF with a camera model and GPS position, as phone photos of sketches do. */
export async function jpegWithGps(): Promise<Buffer> {
  return sharp(await sketchPng(800, 600))
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Pocket 9' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' },
    })
    .toBuffer();
}

export type RawPngOptions = {
  /** 8 or 16 bits per sample. */
  bitDepth?: 8 | 16;
  /** PNG colour type: 0 greyscale, 2 RGB, 6 RGBA. */
  colorType?: 0 | 2 | 6;
  /** Adam7-interlaced: a decoder cannot stream it row by row and must hold the whole image. */
  interlaced?: boolean;
};

/** Adam7's seven passes: where each starts and how far apart its pixels are (x0, y0, dx, dy). */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** One PNG chunk: length, type, data and the CRC over type and data (for hand-made test PNGs). */
export function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * A complete, valid PNG of any size, written by hand: every row present (filter byte and
 * all-zero samples), streamed through deflate one row at a time, so a 40-megapixel 16-bit
 * image costs the test a few hundred KB, not the hundreds of MB its pixels decode to. This
 * is how a hostile file looks: tiny on disk, enormous once decoded.
 */
export async function blankPng(width: number, height: number, options: RawPngOptions = {}): Promise<Buffer> {
  const bitDepth = options.bitDepth ?? 8;
  const colorType = options.colorType ?? 0;
  const channels = colorType === 6 ? 4 : colorType === 2 ? 3 : 1;
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(bitDepth, 8);
  ihdr.writeUInt8(colorType, 9);
  ihdr.writeUInt8(options.interlaced ? 1 : 0, 12);
  const bytesPerPixel = (channels * bitDepth) / 8;
  // The rows of the image, or of each pass's sub-image when interlaced: [row bytes, row count].
  const passes: [number, number][] = options.interlaced
    ? ADAM7.map(([x0, y0, dx, dy]) => [Math.ceil((width - x0) / dx), Math.ceil((height - y0) / dy)] as const)
        .filter(([w, h]) => w > 0 && h > 0)
        .map(([w, h]) => [1 + w * bytesPerPixel, h])
    : [[1 + width * bytesPerPixel, height]];
  // A very long row is written in pieces: deflate sees the same stream either way.
  const piece = Buffer.alloc(Math.min(Math.max(...passes.map(([rowBytes]) => rowBytes)), 1 << 20));
  const deflate = createDeflate({ level: 9 });
  const compressed: Buffer[] = [];
  deflate.on('data', (data: Buffer) => compressed.push(data));
  const finished = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  for (const [rowBytes, rows] of passes) {
    for (let y = 0; y < rows; y++) {
      for (let left = rowBytes; left > 0; left -= piece.length) {
        if (!deflate.write(left >= piece.length ? piece : piece.subarray(0, left))) await once(deflate, 'drain');
      }
    }
  }
  deflate.end();
  await finished;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', Buffer.concat(compressed)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function isoBox(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + body.length, 0);
  head.write(type, 4, 'ascii');
  return Buffer.concat([head, body]);
}

function u(bytes: number, value: number): Buffer {
  const out = Buffer.alloc(bytes);
  out.writeUIntBE(value, 0, bytes);
  return out;
}

/**
 * A HEIC file laid out as an iPhone writes one (ftyp `heic`, a `meta` box naming one `hvc1`
 * image item with its HEVC configuration and size, the coded data in `mdat`), written by hand
 * because sharp's libvips cannot encode HEVC. The coded bytes are placeholders: a reader that
 * has no HEVC decoder, like sharp's, fails at the same step as on a real photo.
 */
export function heicPhoto(width = 4032, height = 3024): Buffer {
  const ftyp = isoBox('ftyp', Buffer.from('heic'), u(4, 0), Buffer.from('mif1heicmiaf'));
  const hvcC = isoBox('hvcC', Buffer.from([1, 1, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 90, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]));
  const ispe = isoBox('ispe', u(4, 0), u(4, width), u(4, height));
  const meta = (mdatOffset: number): Buffer =>
    isoBox(
      'meta',
      u(4, 0),
      isoBox('hdlr', u(4, 0), u(4, 0), Buffer.from('pict'), Buffer.alloc(12), Buffer.from([0])),
      isoBox('pitm', u(4, 0), u(2, 1)),
      isoBox('iloc', u(4, 0), Buffer.from([0x44, 0x00]), u(2, 1), u(2, 1), u(2, 0), u(2, 1), u(4, mdatOffset), u(4, 32)),
      isoBox('iinf', u(4, 0), u(2, 1), isoBox('infe', Buffer.from([2, 0, 0, 0]), u(2, 1), u(2, 0), Buffer.from('hvc1'), Buffer.from([0]))),
      isoBox('iprp', isoBox('ipco', hvcC, ispe), isoBox('ipma', u(4, 0), u(4, 1), u(2, 1), Buffer.from([2, 0x81, 0x02]))),
    );
  // The mdat payload starts after ftyp, meta and the mdat header; meta's size does not depend on the offset.
  const offset = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(offset), isoBox('mdat', Buffer.alloc(32, 0x26))]);
}
