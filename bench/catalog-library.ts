import { createHash } from 'node:crypto';
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { thumbnailFileName, type Job, type JobOrigin, type JobStatus } from '../src/shared/job';
import { DEFAULT_PARAMS, SCHEDULERS } from '../src/shared/model-input';
import { DEFAULT_MODEL_VERSION } from '../src/shared/settings';
import { openCatalogDb } from '../src/main/core/catalog/catalog-db';
import { importJobFolders } from '../src/main/core/catalog/import-job-folders';
import { prepareJobRows } from '../src/main/core/catalog/job-rows';
import { CATALOG_FILE } from '../src/main/core/library/open-library';
import { RECORD_COPY_FILE } from '../src/main/core/library/job-files';
import { THUMBNAIL_LONG_SIDE } from '../src/main/core/library/thumbnails';

/**
 * A long-used library for the catalog benchmarks: tens of thousands of jobs with the variety an
 * artist's history has (prompts drawn from a word list with a few common and many rare words,
 * sketches iterated on for a while and then left, sessions separated by days, a few failures,
 * marks on a few jobs, several model versions). Deterministic: every run searches the same data.
 */

/** mulberry32: small, fast and seedable, so every run builds the same library. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SUBJECTS = [
  'castle', 'lighthouse', 'dragon', 'forest', 'harbour', 'cathedral', 'robot', 'fox', 'owl', 'mountain', 'village', 'bridge',
  'spaceship', 'samurai', 'witch', 'knight', 'garden', 'river', 'desert', 'city', 'tower', 'ship', 'whale', 'tiger', 'wolf',
  'cottage', 'temple', 'market', 'train', 'station', 'library', 'portrait', 'warrior', 'mermaid', 'phoenix', 'deer', 'horse',
  'cat', 'teapot', 'bicycle', 'airship', 'submarine', 'island', 'volcano', 'waterfall', 'canyon', 'glacier', 'meadow', 'swamp',
  'ruins', 'pagoda', 'windmill', 'greenhouse', 'workshop', 'tavern', 'alley', 'rooftop', 'skyline', 'cliff', 'beach', 'lake',
  'valley', 'orchard', 'vineyard', 'monastery', 'fortress', 'giant', 'golem', 'astronaut', 'diver', 'dancer', 'musician',
  'fisherman', 'blacksmith', 'alchemist', 'cartographer', 'gardener', 'beekeeper', 'lantern', 'clocktower', 'carousel',
  'observatory', 'aqueduct', 'shipwreck', 'treehouse', 'bonsai', 'koi', 'heron', 'raven', 'stag', 'bear', 'octopus', 'jellyfish',
] as const;
const ADJECTIVES = [
  'ancient', 'weathered', 'tiny', 'enormous', 'abandoned', 'glowing', 'misty', 'crumbling', 'overgrown', 'futuristic', 'floating',
  'sunken', 'frozen', 'burning', 'hidden', 'forgotten', 'ornate', 'rusty', 'crystal', 'wooden', 'stone', 'golden', 'silver',
  'mechanical', 'haunted', 'peaceful', 'bustling', 'lonely', 'majestic', 'whimsical', 'cozy', 'colossal', 'delicate', 'shattered',
];
const PLACES = [
  'on a rocky coast', 'in a misty forest', 'by the sea', 'in the mountains', 'on a hill', 'in a valley', 'under the ocean',
  'in the clouds', 'in a snowy field', 'at the edge of the world', 'in a busy street', 'beside a river', 'in a desert oasis',
  'on a floating island', 'in a bamboo grove', 'among cherry blossoms', 'in a cave', 'on another planet', 'in a sunflower field',
];
const TIMES = ['at dusk', 'at dawn', 'at night', 'at noon', 'in winter', 'in autumn', 'in spring', 'during a storm', 'golden hour', 'under a full moon', 'in the rain', 'in fog'];
const STYLES = [
  'trending on artstation', 'highly detailed', 'oil painting', 'watercolor', 'concept art', 'digital painting', 'matte painting',
  'ink drawing', 'pencil sketch', 'gouache', 'cel shaded', 'studio ghibli style', 'art nouveau', 'ukiyo-e', 'impressionist',
  'baroque', 'cyberpunk', 'steampunk', 'sharp focus', '8k', 'volumetric lighting', 'dramatic lighting', 'soft light', 'rim light',
  'cinematic', 'octane render', 'unreal engine', 'by greg rutkowski', 'by alphonse mucha', 'by moebius', 'by hokusai', 'pastel colors',
  'muted palette', 'vibrant colors', 'monochrome', 'sepia', 'isometric', 'wide angle', 'bokeh', 'film grain', 'low poly', 'pixel art',
  'children book illustration', 'storybook', 'linocut', 'charcoal', 'vaporwave', 'synthwave', 'dieselpunk', 'solarpunk', 'noir',
];
const NEGATIVES = [
  '', '', '', 'blurry, lowres', 'blurry, lowres, bad anatomy', 'text, watermark, signature', 'deformed, ugly, extra limbs',
  'jpeg artifacts, noise', 'oversaturated', 'cropped, out of frame', 'photo, photorealistic', 'duplicate, mutated hands',
];
const SKETCH_KINDS = ['sketch', 'study', 'lineart', 'rough', 'thumbnail', 'draft', 'wip', 'lines', 'gesture', 'layout'];
/** A few versions, one much more used than the others, as happens when an artist tries a model for a while. */
export const MODEL_VERSIONS = [
  DEFAULT_MODEL_VERSION,
  'stability-ai/stable-diffusion-img2img:ddd4eb440853a42c055203289a50da0accc4f3eb5e66ff4c5bd5e0e3d9ab7ff0',
  'stability-ai/sdxl:7762fd07cf82c948538e41f63f77d685e02b063e37e496e96eefd46c929f9bdc',
  'someone/anime-img2img:3f0457e4619daac51203dedb472816fd4af51f3149fa7a9e0b5ffcf1b8172438',
  'someone/watercolor-img2img:5c7d5dc6dd8bf75c1acaa8565735e7986bc5b66206b55cca93cb72c9bf15ccaa',
] as const;
const MODEL_WEIGHTS = [0.62, 0.2, 0.1, 0.05, 0.03];
const ERRORS: Job['error'][] = [
  { code: 'prediction-failed', message: 'The model failed: NSFW content detected. Try running it again, or try a different prompt.' },
  { code: 'server-error', message: 'Replicate answered 502 Bad Gateway.' },
  { code: 'rate-limited', message: 'Too many requests; the limit resets in 12 s.' },
];
const FAILED_STATUSES: JobStatus[] = ['failed', 'failed', 'failed', 'aborted', 'expired'];
/** The newest few jobs are still running when the app is closed (a restart resumes them). */
const ACTIVE_STATUSES: JobStatus[] = ['queued', 'processing', 'starting'];

