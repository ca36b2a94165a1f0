import { describe, expect, it } from 'vitest';
import { recipeFromInvokeAI } from './invokeai-recipe';
import { schedulerFromInvokeAI } from './sampler-names';

/** InvokeAI 5 img2img metadata as CoreMetadataInvocation dumps it (pydantic's compact JSON). */
const INVOKE_V5_IMG2IMG = JSON.stringify({
  app_version: '5.6.0',
  generation_mode: 'img2img',
  positive_prompt: 'a watercolor lighthouse, 灯台',
  negative_prompt: 'blurry',
  width: 512,
  height: 768,
  seed: 3141592653,
  rand_device: 'cpu',
  cfg_scale: 7.5,
  cfg_rescale_multiplier: 0,
  steps: 30,
  scheduler: 'dpmpp_2m_k',
  seamless_x: false,
  seamless_y: false,
  model: { key: '9e1c7a6e-0d4b-4a59-9d5d-6b1f1e2b3c4d', hash: 'blake3:0f3c', name: 'Dreamshaper 8', base: 'sd-1', type: 'main' },
  loras: [{ model: { key: 'k', hash: 'h', name: 'ink style', base: 'sd-1', type: 'lora' }, weight: 0.75 }],
  controlnets: [],
  ipAdapters: [],
  t2iAdapters: [],
  strength: 0.6,
  init_image: '7c1f0c2e.png',
});

/** InvokeAI 3.3 txt2img metadata (model as {model_name, base_model, model_type}). */
const INVOKE_V3_TXT2IMG =
  '{"app_version": "3.3.0post3", "generation_mode": "txt2img", "positive_prompt": "landscape", "negative_prompt": "low quality", "width": 768, "height": 432, "seed": 356120443, "rand_device": "cpu", "cfg_scale": 7.5, "steps": 50, "scheduler": "euler_a", "clip_skip": 0, "model": {"model_name": "amixx_3Prunedfp16", "base_model": "sd-1", "model_type": "main"}, "controlnets": [], "ipAdapters": [], "t2iAdapters": [], "loras": [{"lora": {"model_name": "film grain", "base_model": "sd-1"}, "weight": 0.5}], "vae": {"model_name": "sd-vae-ft-mse", "base_model": "sd-1"}}';

describe('InvokeAI metadata', () => {
  it('reads v5 img2img metadata, with strength and a Karras scheduler noted', () => {
    const reading = recipeFromInvokeAI(INVOKE_V5_IMG2IMG);
    expect(reading?.params).toEqual({
      prompt: 'a watercolor lighthouse, 灯台',
      negativePrompt: 'blurry',
      seed: 3141592653,
      steps: 30,
      guidanceScale: 7.5,
      scheduler: 'DPMSolverMultistep',
      promptStrength: 0.6,
    });
    expect(reading?.notMapped).toEqual([
      "Schedule 'Karras' is not available: DPMSolverMultistep runs with its default schedule",
      'Size 512x768 is taken from the sketch, not set',
      "Model 'Dreamshaper 8' is not set: Redraw runs the model version chosen in Settings",
      "LoRA 'ink style' is not applied",
    ]);
  });

  it('reads v3 txt2img metadata: no strength, v3 model and LoRA shapes', () => {
    const reading = recipeFromInvokeAI(INVOKE_V3_TXT2IMG);
    expect(reading?.params).toEqual({ prompt: 'landscape', negativePrompt: 'low quality', seed: 356120443, steps: 50, guidanceScale: 7.5, scheduler: 'K_EULER_ANCESTRAL' });
    expect(reading?.notMapped).toEqual([
      'The image was made from text alone (txt2img): prompt strength is not set',
      'Size 768x432 is taken from the sketch, not set',
      "Model 'amixx_3Prunedfp16' is not set: Redraw runs the model version chosen in Settings",
      "LoRA 'film grain' is not applied",
    ]);
  });

  it('notes fields of the wrong type and unmapped schedulers instead of guessing', () => {
    const reading = recipeFromInvokeAI(JSON.stringify({ positive_prompt: 'x', seed: 'forty-two', cfg_scale: [7, 5], scheduler: 'unipc', controlnets: [{}], hrf_enabled: true }));
    expect(reading?.params).toEqual({ prompt: 'x' });
    expect(reading?.notMapped).toEqual([
      "InvokeAI's seed could not be read",
      "InvokeAI's cfg_scale could not be read",
      "Scheduler 'unipc' has no Redraw equivalent",
      'controlnets (1) are not applied',
      'High resolution fix is not part of Redraw',
    ]);
  });

  it('returns null for text that is not a JSON object', () => {
    expect(recipeFromInvokeAI('not json')).toBeNull();
    expect(recipeFromInvokeAI('[1, 2]')).toBeNull();
    expect(recipeFromInvokeAI('"a string"')).toBeNull();
  });

  it('maps InvokeAI scheduler names, old and new', () => {
    expect(['ddim', 'pndm', 'lms', 'euler', 'euler_a', 'dpmpp_2m'].map((n) => schedulerFromInvokeAI(n).scheduler)).toEqual(['DDIM', 'PNDM', 'KLMS', 'K_EULER', 'K_EULER_ANCESTRAL', 'DPMSolverMultistep']);
    expect(['plms', 'k_lms', 'k_euler', 'k_euler_a', 'k_dpmpp_2'].map((n) => schedulerFromInvokeAI(n).scheduler)).toEqual(['PNDM', 'KLMS', 'K_EULER', 'K_EULER_ANCESTRAL', 'DPMSolverMultistep']);
    expect(schedulerFromInvokeAI('euler_k').notes).toHaveLength(1);
    expect(schedulerFromInvokeAI('dpmpp_sde_k')).toEqual({ scheduler: null, notes: ["Scheduler 'dpmpp_sde_k' has no Redraw equivalent"] });
  });
});
