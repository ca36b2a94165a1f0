import { describe, expect, it } from 'vitest';
import { graphFromWorkflow } from './comfyui-graph';
import { recipeFromComfyUI } from './comfyui-recipe';
import { schedulerFromComfy } from './sampler-names';

/** ComfyUI's default SD1.5 graph in API format, as SaveImage stores it in the `prompt` text. */
const DEFAULT_PROMPT = {
  '3': {
    inputs: { seed: 156680208700286, steps: 20, cfg: 8, sampler_name: 'euler', scheduler: 'normal', denoise: 1, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['5', 0] },
    class_type: 'KSampler',
    _meta: { title: 'KSampler' },
  },
  '4': { inputs: { ckpt_name: 'v1-5-pruned-emaonly.safetensors' }, class_type: 'CheckpointLoaderSimple', _meta: { title: 'Load Checkpoint' } },
  '5': { inputs: { width: 512, height: 512, batch_size: 1 }, class_type: 'EmptyLatentImage', _meta: { title: 'Empty Latent Image' } },
  '6': { inputs: { text: 'beautiful scenery nature glass bottle landscape, , purple galaxy bottle,', clip: ['4', 1] }, class_type: 'CLIPTextEncode', _meta: { title: 'CLIP Text Encode (Prompt)' } },
  '7': { inputs: { text: 'text, watermark', clip: ['4', 1] }, class_type: 'CLIPTextEncode', _meta: { title: 'CLIP Text Encode (Prompt)' } },
  '8': { inputs: { samples: ['3', 0], vae: ['4', 2] }, class_type: 'VAEDecode', _meta: { title: 'VAE Decode' } },
  '9': { inputs: { filename_prefix: 'ComfyUI', images: ['8', 0] }, class_type: 'SaveImage', _meta: { title: 'Save Image' } },
};

/** An img2img graph: LoadImage -> VAEEncode -> KSampler, a LoRA on the model, a ControlNet on the prompts. */
const IMG2IMG_PROMPT = {
  '1': { inputs: { ckpt_name: 'dreamshaper_8.safetensors' }, class_type: 'CheckpointLoaderSimple' },
  '2': { inputs: { lora_name: 'ink_style.safetensors', strength_model: 0.8, strength_clip: 0.8, model: ['1', 0], clip: ['1', 1] }, class_type: 'LoraLoader' },
  '3': { inputs: { text: 'ink drawing of a fox', clip: ['2', 1] }, class_type: 'CLIPTextEncode' },
  '4': { inputs: { text: 'photo', clip: ['2', 1] }, class_type: 'CLIPTextEncode' },
  '5': { inputs: { image: 'sketch.png', upload: 'image' }, class_type: 'LoadImage' },
  '6': { inputs: { pixels: ['5', 0], vae: ['1', 2] }, class_type: 'VAEEncode' },
  '7': { inputs: { control_net_name: 'control_scribble.pth' }, class_type: 'ControlNetLoader' },
  '8': {
    inputs: { strength: 1, start_percent: 0, end_percent: 1, positive: ['3', 0], negative: ['4', 0], control_net: ['7', 0], image: ['5', 0] },
    class_type: 'ControlNetApplyAdvanced',
  },
  '9': {
    inputs: { seed: 42, steps: 30, cfg: 6.5, sampler_name: 'dpmpp_2m', scheduler: 'karras', denoise: 0.65, model: ['2', 0], positive: ['8', 0], negative: ['8', 1], latent_image: ['6', 0] },
    class_type: 'KSampler',
  },
  '10': { inputs: { samples: ['9', 0], vae: ['1', 2] }, class_type: 'VAEDecode' },
  '11': { inputs: { filename_prefix: 'ComfyUI', images: ['10', 0] }, class_type: 'SaveImage' },
};