/** The library's first job was made this long before its newest. */
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

export type GeneratedSketch = { key: string; name: string; subject: string };
export type GeneratedLibrary = {
  jobs: number;
  outputs: number;
  thumbnails: number;
  sketches: GeneratedSketch[];
  /** Creation times of the oldest and newest job (epoch ms). */
  firstMs: number;
  lastMs: number;
  generate_s: number;
  catalog_mb: number;
};

type Generator = { next(): Job; sketches: GeneratedSketch[] };

/** Makes jobs oldest first; `newestAt` is when the last one was made. */
function jobGenerator(count: number, newestAt: number, seed: number): Generator {
  const random = prng(seed);
  const pick = <T>(list: readonly T[], skew = 1): T => list[Math.floor(list.length * random() ** skew)] as T;
  const weighted = <T>(list: readonly T[], weights: readonly number[]): T => {
    let r = random();
    for (const [i, w] of weights.entries()) {
      r -= w;
      if (r < 0) return list[i] as T;
    }
    return list[list.length - 1] as T;
  };
  const hex = (chars: number): string => {
    let out = '';
    while (out.length < chars) out += Math.floor(random() * 0x100000000).toString(16).padStart(8, '0');
    return out.slice(0, chars);
  };

  const sketches: GeneratedSketch[] = [];
  const ids: string[] = [];
  // Sessions: a burst of jobs a minute or so apart, then a gap of hours or days. The gaps are
  // drawn first and scaled so the whole history spans two years.
  const gaps = Array.from({ length: count }, () => (random() < 0.06 ? 3_600_000 * (2 + random() * 70) : 20_000 + random() * 90_000));
  const scale = SPAN_MS / gaps.reduce((a, b) => a + b, 0);
  let time = newestAt - SPAN_MS;
  let index = 0;
  let sketch: GeneratedSketch | null = null;
  let leftOnSketch = 0;
  let base = { adjective: '', place: '', time: '', styles: [] as string[], negative: '', model: MODEL_VERSIONS[0] as string };

  function newSketch(): GeneratedSketch {
    const subject = pick(SUBJECTS, 1.4);
    const n = sketches.length + 1;
    const r = random();
    const name =
      r < 0.55 ? `${subject}-${pick(SKETCH_KINDS)}-${(n % 97) + 1}.png`
      : r < 0.8 ? `IMG_${new Date(time).toISOString().slice(0, 10).replaceAll('-', '')}_${String(n % 240000).padStart(6, '0')}.jpg`
      : r < 0.9 ? `scan${String(n).padStart(4, '0')}.jpg`
      : `Untitled-${n}.png`;
    const made = { key: createHash('sha256').update(`${n}:${name}`).digest('hex'), name, subject };
    sketches.push(made);
    return made;
  }

  return {
    sketches,
    next(): Job {
      time += (gaps[index] ?? 0) * scale;
      const createdMs = Math.round(time);
      const i = index++;
      // An artist works on one sketch for a while (a handful to a few dozen jobs), now and then
      // going back to an older one.
      if (sketch === null || leftOnSketch-- <= 0) {
        sketch = sketches.length > 10 && random() < 0.15 ? pick(sketches) : newSketch();
        leftOnSketch = 1 + Math.floor(random() ** 2 * 40);
        base = {
          adjective: pick(ADJECTIVES, 1.3),
          place: pick(PLACES, 1.3),
          time: pick(TIMES, 1.2),
          styles: Array.from({ length: 2 + Math.floor(random() * 4) }, () => pick(STYLES, 1.8)),
          negative: pick(NEGATIVES),
          model: weighted(MODEL_VERSIONS, MODEL_WEIGHTS),
        };
      }
      // Each job varies the prompt a little from the session's.
      if (random() < 0.3) base.adjective = pick(ADJECTIVES, 1.3);
      if (random() < 0.2) base.time = pick(TIMES, 1.2);
      if (random() < 0.3) base.styles = [...base.styles.slice(1), pick(STYLES, 1.8)];
      const prompt = `${random() < 0.5 ? 'a' : 'the'} ${base.adjective} ${sketch.subject} ${base.place}, ${base.time}, ${[...new Set(base.styles)].join(', ')}`;

      const newest = i >= count - 4;
      const r = random();
      const status: JobStatus = newest ? pick(ACTIVE_STATUSES) : r < 0.88 ? 'succeeded' : r < 0.95 ? pick(FAILED_STATUSES) : 'canceled';
      const id = `${createdMs.toString(36).padStart(9, '0')}-${hex(10)}`;
      const created = new Date(createdMs).toISOString();
      const done = new Date(createdMs + 4_000 + Math.floor(random() * 8_000)).toISOString();
      const seedUsed = Math.floor(random() * 4294967295);
      const finished = !ACTIVE_STATUSES.includes(status);
      const outputs =
        status === 'succeeded'
          ? [1, 2].map((n) => ({ file: `output-${n}.png`, bytes: 700_000 + Math.floor(random() * 600_000), width: 1024, height: 768, sourceUrl: `https://replicate.delivery/pbxt/${hex(32)}/out-${n - 1}.png` }))
          : [];
      const origin: JobOrigin =
        ids.length > 0 && random() < 0.1
          ? random() < 0.5
            ? { kind: 'output', jobId: ids[ids.length - 1 - Math.floor(random() * Math.min(ids.length, 20))] as string, outputIndex: Math.floor(random() * 2) }
            : { kind: 'rerun', jobId: ids[ids.length - 1 - Math.floor(random() * Math.min(ids.length, 20))] as string }
          : { kind: 'file' };
      ids.push(id);
      const steps = pick([20, 25, 30, 40, 50]);
      return {
        id,
        status,
        params: {
          ...DEFAULT_PARAMS,
          prompt,
          negativePrompt: base.negative,
          scheduler: pick(SCHEDULERS, 2),
          numOutputs: 2,
          guidanceScale: pick([5, 7, 7.5, 9, 12]),
          promptStrength: pick([0.45, 0.55, 0.65, 0.75, 0.8]),
          steps,
          seed: random() < 0.3 ? seedUsed : null,
        },
        seedUsed: status === 'succeeded' ? seedUsed : null,
        modelVersion: base.model,
        apiBaseUrl: 'https://api.replicate.com/v1',
        input: { file: 'input.png', width: 1024, height: 768, bytes: 150_000 + Math.floor(random() * 500_000), sourceName: sketch.name },
        inputTransport: 'data-uri',
        uploadedImageUrl: null,
        unconfirmedCreateAt: null,
        predictionId: status === 'queued' ? null : hex(26),
        predictionUrls: null,
        responseShape: status === 'queued' ? null : 'prediction',
        outputs,
        pendingOutputUrls: [],
        // What the model prints: the seed and a progress bar per step (as the engine keeps them).
        logs: status === 'queued' ? '' : `Using seed: ${seedUsed}\n${Array.from({ length: Math.min(steps, 25) }, (_, s) => `${Math.round(((s + 1) / steps) * 100)}%|${'█'.repeat(s % 10)}| ${s + 1}/${steps} [00:0${s % 10}<00:02, 9.9${s % 10}it/s]`).join('\n')}\n`,
        progress: status === 'succeeded' ? { percent: 100, current: steps, total: steps, etaSeconds: 0 } : null,
        error: status === 'failed' ? pick(ERRORS) : null,
        waitingUntil: null,
        timings: {
          createdAt: created,
          submittedAt: status === 'queued' ? null : created,
          startedAt: status === 'queued' ? null : created,
          completedAt: finished ? done : null,
          storedAt: status === 'succeeded' ? done : null,
          predictTimeSeconds: status === 'succeeded' ? 2 + random() * 6 : null,
          totalTimeSeconds: status === 'succeeded' ? 4 + random() * 8 : null,
        },
        updatedAt: finished ? done : created,
        favourite: status === 'succeeded' && random() < 0.05,
        rating: status === 'succeeded' && random() < 0.25 ? 1 + Math.floor(random() * 5) : 0,
        origin,
        sketchKey: sketch.key,
        batch: null,
        watch: null,
      };
    },
  };
}

