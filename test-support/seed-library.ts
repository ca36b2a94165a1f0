import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { thumbnailFileName, type Job, type JobStatus } from '../src/shared/job';
import { DEFAULT_PARAMS } from '../src/shared/model-input';
import { prepareJobRows } from '../src/main/core/catalog/job-rows';
import { openLibrary } from '../src/main/core/library/open-library';
import { THUMBNAIL_LONG_SIDE } from '../src/main/core/library/thumbnails';
import { sketchPng } from './images';
import { sampleJob } from './sample-job';

export type SeedOptions = {
  count: number;
  outputsPerJob?: number;
  /** The newest job's creation time; each older job is `spacingMs` earlier. */
  newestAt?: number;
  spacingMs?: number;
};

const SUBJECTS = ['castle', 'harbour', 'forest', 'portrait', 'dragon', 'lighthouse', 'city street', 'mountain lake', 'fox', 'garden', 'robot', 'cathedral'];
const STYLES = ['at dusk', 'in watercolour', 'oil painting', 'ink and wash', 'in snow', 'under stars', 'in autumn', 'golden hour', 'misty morning', 'in the rain'];
const SKETCHES = ['castle-lines.png', 'harbour-study.png', 'portrait-03.jpg', 'dragon-rough.png', 'street-perspective.png', 'lake-thumbnail.png', 'fox-gesture.png', 'garden-plan.png'];
const MODELS = ['stability-ai/stable-diffusion-img2img:15a3689e', 'stability-ai/stable-diffusion-img2img:ddd4eb44', 'reseller/sdxl-img2img:9a1c0e77'];
const STRENGTHS = [0.4, 0.5, 0.6, 0.7, 0.8];
const GUIDANCE = [5, 7.5, 9, 12];
const STEPS = [20, 25, 30, 40];
const HUES = [18, 42, 95, 150, 195, 220, 265, 320];

