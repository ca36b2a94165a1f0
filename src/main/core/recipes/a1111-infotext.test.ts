import { describe, expect, it } from 'vitest';
import { SCHEDULERS } from '../../../shared/model-input';
import { formatInfotext, parseInfotext, quote, recipeFromInfotext, unquote, type InfotextFields } from './a1111-infotext';
import { A1111_SAMPLER, schedulerFromA1111 } from './sampler-names';

/** As A1111 1.10 writes an img2img result (create_infotext's key order, a LoRA, two-line prompts). */
const A1111_IMG2IMG = [
  'masterpiece, a castle on a cliff at dusk, (dramatic lighting:1.2), <lora:detail_tweaker:0.8>',
  'highly detailed',
  'Negative prompt: blurry, lowres,',
  'bad anatomy',
  'Steps: 30, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234567890, Size: 512x768, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.55, Clip skip: 2, Lora hashes: "detail_tweaker: 7c6f2b9e1d4a", Version: v1.10.1',
].join('\n');

/** An older txt2img infotext with hires fix and a sampler name that carries its schedule. */
const A1111_TXT2IMG_HIRES =
  '1girl, solo, looking at viewer\nSteps: 20, Sampler: DPM++ SDE Karras, CFG scale: 7.5, Seed: 42, Size: 512x512, Model hash: 45dee52b, Denoising strength: 0.7, Hires upscale: 2, Hires upscaler: Latent, Face restoration: CodeFormer';

const FIELDS: InfotextFields = {
  prompt: 'a castle on a cliff',
  negativePrompt: '',
  steps: 25,
  scheduler: 'DPMSolverMultistep',
  guidanceScale: 7.5,
  seed: 123,
  width: 512,
  height: 768,
  model: 'stability-ai/stable-diffusion-img2img',
  promptStrength: 0.8,
};

describe('writing an infotext as create_infotext does', () => {
  it('writes the prompt, then the parameters line in A1111 key order', () => {
    expect(formatInfotext(FIELDS)).toBe(
      'a castle on a cliff\nSteps: 25, Sampler: DPM++ 2M, CFG scale: 7.5, Seed: 123, Size: 512x768, Model: stability-ai/stable-diffusion-img2img, Denoising strength: 0.8',
    );
  });

  it('adds the Negative prompt line only when there is one', () => {
    expect(formatInfotext({ ...FIELDS, negativePrompt: 'blurry, text' }).split('\n')).toEqual([
      'a castle on a cliff',
      'Negative prompt: blurry, text',
      'Steps: 25, Sampler: DPM++ 2M, CFG scale: 7.5, Seed: 123, Size: 512x768, Model: stability-ai/stable-diffusion-img2img, Denoising strength: 0.8',
    ]);
    expect(formatInfotext({ ...FIELDS, negativePrompt: '   ' })).not.toContain('Negative prompt');
  });

  it('leaves out an unknown seed and model, and JSON-quotes values with a comma, colon or newline', () => {
    const text = formatInfotext({ ...FIELDS, seed: null, model: 'owner/model:abc, v2', scheduler: 'K_EULER_ANCESTRAL', guidanceScale: 7, promptStrength: 0.00001 });
    expect(text).toBe('a castle on a cliff\nSteps: 25, Sampler: Euler a, CFG scale: 7, Size: 512x768, Model: "owner/model:abc, v2", Denoising strength: 1e-05');
  });

  it('quotes as infotext_utils.quote (json.dumps) and unquotes back', () => {
    expect(quote('plain value')).toBe('plain value');
    expect(quote('say "hi"')).toBe('say "hi"');
    expect(quote('owner/model:v2')).toBe('"owner/model:v2"');
    expect(quote('two\nlines')).toBe('"two\\nlines"');
    expect(quote('a, "b"\nc:d\\e')).toBe('"a, \\"b\\"\\nc:d\\\\e"');
    expect(unquote('"a, \\"b\\"\\nc:d\\\\e"')).toBe('a, "b"\nc:d\\e');
    expect(unquote('"not json')).toBe('"not json');
    expect(unquote('"bad \\x escape"')).toBe('"bad \\x escape"');
  });
});

