import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/app-error';
import { readPngText, withTextChunks } from './png-chunks';
import { readRecipe, recipeChunks } from './read-recipe';
import { finishedJob, SKETCH_SHA256 } from '../../../../test-support/recipe-jobs';
import { chunksOfType, insertChunks, pillowText, smallPng, tEXt } from '../../../../test-support/recipe-pngs';

let png: Buffer;
beforeAll(async () => {
  png = await smallPng();
});

const COMFY_PROMPT = {
  '3': { inputs: { seed: 156680208700286, steps: 20, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] }, class_type: 'KSampler' },
  '4': { inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' }, class_type: 'CheckpointLoaderSimple' },
  '5': { inputs: { width: 512, height: 512, batch_size: 1 }, class_type: 'EmptyLatentImage' },
  '6': { inputs: { text: 'a glass bottle with a galaxy inside', clip: ['4', 1] }, class_type: 'CLIPTextEncode' },
  '7': { inputs: { text: 'text, watermark', clip: ['4', 1] }, class_type: 'CLIPTextEncode' },
};

/** Python's json.dumps (ComfyUI's SaveImage): ", " and ": " separators, non-ASCII escaped. */
function pythonJsonDumps(value: unknown): string {
  return JSON.stringify(value)
    .replace(/"(?:[^"\\]|\\.)*"|[,:]/g, (token) => (token === ',' ? ', ' : token === ':' ? ': ' : token))
    .replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

describe('stamping a job into its output', () => {
  it('writes the A1111 parameters exactly, and Redraw’s recipe', () => {
    const entries = recipeChunks(finishedJob(), SKETCH_SHA256);
    expect(entries.map((e) => e.keyword)).toEqual(['parameters', 'redraw:recipe']);
    expect(entries[0]?.text).toBe(
      'castle on a cliff, ink\nNegative prompt: blurry\nSteps: 25, Sampler: DPM++ 2M, CFG scale: 7.5, Seed: 3141592653, Size: 1024x768, Model: stability-ai/stable-diffusion-img2img, Denoising strength: 0.8',
    );
    expect(JSON.parse(entries[1]?.text ?? '')).toMatchObject({ version: 1, seedUsed: 3141592653, input: { sha256: SKETCH_SHA256 } });
  });

  it('takes the size from the input when the output size is unknown, and leaves out an unknown seed', () => {
    const job = finishedJob({ seedUsed: null, outputs: [], modelVersion: '15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d' });
    const text = recipeChunks(job, SKETCH_SHA256)[0]?.text ?? '';
    expect(text.split('\n').at(-1)).toBe('Steps: 25, Sampler: DPM++ 2M, CFG scale: 7.5, Size: 1024x768, Model: 15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d, Denoising strength: 0.8');
  });

  it('round-trips: the stamped PNG reads back as the job’s params, with the seed the model used', async () => {
    const job = finishedJob();
    const stamped = withTextChunks(png, recipeChunks(job, SKETCH_SHA256));
    expect(readRecipe(stamped)).toEqual({ source: 'redraw', params: { ...job.params, seed: 3141592653 }, notMapped: [] });
    // The picture itself is untouched.
    expect(chunksOfType(stamped, 'IDAT').equals(chunksOfType(png, 'IDAT'))).toBe(true);
    const [before, after] = await Promise.all([sharp(png).raw().toBuffer(), sharp(stamped).raw().toBuffer()]);
    expect(after.equals(before)).toBe(true);
  });

  it('falls back to its A1111 parameters when its own recipe is damaged, saying so', () => {
    const stamped = withTextChunks(png, recipeChunks(finishedJob(), SKETCH_SHA256));
    const damaged = withTextChunks(stamped, [{ keyword: 'redraw:recipe', text: '{"version":1' }]);
    expect(readPngText(damaged).get('parameters')).toContain('Steps: 25');
    expect(readRecipe(damaged)).toEqual({
      source: 'a1111',
      params: { prompt: 'castle on a cliff, ink', negativePrompt: 'blurry', steps: 25, guidanceScale: 7.5, seed: 3141592653, scheduler: 'DPMSolverMultistep', promptStrength: 0.8 },
      notMapped: [
        "Redraw's own recipe in this image could not be read (it is not valid JSON)",
        'Size 1024x768 is taken from the sketch, not set',
        "Model 'stability-ai/stable-diffusion-img2img' is not set: Redraw runs the model version chosen in Settings",
      ],
    });
  });
});

