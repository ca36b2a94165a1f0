import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import type { DraftInput, JobSummary } from '../../../shared/job';
import { DEFAULT_PARAMS, type GenerationParams } from '../../../shared/model-input';
import { jobFinished as isFinished, startCoreFixture, type CoreFixture } from '../../../../test-support/core-fixture';
import { sketchPng } from '../../../../test-support/images';
import { chunksOfType, insertChunks, smallPng, tEXt } from '../../../../test-support/recipe-pngs';
import { readPngText } from '../recipes/png-chunks';

let fixture: CoreFixture | null = null;
afterEach(async () => {
  await fixture?.close();
  fixture = null;
});

type RecipeReply = { source: string; params: Partial<GenerationParams>; notMapped: string[] } | null;
async function finishedJob(f: CoreFixture, params: Partial<GenerationParams>): Promise<JobSummary> {
  const draft = await f.call<DraftInput>('input:import', { name: 'harbour.png', bytes: new Uint8Array(await sketchPng(640, 480)) });
  const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, ...params } });
  const job = await f.waitForJob(created.id, isFinished);
  expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
  return job;
}

describe('recipes travel in the images', () => {
  it('a stored output carries its recipe, its pixels exactly as downloaded, and Save as keeps it', async () => {
    fixture = await startCoreFixture({ predictionMs: 50 });
    const f = fixture;
    const job = await finishedJob(f, { prompt: 'harbour at night, "oil", 1:2', negativePrompt: 'blurry', steps: 30, guidanceScale: 9, promptStrength: 0.6, seed: 1234, numOutputs: 1 });
    const stored = await readFile(join(f.dataDir, 'library/jobs', job.id, 'output-1.png'));
    expect(job.outputs[0]?.bytes).toBe(stored.byteLength);

    const texts = readPngText(stored);
    const infotext = texts.get('parameters') ?? '';
    expect(infotext.split('\n')[0]).toBe('harbour at night, "oil", 1:2');
    expect(infotext).toContain('Negative prompt: blurry');
    expect(infotext).toMatch(/Steps: 30, Sampler: [^,]+, CFG scale: 9, Seed: 1234, Size: \d+x\d+, Model: stability-ai\/stable-diffusion-img2img, Denoising strength: 0.6/);
    const recipe = JSON.parse(texts.get('redraw:recipe') ?? '{}') as { predictionId: string; modelVersion: string; input: { sha256: string } };
    expect(recipe.predictionId).toBe(job.predictionId);
    expect(recipe.modelVersion).toBe(job.modelVersion);
    const input = await readFile(join(f.dataDir, 'library/jobs', job.id, 'input.png'));
    expect(recipe.input.sha256).toBe(createHash('sha256').update(input).digest('hex'));
    expect(JSON.stringify([...texts.values()])).not.toContain(f.server.token);

    // The image itself is what the server sent: the same data chunks, the same pixels.
    const sent = await fetch(job.outputs[0]?.sourceUrl ?? '').then(async (r) => Buffer.from(await r.arrayBuffer()));
    expect(chunksOfType(stored, 'IDAT').equals(chunksOfType(sent, 'IDAT'))).toBe(true);
    const [a, b] = await Promise.all([sharp(stored).raw().toBuffer(), sharp(sent).raw().toBuffer()]);
    expect(a.equals(b)).toBe(true);

    const { savedTo } = await f.call<{ savedTo: string }>('outputs:save-as', { jobId: job.id, outputIndex: 0 });
    expect((await readFile(savedTo)).equals(stored)).toBe(true);

    // Dropped back on Redraw, it gives back exactly what made it, with the seed the model used.
    const read = await f.call<RecipeReply>('recipes:read', { name: 'output-1.png', bytes: new Uint8Array(stored) });
    expect(read).toEqual({ source: 'redraw', params: { ...job.params, seed: job.seedUsed }, notMapped: [] });

    // A random seed: the recipe names the one the model reported, so the image can be made again.
    const random = await finishedJob(f, { seed: null, numOutputs: 1 });
    expect(random.seedUsed).not.toBeNull();
    const again = await readFile(join(f.dataDir, 'library/jobs', random.id, 'output-1.png'));
    expect(JSON.parse(readPngText(again).get('redraw:recipe') ?? '{}')).toMatchObject({ seedUsed: random.seedUsed });
    expect(readPngText(again).get('parameters')).toContain(`Seed: ${random.seedUsed}`);
  });

  it('a recipe that cannot be written never costs the image: a sketch named past the recipe\'s limits still gives its output', async () => {
    fixture = await startCoreFixture({ predictionMs: 50 });
    const f = fixture;
    const draft = await f.call<DraftInput>('input:import', { name: `${'n'.repeat(1_010)}.png`, bytes: new Uint8Array(await sketchPng(320, 240)) });
    const created = await f.call<JobSummary>('jobs:create', { inputId: draft.inputId, params: { ...DEFAULT_PARAMS, numOutputs: 1 } });
    const job = await f.waitForJob(created.id, isFinished);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    const stored = await readFile(join(f.dataDir, 'library/jobs', job.id, 'output-1.png'));
    expect((await sharp(stored).metadata()).format).toBe('png');
  });

  it('reads an AUTOMATIC1111 image, says what it could not map, and says nothing of other files', async () => {
    fixture = await startCoreFixture();
    const f = fixture;
    const a1111 = insertChunks(await smallPng(), [
      tEXt('parameters', 'a lighthouse, storm\nNegative prompt: text, watermark\nSteps: 28, Sampler: DPM++ SDE, Schedule type: Karras, CFG scale: 6.5, Seed: 42, Size: 512x768, Model hash: abc123, Model: dreamshaper_8, Denoising strength: 0.55, Version: v1.9.4'),
    ]);
    const read = await f.call<RecipeReply>('recipes:read', { name: 'lighthouse.png', bytes: new Uint8Array(a1111) });
    expect(read?.source).toBe('a1111');
    expect(read?.params).toMatchObject({ prompt: 'a lighthouse, storm', negativePrompt: 'text, watermark', steps: 28, guidanceScale: 6.5, seed: 42, promptStrength: 0.55 });
    expect(read?.params.scheduler).toBeUndefined();
    expect(read?.notMapped.join(' ')).toMatch(/DPM\+\+ SDE/);

    expect(await f.call<RecipeReply>('recipes:read', { name: 'plain.png', bytes: new Uint8Array(await smallPng()) })).toBeNull();
    const jpeg = await sharp(await smallPng()).jpeg().toBuffer();
    expect(await f.call<RecipeReply>('recipes:read', { name: 'photo.jpg', bytes: new Uint8Array(jpeg) })).toBeNull();
    const damaged = Buffer.from(a1111);
    damaged[20] = (damaged[20] ?? 0) ^ 0xff;
    await expect(f.call('recipes:read', { name: 'damaged.png', bytes: new Uint8Array(damaged) })).rejects.toThrow(/^damaged\.png: /);
  });
});