/** The same default graph as the UI `workflow` (format 0.4: links as tuples). */
const DEFAULT_WORKFLOW_04 = {
  last_node_id: 9,
  last_link_id: 9,
  nodes: [
    { id: 7, type: 'CLIPTextEncode', pos: [413, 389], size: [425, 180], flags: {}, order: 3, mode: 0, inputs: [{ name: 'clip', type: 'CLIP', link: 5 }], outputs: [{ name: 'CONDITIONING', type: 'CONDITIONING', links: [6], slot_index: 0 }], properties: { 'Node name for S&R': 'CLIPTextEncode' }, widgets_values: ['text, watermark'] },
    { id: 6, type: 'CLIPTextEncode', pos: [415, 186], size: [422, 164], flags: {}, order: 2, mode: 0, inputs: [{ name: 'clip', type: 'CLIP', link: 3 }], outputs: [{ name: 'CONDITIONING', type: 'CONDITIONING', links: [4], slot_index: 0 }], properties: { 'Node name for S&R': 'CLIPTextEncode' }, widgets_values: ['beautiful scenery nature glass bottle landscape, , purple galaxy bottle,'] },
    { id: 5, type: 'EmptyLatentImage', pos: [473, 609], size: [315, 106], flags: {}, order: 0, mode: 0, outputs: [{ name: 'LATENT', type: 'LATENT', links: [2], slot_index: 0 }], properties: { 'Node name for S&R': 'EmptyLatentImage' }, widgets_values: [512, 512, 1] },
    {
      id: 3,
      type: 'KSampler',
      pos: [863, 186],
      size: [315, 262],
      flags: {},
      order: 4,
      mode: 0,
      inputs: [
        { name: 'model', type: 'MODEL', link: 1 },
        { name: 'positive', type: 'CONDITIONING', link: 4 },
        { name: 'negative', type: 'CONDITIONING', link: 6 },
        { name: 'latent_image', type: 'LATENT', link: 2 },
      ],
      outputs: [{ name: 'LATENT', type: 'LATENT', links: [7], slot_index: 0 }],
      properties: { 'Node name for S&R': 'KSampler' },
      widgets_values: [156680208700286, 'randomize', 20, 8, 'euler', 'normal', 1],
    },
    { id: 8, type: 'VAEDecode', pos: [1209, 188], size: [210, 46], flags: {}, order: 5, mode: 0, inputs: [{ name: 'samples', type: 'LATENT', link: 7 }, { name: 'vae', type: 'VAE', link: 8 }], outputs: [{ name: 'IMAGE', type: 'IMAGE', links: [9], slot_index: 0 }], properties: { 'Node name for S&R': 'VAEDecode' } },
    { id: 9, type: 'SaveImage', pos: [1451, 189], size: [210, 58], flags: {}, order: 6, mode: 0, inputs: [{ name: 'images', type: 'IMAGE', link: 9 }], properties: {}, widgets_values: ['ComfyUI'] },
    { id: 4, type: 'CheckpointLoaderSimple', pos: [26, 474], size: [315, 98], flags: {}, order: 1, mode: 0, outputs: [{ name: 'MODEL', type: 'MODEL', links: [1], slot_index: 0 }, { name: 'CLIP', type: 'CLIP', links: [3, 5], slot_index: 1 }, { name: 'VAE', type: 'VAE', links: [8], slot_index: 2 }], properties: { 'Node name for S&R': 'CheckpointLoaderSimple' }, widgets_values: ['v1-5-pruned-emaonly.safetensors'] },
  ],
  links: [
    [1, 4, 0, 3, 0, 'MODEL'],
    [2, 5, 0, 3, 3, 'LATENT'],
    [3, 4, 1, 6, 0, 'CLIP'],
    [4, 6, 0, 3, 1, 'CONDITIONING'],
    [5, 4, 1, 7, 0, 'CLIP'],
    [6, 7, 0, 3, 2, 'CONDITIONING'],
    [7, 3, 0, 8, 0, 'LATENT'],
    [8, 4, 2, 8, 1, 'VAE'],
    [9, 8, 0, 9, 0, 'IMAGE'],
  ],
  groups: [],
  config: {},
  extra: {},
  version: 0.4,
};

