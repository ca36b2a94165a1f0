import { z } from 'zod';
import type { RawParams, RecipeReading } from './fit-params';
import { schedulerFromInvokeAI } from './sampler-names';

/**
 * A recipe from InvokeAI's `invokeai_metadata` text (InvokeAI 3+: the CoreMetadata invocation's
 * fields, saved by Pillow's add_text, so tEXt, or iTXt when the prompt is not Latin-1).
 * InvokeAI runs diffusers schedulers, the same ones Replicate's model uses, so its names map
 * one to one (plus a `_k` suffix for Karras sigmas).
 */

/** v3 wrote `{model_name, base_model}`, v4+ `{key, hash, name, base, type}`. */
const modelSchema = z.union([z.object({ name: z.string() }).transform((m) => m.name), z.object({ model_name: z.string() }).transform((m) => m.model_name)]);
const loraSchema = z.object({ model: z.union([z.object({ name: z.string() }), z.object({ model_name: z.string() })]).optional(), lora: z.object({ model_name: z.string() }).optional() });

const metadataSchema = z.record(z.string(), z.unknown());

/** One field, checked with its schema; present but of the wrong type is noted rather than guessed. */
function field<T>(data: Record<string, unknown>, key: string, schema: z.ZodType<T>, notes: string[]): T | undefined {
  if (!(key in data) || data[key] === null) return undefined;
  const parsed = schema.safeParse(data[key]);
  if (!parsed.success) notes.push(`InvokeAI's ${key} could not be read`);
  return parsed.success ? parsed.data : undefined;
}

function loraName(value: unknown): string | null {
  const parsed = loraSchema.safeParse(value);
  if (!parsed.success) return null;
  const model = parsed.data.model;
  if (model !== undefined) return 'name' in model ? model.name : model.model_name;
  return parsed.data.lora?.model_name ?? null;
}

/** Null when the text is not an InvokeAI metadata object. */
export function recipeFromInvokeAI(text: string): RecipeReading | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = metadataSchema.safeParse(json);
  if (!parsed.success) return null;
  const data = parsed.data;
  const notes: string[] = [];
  const params: RawParams = {};

  const prompt = field(data, 'positive_prompt', z.string(), notes);
  if (prompt !== undefined) params.prompt = prompt;
  const negative = field(data, 'negative_prompt', z.string(), notes);
  if (negative !== undefined) params.negativePrompt = negative;
  const seed = field(data, 'seed', z.number(), notes);
  if (seed !== undefined) params.seed = seed;
  const steps = field(data, 'steps', z.number(), notes);
  if (steps !== undefined) params.steps = steps;
  const cfg = field(data, 'cfg_scale', z.number(), notes);
  if (cfg !== undefined) params.guidanceScale = cfg;

  const scheduler = field(data, 'scheduler', z.string(), notes);
  if (scheduler !== undefined) {
    const mapped = schedulerFromInvokeAI(scheduler);
    if (mapped.scheduler !== null) params.scheduler = mapped.scheduler;
    notes.push(...mapped.notes);
  }

  const mode = field(data, 'generation_mode', z.string(), notes);
  const strength = field(data, 'strength', z.number(), notes);
  if (strength !== undefined) params.promptStrength = strength;
  else if (mode !== undefined && mode.endsWith('txt2img')) notes.push('The image was made from text alone (txt2img): prompt strength is not set');

  const width = field(data, 'width', z.number(), notes);
  const height = field(data, 'height', z.number(), notes);
  if (width !== undefined && height !== undefined) notes.push(`Size ${width}x${height} is taken from the sketch, not set`);

  const model = field(data, 'model', modelSchema, notes);
  if (model !== undefined) notes.push(`Model '${model}' is not set: Redraw runs the model version chosen in Settings`);
  const loras = field(data, 'loras', z.array(z.unknown()), notes) ?? [];
  for (const lora of loras) notes.push(`LoRA '${loraName(lora) ?? 'unnamed'}' is not applied`);
  for (const key of ['controlnets', 'ipAdapters', 't2iAdapters']) {
    const list = field(data, key, z.array(z.unknown()), notes) ?? [];
    if (list.length > 0) notes.push(`${key} (${list.length}) are not applied`);
  }
  if (field(data, 'hrf_enabled', z.boolean(), notes) === true) notes.push('High resolution fix is not part of Redraw');
  for (const key of ['positive_style_prompt', 'negative_style_prompt']) {
    const style = field(data, key, z.string(), notes);
    if (style !== undefined && style !== '' && style !== (key.startsWith('positive') ? prompt : negative)) notes.push(`SDXL ${key.replaceAll('_', ' ')} is not used`);
  }
  if (field(data, 'refiner_model', z.unknown(), notes) !== undefined) notes.push('The SDXL refiner pass is not part of Redraw');
  return { params, notMapped: notes };
}
