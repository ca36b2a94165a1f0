import { z } from 'zod';

/**
 * The parameters of stability-ai/stable-diffusion-img2img, as an artist sets them.
 * Ranges mirror the model's own schema so a value the server would refuse cannot be submitted;
 * main parses the same schema again before any request goes out.
 */
export const SCHEDULERS = [
  'DDIM',
  'K_EULER',
  'DPMSolverMultistep',
  'K_EULER_ANCESTRAL',
  'PNDM',
  'KLMS',
] as const;
export const schedulerSchema = z.enum(SCHEDULERS);
export type Scheduler = z.infer<typeof schedulerSchema>;

export const PARAM_LIMITS = {
  numOutputs: { min: 1, max: 8 },
  guidanceScale: { min: 1, max: 20 },
  promptStrength: { min: 0, max: 1 },
  steps: { min: 1, max: 500 },
  // The model takes a 32-bit seed; larger numbers would be refused server-side.
  seed: { min: 0, max: 4294967295 },
} as const;

export const generationParamsSchema = z.object({
  prompt: z.string().max(10_000, 'Prompt is too long (10,000 characters at most)'),
  negativePrompt: z.string().max(10_000, 'Negative prompt is too long (10,000 characters at most)'),
  scheduler: schedulerSchema,
  numOutputs: z
    .number()
    .int('Number of outputs must be a whole number')
    .min(PARAM_LIMITS.numOutputs.min, 'Number of outputs must be at least 1')
    .max(PARAM_LIMITS.numOutputs.max, 'Number of outputs must be at most 8'),
  guidanceScale: z
    .number()
    .finite()
    .min(PARAM_LIMITS.guidanceScale.min, 'Guidance scale must be at least 1')
    .max(PARAM_LIMITS.guidanceScale.max, 'Guidance scale must be at most 20'),
  promptStrength: z
    .number()
    .finite()
    .min(PARAM_LIMITS.promptStrength.min, 'Prompt strength must be at least 0')
    .max(PARAM_LIMITS.promptStrength.max, 'Prompt strength must be at most 1'),
  steps: z
    .number()
    .int('Steps must be a whole number')
    .min(PARAM_LIMITS.steps.min, 'Steps must be at least 1')
    .max(PARAM_LIMITS.steps.max, 'Steps must be at most 500'),
  /** null = a random seed chosen by the server. */
  seed: z
    .number()
    .int('Seed must be a whole number')
    .min(PARAM_LIMITS.seed.min, 'Seed must be 0 or more')
    .max(PARAM_LIMITS.seed.max, 'Seed must be at most 4294967295')
    .nullable(),
});
export type GenerationParams = z.infer<typeof generationParamsSchema>;

/** Defaults from the seed request (replicate-img2img-create-task.txt). */
export const DEFAULT_PARAMS: GenerationParams = {
  prompt: 'A fantasy landscape, trending on artstation',
  negativePrompt: '',
  scheduler: 'DPMSolverMultistep',
  numOutputs: 1,
  guidanceScale: 7.5,
  promptStrength: 0.8,
  steps: 25,
  seed: null,
};

/** The names the model itself uses for each parameter, so 422 `invalid_fields` map back to a control. */
export const MODEL_INPUT_NAMES = {
  prompt: 'prompt',
  negativePrompt: 'negative_prompt',
  scheduler: 'scheduler',
  numOutputs: 'num_outputs',
  guidanceScale: 'guidance_scale',
  promptStrength: 'prompt_strength',
  steps: 'num_inference_steps',
  seed: 'seed',
} as const satisfies Record<keyof GenerationParams, string>;

export type ParamName = keyof GenerationParams;

/** `input.num_outputs` (or `num_outputs`) -> `numOutputs`; undefined for fields we have no control for. */
export function paramNameForModelField(field: string): ParamName | undefined {
  const bare = field.startsWith('input.') ? field.slice('input.'.length) : field;
  const entry = Object.entries(MODEL_INPUT_NAMES).find(([, modelName]) => modelName === bare);
  return entry ? (entry[0] as ParamName) : undefined;
}

/** The JSON `input` object the model receives. Empty negative prompt and random seed are omitted. */
export function toModelInput(params: GenerationParams, image: string): Record<string, unknown> {
  const input: Record<string, unknown> = {
    image,
    prompt: params.prompt,
    scheduler: params.scheduler,
    num_outputs: params.numOutputs,
    guidance_scale: params.guidanceScale,
    prompt_strength: params.promptStrength,
    num_inference_steps: params.steps,
  };
  if (params.negativePrompt.trim() !== '') input.negative_prompt = params.negativePrompt;
  if (params.seed !== null) input.seed = params.seed;
  return input;
}