/** A painterly stand-in for a model output: soft sky, hills and a sun, in one of a few palettes. */
async function outputPng(hue: number, width: number, height: number): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},55%,30%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},65%,72%)"/>
    </linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <circle cx="${width * 0.8}" cy="${height * 0.2}" r="${height * 0.09}" fill="hsl(${(hue + 180) % 360},80%,80%)"/>
    <path d="M0 ${height * 0.7} L${width * 0.3} ${height * 0.3} L${width * 0.55} ${height * 0.6} L${width * 0.8} ${height * 0.25} L${width} ${height * 0.65} V${height} H0 Z" fill="hsl(${(hue + 200) % 360},35%,22%)"/>
    <path d="M0 ${height * 0.85} Q${width * 0.5} ${height * 0.7} ${width} ${height * 0.9} V${height} H0 Z" fill="hsl(${(hue + 220) % 360},30%,14%)"/>
  </svg>`;
  return sharp(Buffer.from(svg)).png().toBuffer();
}

const thumbOf = (png: Buffer): Promise<Buffer> =>
  sharp(png).resize(THUMBNAIL_LONG_SIDE, THUMBNAIL_LONG_SIDE, { fit: 'inside' }).webp({ quality: 78 }).toBuffer();

/**
 * Writes a library of `count` finished jobs straight into a data directory's catalog, with real
 * image files (each image made once, then hard-linked into every job folder so a 50,000-job
 * library costs seconds, not gigabytes). Prompts, parameters, sketches, models, marks and days
 * vary so search, filters and grouping have something to find. Returns the records, newest first.
 */
export async function seedLibrary(dataDir: string, options: SeedOptions): Promise<Job[]> {
  const outputsPerJob = options.outputsPerJob ?? 2;
  const newestAt = options.newestAt ?? Date.now();
  const spacingMs = options.spacingMs ?? 90_000;
  const [width, height] = [768, 512];

  const library = await openLibrary(dataDir, { now: () => Date.now() }, () => undefined);
  const images = await mkdtemp(join(tmpdir(), 'redraw-seed-'));
  try {
    const sketch = await sketchPng(width, height);
    await writeFile(join(images, 'input.png'), sketch);
    await writeFile(join(images, 'input.thumb.webp'), await thumbOf(sketch));
    for (const hue of HUES) {
      const png = await outputPng(hue, width, height);
      await writeFile(join(images, `out-${hue}.png`), png);
      await writeFile(join(images, `out-${hue}.thumb.webp`), await thumbOf(png));
    }

    const rows = prepareJobRows(library.catalog.db);
    const jobs: Job[] = [];
    for (let i = 0; i < options.count; i++) {
      // Index 0 is the newest job, so the History's first page is the start of this list.
      const createdMs = newestAt - i * spacingMs;
      const id = `${createdMs.toString(36).padStart(9, '0')}-${(i % 0xffffffffff).toString(16).padStart(10, '0')}`;
      const created = new Date(createdMs).toISOString();
      const status: JobStatus = i % 23 === 7 ? 'failed' : i % 31 === 11 ? 'canceled' : 'succeeded';
      const sketchName = SKETCHES[i % SKETCHES.length] ?? 'sketch.png';
      const outputs =
        status === 'succeeded'
          ? Array.from({ length: outputsPerJob }, (_, n) => ({
              file: `output-${n + 1}.png`,
              bytes: 400_000,
              width,
              height,
              sourceUrl: `https://replicate.delivery/seed/${id}/${n}.png`,
            }))
          : [];
      const job = sampleJob(id, {
        status,
        params: {
          ...DEFAULT_PARAMS,
          prompt: `${SUBJECTS[i % SUBJECTS.length]} ${STYLES[Math.floor(i / SUBJECTS.length) % STYLES.length]}, job ${i}`,
          negativePrompt: i % 3 === 0 ? 'blurry, low quality' : '',
          promptStrength: STRENGTHS[i % STRENGTHS.length] ?? 0.8,
          guidanceScale: GUIDANCE[Math.floor(i / 5) % GUIDANCE.length] ?? 7.5,
          steps: STEPS[Math.floor(i / 7) % STEPS.length] ?? 25,
          numOutputs: outputsPerJob,
          seed: i % 2 === 0 ? 1000 + i : null,
        },
        seedUsed: 1000 + i,
        modelVersion: MODELS[Math.floor(i / 11) % MODELS.length] ?? 'stability-ai/stable-diffusion-img2img',
        input: { file: 'input.png', width, height, bytes: sketch.length, sourceName: sketchName },
        outputs,
        error: status === 'failed' ? { code: 'prediction-failed', message: 'The model failed: NSFW content detected.' } : null,
        progress: status === 'succeeded' ? { percent: 100, current: 25, total: 25, etaSeconds: 0 } : null,
        timings: { createdAt: created, submittedAt: created, startedAt: created, completedAt: created, storedAt: created, predictTimeSeconds: 2 + (i % 9) / 3, totalTimeSeconds: 3 + (i % 9) / 3 },
        updatedAt: created,
        favourite: i % 17 === 3,
        rating: i % 13 === 0 ? 5 : i % 7 === 0 ? 3 : 0,
        sketchKey: `seed:${sketchName}`,
      });
      jobs.push(job);
    }

    library.catalog.db.exec('BEGIN');
    try {
      for (const job of jobs) rows.insert(job);
      library.catalog.db.exec('COMMIT');
    } catch (error) {
      library.catalog.db.exec('ROLLBACK');
      throw error;
    }

    for (const [i, job] of jobs.entries()) {
      const dir = join(library.files.jobsDir, job.id);
      await mkdir(dir, { recursive: true });
      const links: [string, string][] = [
        ['input.png', 'input.png'],
        ['input.thumb.webp', thumbnailFileName('input.png')],
      ];
      for (const [n, output] of job.outputs.entries()) {
        const hue = HUES[(i + n * 3) % HUES.length] ?? 0;
        links.push([`out-${hue}.png`, output.file], [`out-${hue}.thumb.webp`, thumbnailFileName(output.file)]);
      }
      await Promise.all(links.map(([from, to]) => link(join(images, from), join(dir, to))));
    }
    return jobs;
  } finally {
    await library.close();
    await rm(images, { recursive: true, force: true });
  }
}
