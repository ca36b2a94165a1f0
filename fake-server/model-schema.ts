/**
 * The one model the fake knows, with the OpenAPI schema Cog publishes for it. The same schema
 * drives input validation (validate-input.ts), so what the version endpoint advertises and
 * what creates accept can never drift apart.
 */

export type JsonSchema = {
  type?: 'object' | 'array' | 'string' | 'integer' | 'number' | 'boolean';
  title?: string;
  description?: string;
  default?: unknown;
  format?: 'uri';
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
  additionalProperties?: boolean;
  items?: JsonSchema;
  allOf?: readonly JsonSchema[];
  $ref?: string;
  'x-order'?: number;
};

export const MODEL_OWNER = 'stability-ai';
export const MODEL_NAME = 'stable-diffusion-img2img';
export const MODEL = `${MODEL_OWNER}/${MODEL_NAME}`;
export const VERSION_ID = '15a3689ee13b0d2616e98820eca31d4c3abcd36672df6afce5cb6feb1d66087d';
const VERSION_CREATED_AT = '2022-11-21T19:08:49.318394Z';
const COG_VERSION = '0.8.6';

export const SCHEDULERS = ['DDIM', 'K_EULER', 'DPMSolverMultistep', 'K_EULER_ANCESTRAL', 'PNDM', 'KLMS'] as const;

export const DEFAULT_PROMPT = 'A fantasy landscape, trending on artstation';
export const DEFAULT_STEPS = 25;
export const DEFAULT_NUM_OUTPUTS = 1;

/** components.schemas, as Cog writes them: enums are separate schemas reached through allOf/$ref. */
export const COMPONENT_SCHEMAS: Record<string, JsonSchema> = {
  Input: {
    type: 'object',
    title: 'Input',
    required: ['image'],
    properties: {
      prompt: { type: 'string', title: 'Prompt', default: DEFAULT_PROMPT, 'x-order': 0, description: 'Input prompt' },
      negative_prompt: {
        type: 'string',
        title: 'Negative Prompt',
        'x-order': 1,
        description: 'The prompt NOT to guide the image generation. Ignored when not using guidance',
      },
      image: {
        type: 'string',
        title: 'Image',
        format: 'uri',
        'x-order': 2,
        description: 'Inital image to generate variations of.',
      },
      prompt_strength: {
        type: 'number',
        title: 'Prompt Strength',
        default: 0.8,
        minimum: 0,
        maximum: 1,
        'x-order': 3,
        description:
          'Prompt strength when providing the image. 1.0 corresponds to full destruction of information in init image',
      },
      num_outputs: {
        type: 'integer',
        title: 'Num Outputs',
        default: DEFAULT_NUM_OUTPUTS,
        minimum: 1,
        maximum: 8,
        'x-order': 4,
        description: 'Number of images to output. Higher number of outputs may OOM.',
      },
      num_inference_steps: {
        type: 'integer',
        title: 'Num Inference Steps',
        default: DEFAULT_STEPS,
        minimum: 1,
        maximum: 500,
        'x-order': 5,
        description: 'Number of denoising steps',
      },
      guidance_scale: {
        type: 'number',
        title: 'Guidance Scale',
        default: 7.5,
        minimum: 1,
        maximum: 20,
        'x-order': 6,
        description: 'Scale for classifier-free guidance',
      },
      scheduler: {
        allOf: [{ $ref: '#/components/schemas/scheduler' }],
        default: 'DPMSolverMultistep',
        'x-order': 7,
        description: 'Choose a scheduler.',
      },
      seed: { type: 'integer', title: 'Seed', 'x-order': 8, description: 'Random seed. Leave blank to randomize the seed' },
    },
  },
  scheduler: { type: 'string', title: 'scheduler', enum: SCHEDULERS, description: 'An enumeration.' },
  Output: { type: 'array', title: 'Output', items: { type: 'string', format: 'uri' } },
};

/** The JSON of GET /v1/models/{owner}/{name}/versions/{id}. */
export function versionJson(): Record<string, unknown> {
  return {
    id: VERSION_ID,
    created_at: VERSION_CREATED_AT,
    cog_version: COG_VERSION,
    openapi_schema: {
      openapi: '3.0.2',
      info: { title: 'Cog', version: '0.1.0' },
      components: { schemas: COMPONENT_SCHEMAS },
    },
  };
}

export type ResolvedVersion = { model: string; version: string };

/**
 * Accepts the three spellings Replicate accepts: the 64-hex id, `owner/name:<id>`, and
 * `owner/name` (which Replicate only allows for official models; here, only the known model).
 */
export function resolveVersion(spec: string): ResolvedVersion | null {
  const known: ResolvedVersion = { model: MODEL, version: VERSION_ID };
  if (spec === VERSION_ID || spec === MODEL || spec === `${MODEL}:${VERSION_ID}`) return known;
  return null;
}

export function isKnownVersionPath(owner: string, name: string, id: string): boolean {
  return owner === MODEL_OWNER && name === MODEL_NAME && id === VERSION_ID;
}
