import type sharp from 'sharp';

/**
 * The largest side a sketch may have. Decoders and the resampler work a row (or a strip) at a
 * time, so their memory follows the longest side, not the area: a 20,000,000 × 1 PNG has only
 * 20 megapixels yet took main to 1.7 GB while being shrunk 19,531:1. 16,384 px is four times
 * the long side of a 24-megapixel photo (6,000), more than any sketch scan within the area
 * limit has (an A4 page at 600 dpi is 7,016), and the largest side WebP and most GPUs take;
 * the model sees at most 1,024 px anyway.
 */
const MAX_INPUT_SIDE = 16_384;

/**
 * The largest area. 40 megapixels takes a 24 MP (6000×4000) photo, a 36 MP camera and an A4
 * scan at 600 dpi (35 MP); the worst legal file (a 40 MP interlaced 16-bit RGBA PNG, which
 * must be decoded whole) peaks main at about 450 MB, well inside its 1 GB budget.
 */
export const MAX_INPUT_PIXELS = 40_000_000;

/**
 * The most memory the decoded pixels may take: a 40 MP image at 16 bits per sample with four
 * channels (RGBA). Sample size and channel count multiply the area: a TIFF may carry 32-bit
 * floats or dozens of extra channels, which would decode to gigabytes within the area limit.
 */
const MAX_DECODED_BYTES = MAX_INPUT_PIXELS * 4 * 2;

const BYTES_PER_SAMPLE: Record<string, number> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** Why an image of this size may not be decoded, in words for the artist; null when it may be. */
export function sizeRefusal(meta: Pick<sharp.Metadata, 'width' | 'height' | 'channels' | 'depth'>): string | null {
  const width = meta.width ?? 0;
  const height = meta.height ?? 0;
  if (width <= 0 || height <= 0) return 'the image has no size.';
  const size = `${width}×${height} px`;
  if (width > MAX_INPUT_SIDE || height > MAX_INPUT_SIDE) return `the image is ${size}; each side may be at most ${MAX_INPUT_SIDE} px.`;
  const pixels = width * height;
  if (pixels > MAX_INPUT_PIXELS) {
    return `the image is ${size} (${Math.round(pixels / 1e6)} megapixels); the limit is ${MAX_INPUT_PIXELS / 1e6} megapixels.`;
  }
  // An unknown sample type counts as the widest one: better refused than out of memory.
  const sampleBytes = BYTES_PER_SAMPLE[meta.depth ?? ''] ?? 16;
  const channels = meta.channels ?? 4;
  const decoded = pixels * channels * sampleBytes;
  if (decoded > MAX_DECODED_BYTES) {
    return (
      `the image is ${size} with ${channels} channels of ${sampleBytes * 8}-bit samples (${Math.round(decoded / 1e6)} MB once decoded); ` +
      `the limit is ${MAX_DECODED_BYTES / 1e6} MB. Save it as an 8-bit PNG, JPEG or TIFF.`
    );
  }
  return null;
}