describe('reading an infotext', () => {
  it('splits a real A1111 img2img infotext into prompt, negative prompt and fields', () => {
    const parsed = parseInfotext(A1111_IMG2IMG);
    expect(parsed.prompt).toBe('masterpiece, a castle on a cliff at dusk, (dramatic lighting:1.2), <lora:detail_tweaker:0.8>\nhighly detailed');
    expect(parsed.negativePrompt).toBe('blurry, lowres,\nbad anatomy');
    expect(parsed.fields.get('Lora hashes')).toBe('detail_tweaker: 7c6f2b9e1d4a');
    expect(parsed.fields.get('Schedule type')).toBe('Karras');
    expect(parsed.fields.get('Size')).toBe('512x768');
    expect([...parsed.fields.keys()]).toEqual(['Steps', 'Sampler', 'Schedule type', 'CFG scale', 'Seed', 'Size', 'Model hash', 'Model', 'Denoising strength', 'Clip skip', 'Lora hashes', 'Version']);
  });

  it('maps it to Redraw params, saying what does not carry over', () => {
    const { params, notMapped } = recipeFromInfotext(A1111_IMG2IMG);
    expect(params).toEqual({
      prompt: 'masterpiece, a castle on a cliff at dusk, (dramatic lighting:1.2), <lora:detail_tweaker:0.8>\nhighly detailed',
      negativePrompt: 'blurry, lowres,\nbad anatomy',
      steps: 30,
      guidanceScale: 7,
      seed: 1234567890,
      scheduler: 'DPMSolverMultistep',
      promptStrength: 0.55,
    });
    expect(notMapped).toEqual([
      "Schedule 'Karras' is not available: DPMSolverMultistep runs with its default schedule",
      'Size 512x768 is taken from the sketch, not set',
      "Model 'v1-5-pruned-emaonly' is not set: Redraw runs the model version chosen in Settings",
      'Clip skip 2 is not available',
      "LoRA 'detail_tweaker' is not applied: its tag stays in the prompt as plain text",
    ]);
  });

  it('does not take a hires-fix denoising strength, and names samplers it cannot map', () => {
    const { params, notMapped } = recipeFromInfotext(A1111_TXT2IMG_HIRES);
    expect(params).toEqual({ prompt: '1girl, solo, looking at viewer', negativePrompt: '', steps: 20, guidanceScale: 7.5, seed: 42 });
    expect(notMapped).toEqual([
      "Sampler 'DPM++ SDE Karras' has no Redraw equivalent",
      'Size 512x512 is taken from the sketch, not set',
      "Model '45dee52b' is not set: Redraw runs the model version chosen in Settings",
      'Denoising strength 0.7 belongs to the hires fix pass: prompt strength is not set',
      'Hires fix (a second, upscaling pass) is not part of Redraw',
      'Also not used: Face restoration',
    ]);
  });

  it('reads quoted values with commas, colons and escaped quotes', () => {
    const text = 'a cat\nSteps: 12, Sampler: Euler, CFG scale: 5, Seed: 9, Model: "my,model:v2", Template: "a \\"quoted\\" thing, ok", Denoising strength: 0.3';
    const parsed = parseInfotext(text);
    expect(parsed.fields.get('Model')).toBe('my,model:v2');
    expect(parsed.fields.get('Template')).toBe('a "quoted" thing, ok');
    const { params, notMapped } = recipeFromInfotext(text);
    expect(params).toMatchObject({ scheduler: 'K_EULER', steps: 12, guidanceScale: 5, seed: 9, promptStrength: 0.3 });
    expect(notMapped).toContain("Model 'my,model:v2' is not set: Redraw runs the model version chosen in Settings");
    expect(notMapped).toContain('Also not used: Template');
  });

  it('treats a last line with fewer than three pairs as prompt, as A1111 does', () => {
    const parsed = parseInfotext('a cat: cute, fluffy\nstyle: watercolor');
    expect(parsed.prompt).toBe('a cat: cute, fluffy\nstyle: watercolor');
    expect(parsed.fields.size).toBe(0);
    expect(recipeFromInfotext('a cat: cute, fluffy')).toEqual({ params: { prompt: 'a cat: cute, fluffy', negativePrompt: '' }, notMapped: [] });
  });

  it('notes values that are not numbers instead of guessing, and a txt2img infotext without strength', () => {
    const { params, notMapped } = recipeFromInfotext('x\nSteps: many, Sampler: Euler, CFG scale: 7, Seed: 3');
    expect(params).toEqual({ prompt: 'x', negativePrompt: '', guidanceScale: 7, seed: 3, scheduler: 'K_EULER' });
    expect(notMapped).toEqual(["Steps 'many' is not a number: not set", 'No denoising strength (the image was made from text alone): prompt strength is not set']);
  });
});

describe('scheduler names', () => {
  it('map each Redraw scheduler to an A1111 sampler and back', () => {
    expect(SCHEDULERS.map((s) => A1111_SAMPLER[s])).toEqual(['DDIM', 'Euler', 'DPM++ 2M', 'Euler a', 'PLMS', 'LMS']);
    for (const scheduler of SCHEDULERS) {
      expect(schedulerFromA1111(A1111_SAMPLER[scheduler], undefined)).toEqual({ scheduler, notes: [] });
      expect(schedulerFromA1111(A1111_SAMPLER[scheduler], 'Automatic')).toEqual({ scheduler, notes: [] });
    }
  });

  it('split an old-style schedule suffix and note it', () => {
    expect(schedulerFromA1111('DPM++ 2M Karras', undefined)).toEqual({ scheduler: 'DPMSolverMultistep', notes: ["Schedule 'Karras' is not available: DPMSolverMultistep runs with its default schedule"] });
    expect(schedulerFromA1111('Euler a', 'Uniform').notes).toEqual([]);
    expect(schedulerFromA1111('UniPC', undefined)).toEqual({ scheduler: null, notes: ["Sampler 'UniPC' has no Redraw equivalent"] });
  });
});

describe('round trip', () => {
  it('reads back every value it wrote, for every scheduler, with multi-line prompts', () => {
    for (const scheduler of SCHEDULERS) {
      const fields: InfotextFields = { ...FIELDS, scheduler, prompt: 'a castle,\non a cliff: at dusk', negativePrompt: 'blurry\nlowres, "text"', seed: 4294967295, guidanceScale: 12.5, steps: 150, promptStrength: 0.35 };
      const { params, notMapped } = recipeFromInfotext(formatInfotext(fields));
      expect(params).toEqual({
        prompt: fields.prompt,
        negativePrompt: fields.negativePrompt,
        scheduler,
        steps: 150,
        guidanceScale: 12.5,
        seed: 4294967295,
        promptStrength: 0.35,
      });
      expect(notMapped).toEqual([
        'Size 512x768 is taken from the sketch, not set',
        "Model 'stability-ai/stable-diffusion-img2img' is not set: Redraw runs the model version chosen in Settings",
      ]);
    }
  });
});
