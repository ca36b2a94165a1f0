import sharp from 'sharp';

/**
 * The fake model's "inference": the input image, tinted a different colour per output index
 * and seed, re-encoded as PNG at the input's own size. Cheap on purpose (no resize, low zlib
 * effort) because benchmarks push hundreds of predictions through a two-core machine.
 */

export type Loaded = { ok: true; bytes: Buffer } | { ok: false; error: string };

// data:[<mediatype>][;param]*[;base64],<data>
const DATA_URI = /^data:([^,]*?),(.*)$/s;

/** Decodes a `data:` URI. Only image media types are accepted, as the model would. */
export function decodeDataUri(uri: string): Loaded {
  const match = DATA_URI.exec(uri);
  if (!match) return { ok: false, error: 'Input image is not a valid data URI' };
  const [, meta = '', payload = ''] = match;
  const params = meta.split(';');
  const mediaType = (params[0] ?? '').trim().toLowerCase();
  if (!mediaType.startsWith('image/')) {
    return { ok: false, error: `Input image has media type "${mediaType || 'text/plain'}", expected image/*` };
  }
  const isBase64 = params.slice(1).some((p) => p.trim().toLowerCase() === 'base64');
  const bytes = isBase64 ? Buffer.from(payload, 'base64') : Buffer.from(decodeURIComponent(payload), 'latin1');
  if (bytes.length === 0) return { ok: false, error: 'Input image is empty' };
  return { ok: true, bytes };
}

export type ImageSize = { width: number; height: number };

/** Reads the header only (cheap); throws a readable error for anything sharp cannot decode. */
export async function probeImage(bytes: Buffer): Promise<ImageSize> {
  const meta = await sharp(bytes).metadata();
  if (!meta.width || !meta.height) throw new Error('image has no dimensions');
  return { width: meta.width, height: meta.height };
}

type Rgb = { r: number; g: number; b: number };

/** HSL (s = 0.65, l = 0.5) to RGB; enough colour to tell outputs apart at a glance. */
function hueToRgb(hueDegrees: number): Rgb {
  const s = 0.65;
  const l = 0.5;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const h = (((hueDegrees % 360) + 360) % 360) / 60;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const [r1, g1, b1] =
    h < 1 ? [c, x, 0] : h < 2 ? [x, c, 0] : h < 3 ? [0, c, x] : h < 4 ? [0, x, c] : h < 5 ? [x, 0, c] : [c, 0, x];
  const m = l - c / 2;
  const to255 = (v: number): number => Math.round((v + m) * 255);
  return { r: to255(r1), g: to255(g1), b: to255(b1) };
}

/** Deterministic per (seed, index): the same seed reproduces the same outputs, like the real model. */
export function tintFor(seed: number, index: number): Rgb {
  return hueToRgb((seed % 360) * 7 + index * 97);
}

export async function renderOutputs(input: Buffer, seed: number, count: number): Promise<Buffer[]> {
  const base = sharp(input);
  const outputs: Buffer[] = [];
  // One at a time: libvips already uses its thread pool per image; parallel renders would
  // only fight over the two cores the benchmarks have.
  for (let i = 0; i < count; i++) {
    outputs.push(
      await base
        .clone()
        .tint(tintFor(seed, i))
        .png({ compressionLevel: 1, adaptiveFiltering: false })
        .toBuffer(),
    );
  }
  return outputs;
}
