import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';

export const MAX_INPUT_PIXELS = 100_000_000;
export const MAX_LONG_SIDE = 1024;

export type ImageKind = 'png' | 'jpeg' | 'webp';

export type PreparedImage = {
  png: Buffer;
  width: number;
  height: number;
};

/** Decides the type from the bytes themselves: a file's name or extension proves nothing. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  const starts = (sig: number[], offset = 0): boolean => sig.every((b, i) => bytes[offset + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

function invalid(name: string, why: string): AppError {
  return new AppError('invalid-file', `${name}: ${why}`);
}

/**
 * Turns whatever the artist dropped into what the model gets: checked (type by content,
 * size, pixel count, decodable to the end), every piece of metadata dropped (EXIF, GPS, ICC
 * profile, XMP: sharp writes none unless asked), transparency flattened onto white (the model
 * would otherwise see transparent line art as black), EXIF orientation applied, scaled so the
 * long side is at most 1024 px, and re-encoded as PNG, which keeps line art crisp.
 */
export async function prepareInputImage(bytes: Uint8Array, name: string): Promise<PreparedImage> {
  if (bytes.byteLength === 0) throw invalid(name, 'the file is empty (0 bytes).');
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    throw invalid(name, `the file is ${formatMb(bytes.byteLength)}; the limit is 50 MB.`);
  }
  const kind = sniffImageKind(bytes);
  if (kind === null) throw invalid(name, 'this is not a PNG, JPEG or WebP image.');

  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new AppError('invalid-file', `${name}: the image is damaged and cannot be read.`, { cause });
  }
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) throw invalid(name, 'the image has no size.');
  if (width * height > MAX_INPUT_PIXELS) {
    throw invalid(name, `the image is ${width}×${height} (${(width * height / 1e6).toFixed(0)} megapixels); the limit is 100 megapixels.`);
  }

  try {
    // failOn 'truncated' makes a cut-off file an error instead of a silently grey bottom half.
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: MAX_LONG_SIDE, height: MAX_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 6 })
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (cause) {
    throw new AppError('invalid-file', `${name}: the image is damaged or incomplete and cannot be read.`, { cause });
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