describe('ComfyUI API-format prompt', () => {
  it('reads the default graph: KSampler values and both prompts', () => {
    const reading = recipeFromComfyUI({ prompt: JSON.stringify(DEFAULT_PROMPT) });
    expect(reading?.params).toEqual({
      seed: 156680208700286,
      steps: 20,
      guidanceScale: 8,
      scheduler: 'K_EULER',
      prompt: 'beautiful scenery nature glass bottle landscape, , purple galaxy bottle,',
      negativePrompt: 'text, watermark',
    });
    expect(reading?.notMapped).toEqual([
      'Size 512x512 is taken from the sketch, not set',
      'The image was made from an empty latent (text alone): prompt strength is not set',
      "Model 'v1-5-pruned-emaonly.safetensors' is not set: Redraw runs the model version chosen in Settings",
    ]);
  });

  it('reads img2img denoise as prompt strength, through a ControlNet node, noting LoRA and schedule', () => {
    const reading = recipeFromComfyUI({ prompt: JSON.stringify(IMG2IMG_PROMPT) });
    expect(reading?.params).toEqual({ seed: 42, steps: 30, guidanceScale: 6.5, scheduler: 'DPMSolverMultistep', promptStrength: 0.65, prompt: 'ink drawing of a fox', negativePrompt: 'photo' });
    expect(reading?.notMapped).toEqual([
      "Schedule 'karras' is not available: DPMSolverMultistep runs with its default schedule",
      "ControlNet ('ControlNetApplyAdvanced') is not applied",
      "LoRA 'ink_style.safetensors' is not applied",
      "Model 'dreamshaper_8.safetensors' is not set: Redraw runs the model version chosen in Settings",
    ]);
  });

  it('reads the first pass of a two-sampler (hires) graph, whatever the node order', () => {
    const hires = {
      ...DEFAULT_PROMPT,
      '1': { inputs: { upscale_method: 'nearest-exact', scale_by: 1.5, samples: ['3', 0] }, class_type: 'LatentUpscaleBy' },
      '2': { inputs: { seed: 7, steps: 12, cfg: 8, sampler_name: 'dpmpp_sde', scheduler: 'karras', denoise: 0.5, model: ['4', 0], positive: ['6', 0], negative: ['7', 0], latent_image: ['1', 0] }, class_type: 'KSampler' },
    };
    const reading = recipeFromComfyUI({ prompt: JSON.stringify(hires) });
    expect(reading?.params.seed).toBe(156680208700286);
    expect(reading?.notMapped[0]).toBe('The graph has 2 samplers: node 3 (the first pass) was read');
  });

  it('reads KSamplerAdvanced: noise_seed, and strength from start_at_step', () => {
    const advanced = {
      ...IMG2IMG_PROMPT,
      '9': {
        inputs: { add_noise: 'enable', noise_seed: 99, steps: 40, cfg: 7, sampler_name: 'euler_ancestral', scheduler: 'normal', start_at_step: 10, end_at_step: 10000, return_with_leftover_noise: 'disable', model: ['1', 0], positive: ['3', 0], negative: ['4', 0], latent_image: ['6', 0] },
        class_type: 'KSamplerAdvanced',
      },
    };
    const reading = recipeFromComfyUI({ prompt: JSON.stringify(advanced) });
    expect(reading?.params).toEqual({ seed: 99, steps: 40, guidanceScale: 7, scheduler: 'K_EULER_ANCESTRAL', promptStrength: 0.75, prompt: 'ink drawing of a fox', negativePrompt: 'photo' });
  });

  it('follows combined prompts and text fed from another node, and says what it cannot follow', () => {
    const graph = {
      ...DEFAULT_PROMPT,
      '6': { inputs: { text: ['20', 0], clip: ['4', 1] }, class_type: 'CLIPTextEncode' },
      '20': { inputs: { string: 'a lighthouse in a storm' }, class_type: 'String Literal' },
      '21': { inputs: { conditioning_1: ['6', 0], conditioning_2: ['7', 0] }, class_type: 'ConditioningCombine' },
      '22': { inputs: { conditioning: ['23', 0], clip: ['4', 1] }, class_type: 'MysteryConditioning' },
      '3': { ...DEFAULT_PROMPT['3'], inputs: { ...DEFAULT_PROMPT['3'].inputs, positive: ['21', 0], negative: ['24', 0] } },
      '24': { inputs: { clip: ['4', 1], style: 'x' }, class_type: 'StyleModelApply' },
    };
    const reading = recipeFromComfyUI({ prompt: JSON.stringify(graph) });
    expect(reading?.params.prompt).toBe('a lighthouse in a storm');
    expect(reading?.params.negativePrompt).toBeUndefined();
    expect(reading?.notMapped).toContain("The positive prompt combines several prompts ('ConditioningCombine'): only the first was read");
    expect(reading?.notMapped).toContain("The negative prompt comes through a 'StyleModelApply' node that Redraw cannot follow");
  });

  it('survives cycles and links to missing nodes', () => {
    const cyclic = {
      '3': { inputs: { seed: 1, steps: 5, cfg: 4, sampler_name: 'ddim', scheduler: 'ddim_uniform', denoise: 0.4, positive: ['30', 0], negative: ['99', 0], latent_image: ['31', 0] }, class_type: 'KSampler' },
      '30': { inputs: { conditioning: ['31', 0] }, class_type: 'ConditioningSetArea' },
      '31': { inputs: { conditioning: ['30', 0] }, class_type: 'ConditioningSetArea' },
    };
    const reading = recipeFromComfyUI({ prompt: JSON.stringify(cyclic) });
    expect(reading?.params).toEqual({ seed: 1, steps: 5, guidanceScale: 4, scheduler: 'DDIM', promptStrength: 0.4 });
    expect(reading?.notMapped).toEqual(["The positive prompt comes through a 'ConditioningSetArea' node that Redraw cannot follow", 'No negative prompt was found']);
  });

  it('says so when the graph has no KSampler, and returns null for what is not ComfyUI JSON', () => {
    const custom = { '1': { inputs: { noise: ['2', 0] }, class_type: 'SamplerCustomAdvanced' } };
    expect(recipeFromComfyUI({ prompt: JSON.stringify(custom) })).toEqual({
      params: {},
      notMapped: ["This ComfyUI graph could not be read: its sampler ('SamplerCustomAdvanced') is not a KSampler, which is all Redraw reads"],
    });
    expect(recipeFromComfyUI({ prompt: 'not json' })).toBeNull();
    expect(recipeFromComfyUI({ prompt: '[1,2,3]' })).toBeNull();
    expect(recipeFromComfyUI({ prompt: '{"1": "not a node"}' })).toBeNull();
    expect(recipeFromComfyUI({})).toBeNull();
  });
});