/** One small WebP, as thumbnails.ts makes them from an output (written to every thumbnail's path). */
export async function sampleThumbnail(): Promise<Buffer> {
  const [w, h] = [1024, 768];
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}">
    <defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#2b3a67"/><stop offset="1" stop-color="#f4a261"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#sky)"/>
    <circle cx="${w * 0.78}" cy="${h * 0.22}" r="${h * 0.08}" fill="#ffe8a3"/>
    <path d="M0 ${h * 0.7} L${w * 0.3} ${h * 0.32} L${w * 0.55} ${h * 0.6} L${w * 0.8} ${h * 0.28} L${w} ${h * 0.62} V${h} H0 Z" fill="#264653"/>
  </svg>`;
  return sharp(Buffer.from(svg))
    .resize({ width: THUMBNAIL_LONG_SIDE, height: THUMBNAIL_LONG_SIDE, fit: 'inside' })
    .webp({ quality: 78 })
    .toBuffer();
}

/**
 * Writes a library of `count` jobs straight into `<dataDir>/library/catalog.sqlite` (one
 * transaction, through the catalog's own insert statement), and each job's folder with a real
 * WebP thumbnail per image the gallery can show: every output's, and the input's (a job
 * without outputs shows its sketch). The catalog is marked imported, as after a first start.
 */
export async function generateCatalogLibrary(dataDir: string, count: number, seed = 1): Promise<GeneratedLibrary> {
  const started = performance.now();
  const libraryDir = join(dataDir, 'library');
  const jobsDir = join(libraryDir, 'jobs');
  mkdirSync(jobsDir, { recursive: true });
  const thumbnail = await sampleThumbnail();
  const newestAt = Date.now() - 3_600_000;
  const generator = jobGenerator(count, newestAt, seed);
  const catalog = await openCatalogDb(join(libraryDir, CATALOG_FILE));
  let outputs = 0;
  let thumbnails = 0;
  let firstMs = 0;
  try {
    const rows = prepareJobRows(catalog.db);
    const folders: { id: string; files: string[] }[] = [];
    catalog.transaction(() => {
      for (let i = 0; i < count; i++) {
        const job = generator.next();
        if (i === 0) firstMs = Date.parse(job.timings.createdAt);
        if (!rows.insert(job)) throw new Error(`bench: duplicate job id ${job.id}`);
        outputs += job.outputs.length;
        folders.push({ id: job.id, files: [job.input.file, ...job.outputs.map((o) => o.file)].map(thumbnailFileName) });
      }
    });
    // Marks the catalog as imported through the import itself (with no folders to read), so
    // opening it does not go looking for job.json files.
    await importJobFolders(catalog, jobsDir, [], () => Date.now());
    // Synchronous writes: on this disk they are as fast as a pool of async ones, and simpler.
    for (const folder of folders) {
      const dir = join(jobsDir, folder.id);
      mkdirSync(dir);
      for (const file of folder.files) writeFileSync(join(dir, file), thumbnail);
      thumbnails += folder.files.length;
    }
  } finally {
    catalog.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    catalog.close();
  }
  return {
    jobs: count,
    outputs,
    thumbnails,
    sketches: generator.sketches,
    firstMs,
    lastMs: newestAt,
    generate_s: (performance.now() - started) / 1000,
    catalog_mb: statSync(join(libraryDir, CATALOG_FILE)).size / 1024 / 1024,
  };
}

/**
 * A library as Redraw 0.1 left it, for the one-time import: a folder per job with its job.json
 * (no marks, origin or sketch key; outputs without a pixel size) beside its images, and no
 * catalog. The images are small stand-ins: the import reads only the records.
 */
export async function generateLegacyLibrary(dataDir: string, count: number, seed = 2): Promise<{ jobs: number; generate_s: number }> {
  const started = performance.now();
  const jobsDir = join(dataDir, 'library', 'jobs');
  mkdirSync(jobsDir, { recursive: true });
  const image = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#dde3ea' } }).png().toBuffer();
  const generator = jobGenerator(count, Date.now() - 3_600_000, seed);
  for (let i = 0; i < count; i++) {
    const job = generator.next();
    const { favourite: _f, rating: _r, origin: _o, sketchKey: _s, batch: _b, ...rest } = job;
    const record = { ...rest, outputs: job.outputs.map(({ width: _w, height: _h, ...output }) => output) };
    const dir = join(jobsDir, job.id);
    mkdirSync(dir);
    writeFileSync(join(dir, RECORD_COPY_FILE), JSON.stringify(record));
    for (const file of [job.input.file, ...job.outputs.map((o) => o.file)]) writeFileSync(join(dir, file), image);
  }
  return { jobs: count, generate_s: (performance.now() - started) / 1000 };
}