describe('reading images made by other tools', () => {
  it('reads an A1111 PNG (tEXt parameters), clamping values beyond Redraw’s ranges', () => {
    const infotext = 'a knight, oil painting\nNegative prompt: lowres\nSteps: 800, Sampler: Euler a, CFG scale: 30, Seed: 77, Size: 512x512, Model: anything-v3, Denoising strength: 0.45';
    const made = insertChunks(png, [tEXt('parameters', infotext)]);
    expect(readRecipe(made)).toEqual({
      source: 'a1111',
      params: { prompt: 'a knight, oil painting', negativePrompt: 'lowres', steps: 500, guidanceScale: 20, seed: 77, scheduler: 'K_EULER_ANCESTRAL', promptStrength: 0.45 },
      notMapped: [
        'Size 512x512 is taken from the sketch, not set',
        "Model 'anything-v3' is not set: Redraw runs the model version chosen in Settings",
        "Guidance scale 30 is above Redraw's maximum (20): set to 20",
        "Steps 800 is above Redraw's maximum (500): set to 500",
      ],
    });
  });

  it('reads an A1111 PNG whose prompt is not Latin-1 (Pillow then writes iTXt)', () => {
    const made = insertChunks(png, [pillowText('parameters', '竜と城, 水彩\nSteps: 20, Sampler: DDIM, CFG scale: 7, Seed: 5, Size: 512x512, Denoising strength: 0.5')]);
    expect(chunksOfType(made, 'iTXt').length).toBeGreaterThan(0);
    expect(readRecipe(made)?.params).toMatchObject({ prompt: '竜と城, 水彩', scheduler: 'DDIM', steps: 20, promptStrength: 0.5 });
  });

  it('reads a ComfyUI PNG (tEXt prompt and workflow), dropping a 64-bit seed with a note', () => {
    const made = insertChunks(png, [tEXt('prompt', pythonJsonDumps(COMFY_PROMPT)), tEXt('workflow', pythonJsonDumps({ nodes: [], links: [] }))]);
    const recipe = readRecipe(made);
    expect(recipe?.source).toBe('comfyui');
    expect(recipe?.params).toEqual({ prompt: 'a glass bottle with a galaxy inside', negativePrompt: 'text, watermark', scheduler: 'K_EULER', guidanceScale: 8, steps: 20 });
    expect(recipe?.notMapped.at(-1)).toBe("Seed 156680208700286 is outside Redraw's range (0–4294967295): not set");
  });

  it('reads an InvokeAI PNG (invokeai_metadata, iTXt for a non-Latin-1 prompt)', () => {
    const metadata = JSON.stringify({ generation_mode: 'img2img', positive_prompt: 'ドラゴン, ink', negative_prompt: '', seed: 9, steps: 28, cfg_scale: 6, scheduler: 'pndm', strength: 0.7, width: 512, height: 512 });
    const made = insertChunks(png, [pillowText('invokeai_metadata', metadata), tEXt('invokeai_graph', '{}')]);
    expect(readRecipe(made)).toEqual({
      source: 'invokeai',
      params: { prompt: 'ドラゴン, ink', negativePrompt: '', seed: 9, steps: 28, guidanceScale: 6, scheduler: 'PNDM', promptStrength: 0.7 },
      notMapped: ['Size 512x512 is taken from the sketch, not set'],
    });
  });

  it('tries Redraw, then A1111, then ComfyUI, then InvokeAI', () => {
    const invoke = pillowText('invokeai_metadata', JSON.stringify({ positive_prompt: 'from invoke' }));
    const comfy = tEXt('prompt', JSON.stringify(COMFY_PROMPT));
    const a1111 = tEXt('parameters', 'from a1111\nSteps: 20, Sampler: Euler, CFG scale: 7, Seed: 1');
    expect(readRecipe(insertChunks(png, [invoke]))?.source).toBe('invokeai');
    expect(readRecipe(insertChunks(png, [invoke, comfy]))?.source).toBe('comfyui');
    expect(readRecipe(insertChunks(png, [invoke, comfy, a1111]))?.source).toBe('a1111');
    const all = withTextChunks(insertChunks(png, [invoke, comfy]), recipeChunks(finishedJob(), SKETCH_SHA256));
    expect(readRecipe(all)?.source).toBe('redraw');
  });

  it('finds nothing in a PNG without a recipe, or in a file that is not a PNG', async () => {
    expect(readRecipe(png)).toBeNull();
    expect(readRecipe(insertChunks(png, [tEXt('Software', 'GIMP 2.10'), tEXt('invokeai_metadata', 'not json')]))).toBeNull();
    const jpeg = await sharp(png).jpeg().toBuffer();
    expect(readRecipe(jpeg)).toBeNull();
  });

  it('throws invalid-file for a damaged PNG', () => {
    const made = insertChunks(png, [tEXt('parameters', 'x\nSteps: 1, Sampler: Euler, CFG scale: 7')]);
    const broken = Buffer.from(made);
    broken.writeUInt8(broken.readUInt8(40) ^ 0xff, 40);
    expect(() => readRecipe(broken)).toThrow(AppError);
  });
});