describe('ComfyUI UI-format workflow', () => {
  it('reads the default workflow (0.4, tuple links, seed control value) like its prompt', () => {
    const fromWorkflow = recipeFromComfyUI({ workflow: JSON.stringify(DEFAULT_WORKFLOW_04) });
    const fromPrompt = recipeFromComfyUI({ prompt: JSON.stringify(DEFAULT_PROMPT) });
    expect(fromWorkflow).toEqual(fromPrompt);
  });

  it('reads 1.0 link objects, and widgets without the seed control value', () => {
    const v1 = {
      ...DEFAULT_WORKFLOW_04,
      version: 1,
      state: { lastNodeId: 9, lastLinkId: 9 },
      links: DEFAULT_WORKFLOW_04.links.map(([id, origin, originSlot, target, targetSlot, type]) => ({ id, origin_id: origin, origin_slot: originSlot, target_id: target, target_slot: targetSlot, type })),
      nodes: DEFAULT_WORKFLOW_04.nodes.map((n) => (n.type === 'KSampler' ? { ...n, widgets_values: [5, 25, 7.5, 'lms', 'normal', 0.7] } : n)),
    };
    const graph = graphFromWorkflow(JSON.stringify(v1));
    expect(graph?.get('3')?.inputs).toMatchObject({ seed: 5, steps: 25, cfg: 7.5, sampler_name: 'lms', scheduler: 'normal', denoise: 0.7, positive: ['6', 0] });
    const reading = recipeFromComfyUI({ workflow: JSON.stringify(v1) });
    expect(reading?.params).toMatchObject({ seed: 5, steps: 25, guidanceScale: 7.5, scheduler: 'KLMS', prompt: 'beautiful scenery nature glass bottle landscape, , purple galaxy bottle,', negativePrompt: 'text, watermark' });
  });

  it('prefers the API prompt, falling back to the workflow when the prompt has no sampler', () => {
    const prompt = JSON.stringify({ '1': { inputs: {}, class_type: 'SaveImage' } });
    const reading = recipeFromComfyUI({ prompt, workflow: JSON.stringify(DEFAULT_WORKFLOW_04) });
    expect(reading?.params.steps).toBe(20);
  });
});

describe('ComfyUI sampler names', () => {
  it('map to Redraw schedulers, noting non-default schedules', () => {
    expect(schedulerFromComfy('dpmpp_2m', 'normal')).toEqual({ scheduler: 'DPMSolverMultistep', notes: [] });
    expect(schedulerFromComfy('euler_ancestral', 'simple')).toEqual({ scheduler: 'K_EULER_ANCESTRAL', notes: [] });
    expect(schedulerFromComfy('ddim', 'ddim_uniform')).toEqual({ scheduler: 'DDIM', notes: [] });
    expect(schedulerFromComfy('uni_pc', 'normal')).toEqual({ scheduler: null, notes: ["Sampler 'uni_pc' has no Redraw equivalent"] });
  });
});
