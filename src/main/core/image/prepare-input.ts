import sharp from 'sharp';
import { AppError } from '../../../shared/app-error';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { ACCEPTED_KINDS_TEXT, sniffInputKind, type InputKind } from './image-kind';
import { MAX_INPUT_PIXELS, sizeRefusal } from './input-limits';
import { turnOffSharpCache } from './sharp-memory';

export const MAX_LONG_SIDE = 1024;

/**
 * sharp's prebuilt libvips reads the HEIF container but has no HEVC decoder (a patent-licensed
 * codec), so an iPhone photo cannot be decoded; the artist is told how to get a JPEG instead.
 */
const HEIC_HELP =
  "iPhone photos (HEIC) can't be read: on the iPhone set Settings › Camera › Formats › Most Compatible, or export the photo as JPEG or PNG.";

export type PreparedImage = {
  png: Buffer;
  width: number;
  height: number;
};

function invalid(name: string, why: string, cause?: unknown): AppError {
  return new AppError('invalid-file', `${name}: ${why}`, cause === undefined ? {} : { cause });
}

/** A file sharp cannot read: a HEIC because of its codec, anything else because it is damaged. */
function unreadable(name: string, kind: InputKind, why: string, cause: unknown): AppError {
  return invalid(name, kind === 'heic' ? HEIC_HELP : why, cause);
}

/**
 * Turns whatever the artist dropped into what the model gets: checked (type by content,
 * size, each side, pixel count and decoded size before a pixel is decoded, then decodable to
 * the end), every piece of metadata dropped (EXIF, GPS, ICC profile, XMP: sharp writes none
 * unless asked), transparency flattened onto white (the model would otherwise see transparent
 * line art as black), EXIF orientation applied, scaled so the long side is at most 1024 px,
 * and re-encoded as PNG, which keeps line art crisp. A multi-page TIFF gives its first page.
 * Callers run one at a time (see oneAtATime): the limits bound one decode, not several.
 */
export async function prepareInputImage(bytes: Uint8Array, name: string): Promise<PreparedImage> {
  // Idempotent and cheap: whichever way main got here (the app, a test, a script), libvips
  // keeps no decoded pixels around after this image.
  turnOffSharpCache();
  if (bytes.byteLength === 0) throw invalid(name, 'the file is empty (0 bytes).');
  if (bytes.byteLength > MAX_INPUT_BYTES) {
    throw invalid(name, `the file is ${formatMb(bytes.byteLength)}; the limit is 50 MB.`);
  }
  const kind = sniffInputKind(bytes);
  if (kind === null) throw invalid(name, `this is not a ${ACCEPTED_KINDS_TEXT} image.`);

  let meta: sharp.Metadata;
  try {
    // Reads the header only; nothing is decoded until the size has been checked.
    meta = await sharp(bytes, { limitInputPixels: false, page: 0, pages: 1 }).metadata();
  } catch (cause) {
    throw unreadable(name, kind, 'the image is damaged and cannot be read.', cause);
  }
  const refusal = sizeRefusal(meta);
  if (refusal !== null) throw invalid(name, refusal);

  try {
    // failOn 'truncated' makes a cut-off file an error instead of a silently grey bottom half.
    const { data, info } = await sharp(bytes, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS, page: 0, pages: 1 })
      .rotate()
      .flatten({ background: '#ffffff' })
      .resize({ width: MAX_LONG_SIDE, height: MAX_LONG_SIDE, fit: 'inside', withoutEnlargement: true })
      .png({ compressionLevel: 6 })
      .toBuffer({ resolveWithObject: true });
    return { png: data, width: info.width, height: info.height };
  } catch (cause) {
    throw unreadable(name, kind, 'the image is damaged or incomplete and cannot be read.', cause);
  }
}

function formatMb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
