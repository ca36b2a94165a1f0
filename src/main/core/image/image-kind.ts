/** Image types a page can show: what outputs must be (see download-output), and most sketches are. */
export type ImageKind = 'png' | 'jpeg' | 'webp';
/** The types of file a sketch may arrive as (see sniffInputKind): scanners write TIFF, iPhones HEIC. */
export type InputKind = ImageKind | 'tiff' | 'heic';

/** What the artist is told when the bytes are none of the accepted types. */
export const ACCEPTED_KINDS_TEXT = 'PNG, JPEG, WebP or TIFF';

/**
 * HEIF brands of HEVC-coded images (iPhone photos are `heic`; `mif1`/`msf1` are the generic
 * HEIF brands they also list). AVIF shares the container and the generic brands but says
 * `avif`/`avis`, and is not a format Redraw takes.
 */
const HEIC_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'hevm', 'hevs', 'mif1', 'msf1']);
const AVIF_BRANDS = new Set(['avif', 'avis']);
/** Real ftyp boxes list a handful of brands; a larger one is not worth reading. */
const MAX_FTYP_BYTES = 4096;

/** Decides the type from the bytes themselves: a file's name or extension proves nothing. */
export function sniffImageKind(bytes: Uint8Array): ImageKind | null {
  const starts = (sig: number[], offset = 0): boolean => sig.every((b, i) => bytes[offset + i] === b);
  if (starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (starts([0xff, 0xd8, 0xff])) return 'jpeg';
  if (starts([0x52, 0x49, 0x46, 0x46]) && starts([0x57, 0x45, 0x42, 0x50], 8)) return 'webp';
  return null;
}

/** The type of a dropped or picked sketch, from its bytes: the web types, TIFF, or HEIC (refused later, with help). */
export function sniffInputKind(bytes: Uint8Array): InputKind | null {
  const web = sniffImageKind(bytes);
  if (web !== null) return web;
  const starts = (sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);
  // Little-endian (II) or big-endian (MM) TIFF, classic (42) or BigTIFF (43): what scanners write.
  if (starts([0x49, 0x49, 0x2a, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (starts([0x49, 0x49, 0x2b, 0x00]) || starts([0x4d, 0x4d, 0x00, 0x2b])) return 'tiff';
  if (isHeic(bytes)) return 'heic';
  return null;
}

/** An ISO media file whose first box, `ftyp`, names a HEIC brand (major or compatible) and no AVIF one. */
function isHeic(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 16) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (offset: number): string => String.fromCharCode(...bytes.subarray(offset, offset + 4));
  if (ascii(4) !== 'ftyp') return false;
  const boxSize = Math.min(view.getUint32(0), bytes.byteLength, MAX_FTYP_BYTES);
  // Major brand at 8, minor version at 12, then compatible brands to the end of the box.
  const brands = [ascii(8)];
  for (let offset = 16; offset + 4 <= boxSize; offset += 4) brands.push(ascii(offset));
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return false;
  return brands.some((brand) => HEIC_BRANDS.has(brand));
}
