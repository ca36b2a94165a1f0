import { randomBytes } from 'node:crypto';
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
