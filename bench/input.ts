import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { call, openBenchCore, percentile, round, settleDisk } from './bench-support';

/**
 * A phone photo of a pencil sketch, as an artist drops one: paper lit unevenly (a gradient),
 * sensor noise (so it does not compress to nothing, as a real photo does not), and strokes.
 */
export async function photoOfSketchJpeg(width = 6000, height = 4000): Promise<Buffer> {
  const pixels = Buffer.allocUnsafe(width * height * 3);
  let noise = 0x9e3779b9;
  for (let y = 0; y < height; y++) {
    const light = 200 + 40 * (y / height);
    for (let x = 0; x < width; x++) {
      noise ^= noise << 13;
      noise ^= noise >>> 17;
      noise ^= noise << 5;
      const base = light - 30 * Math.abs(x / width - 0.4) + ((noise & 0x1f) - 16);
      const i = (y * width + x) * 3;
      pixels[i] = Math.max(0, Math.min(255, base + 6));
      pixels[i + 1] = Math.max(0, Math.min(255, base + 2));
      pixels[i + 2] = Math.max(0, Math.min(255, base - 8));
    }
  }
  const strokes = Array.from({ length: 40 }, (_, k) => {
    const x = (k * 733) % width;
    const y = (k * 487) % height;
    return `<path d="M${x} ${y} q${400 + k * 10} ${-300 + k * 20} ${900 - k * 15} ${200 + k * 8} t${600} ${-150}" stroke="#2a2a30" stroke-opacity="0.8" stroke-width="${4 + (k % 6)}" fill="none"/>`;
  }).join('');
  const svg = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${strokes}</svg>`);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    .composite([{ input: svg }])
    .jpeg({ quality: 90 })
    .toBuffer();
}

/**
 * A 24-megapixel JPEG staged as the next job's sketch, through the calls the renderer makes:
 * `input:pick` (main reads the file the dialog returned) and `input:import` (the bytes of a
 * dropped file). Each is timed from the call to the draft being staged (prepared PNG written,
 * its record in the catalog); the median of `runs` after a first call timed apart.
 */
export async function benchInput(runs = 5) {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-bench-input-'));
  try {
    const jpeg = await photoOfSketchJpeg();
    const file = join(dir, 'IMG_20260114_101512.jpg');
    await writeFile(file, jpeg);
    settleDisk();
    const core = await openBenchCore(join(dir, 'data'), { pickImageFiles: async () => [file] });
    try {
      const pick: number[] = [];
      const drop: number[] = [];
      // The first call also loads sharp's codecs: reported on its own, not in the median.
      const firstStarted = performance.now();
      let [draft] = (await call(core, 'input:pick', undefined)).drafts;
      const first = performance.now() - firstStarted;
      for (let r = 0; r < runs; r++) {
        const started = performance.now();
        [draft] = (await call(core, 'input:pick', undefined)).drafts;
        pick.push(performance.now() - started);
      }
      const bytes = new Uint8Array(await readFile(file));
      for (let r = 0; r < runs; r++) {
        const started = performance.now();
        await call(core, 'input:import', { name: 'IMG_20260114_101512.jpg', bytes });
        drop.push(performance.now() - started);
      }
      if (draft === undefined || Math.max(draft.width, draft.height) !== 1024) throw new Error(`input: staged ${draft?.width}x${draft?.height}`);
      return {
        source: '6000x4000 JPEG',
        source_mb: round(jpeg.byteLength / 1024 / 1024, 2),
        staged: `${draft.width}x${draft.height}`,
        prepare_24mp_ms: round(percentile(pick, 50)),
        prepare_24mp_min_ms: round(Math.min(...pick)),
        prepare_24mp_first_ms: round(first),
        drop_24mp_ms: round(percentile(drop, 50)),
        runs,
      };
    } finally {
      await core.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
