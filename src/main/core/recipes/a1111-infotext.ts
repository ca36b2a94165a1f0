import type { Scheduler } from '../../../shared/model-input';
import type { RawParams, RecipeReading } from './fit-params';
import { A1111_SAMPLER, schedulerFromA1111 } from './sampler-names';

/**
 * AUTOMATIC1111's "infotext", the `parameters` PNG text most tools (Civitai, ComfyUI readers,
 * image browsers) understand. Written and parsed as stable-diffusion-webui does it:
 * modules/processing.py `create_infotext` and modules/infotext_utils.py (formerly
 * generation_parameters_copypaste.py) `quote`, `unquote` and `parse_generation_parameters`.
 */

export type InfotextFields = {
  prompt: string;
  negativePrompt: string;
  steps: number;
  scheduler: Scheduler;
  guidanceScale: number;
  /** null when the seed is unknown (a random seed the model did not report): the key is left out. */
  seed: number | null;
  width: number;
  height: number;
  /** The model's name; null leaves the key out. */
  model: string | null;
  promptStrength: number;
};

/**
 * Python's repr of a float, as A1111 prints values: exponent form below 1e-4 (`1e-05`), else
 * the shortest round-trip digits, which JavaScript's String gives too. Whole numbers are written
 * without `.0`, as A1111 writes the values its UI sends (`CFG scale: 7`).
 */
function pythonNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) return String(value);
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** infotext_utils.quote: a value with a comma, newline or colon is written as a JSON string. */
export function quote(value: string): string {
  return /[,\n:]/.test(value) ? JSON.stringify(value) : value;
}

/** infotext_utils.unquote: a "…" value is read as JSON; one that is not valid JSON stays as written. */
export function unquote(value: string): string {
  if (value.length === 0 || !value.startsWith('"') || !value.endsWith('"')) return value;
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'string' ? parsed : value;
  } catch {
    return value;
  }
}

/**
 * create_infotext: the prompt, a `Negative prompt:` line when there is one, then `Key: value`
 * pairs in A1111's order (Steps, Sampler, CFG scale, Seed, Size, Model, Denoising strength),
 * keys whose value is unknown left out, the whole stripped.
 */
export function formatInfotext(fields: InfotextFields): string {
  const pairs: [string, string | null][] = [
    ['Steps', pythonNumber(fields.steps)],
    ['Sampler', A1111_SAMPLER[fields.scheduler]],
    ['CFG scale', pythonNumber(fields.guidanceScale)],
    ['Seed', fields.seed === null ? null : pythonNumber(fields.seed)],
    ['Size', `${fields.width}x${fields.height}`],
    ['Model', fields.model],
    ['Denoising strength', pythonNumber(fields.promptStrength)],
  ];
  // A1111 writes a key alone when its value equals it; none of ours do, but the rule is kept.
  const line = pairs
    .filter((pair): pair is [string, string] => pair[1] !== null)
    .map(([key, value]) => (key === value ? key : `${key}: ${quote(value)}`))
    .join(', ');
  // Like toModelInput, a blank negative prompt is no negative prompt: it was not sent either.
  const negative = fields.negativePrompt.trim() !== '' ? `\nNegative prompt: ${fields.negativePrompt}` : '';
  return `${fields.prompt}${negative}\n${line}`.trim();
}

/** re_param: `Key: value` with a JSON-quoted or comma-free value. Python's \w is Unicode. */
const PARAM_RE = /\s*([\p{L}\p{N}_][\p{L}\p{N}_ \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)/gu;

export type Infotext = { prompt: string; negativePrompt: string; fields: Map<string, string> };

/** parse_generation_parameters, without A1111's own defaults and style extraction. */
export function parseInfotext(text: string): Infotext {
  const lines = text.trim().split('\n');
  let last = lines.pop() ?? '';
  // A last line with fewer than three `Key: value` pairs is still part of the prompt.
  if ([...last.matchAll(PARAM_RE)].length < 3) {
    lines.push(last);
    last = '';
  }
  let prompt = '';
  let negativePrompt = '';
  let inNegative = false;
  for (const raw of lines) {
    let line = raw.trim();
    if (line.startsWith('Negative prompt:')) {
      inNegative = true;
      line = line.slice('Negative prompt:'.length).trim();
    }
    if (inNegative) negativePrompt += (negativePrompt === '' ? '' : '\n') + line;
    else prompt += (prompt === '' ? '' : '\n') + line;
  }
  const fields = new Map<string, string>();
  for (const match of last.matchAll(PARAM_RE)) {
    const key = match[1];
    const value = match[2];
    // A1111 skips an empty value (its v[0] raises and the pair is dropped).
    if (key === undefined || value === undefined || value === '') continue;
    fields.set(key, unquote(value));
  }
  return { prompt, negativePrompt, fields };
}

/** Keys that only describe the file or the machine: nothing to tell the artist about them. */
const QUIET_KEYS = new Set(['Model hash', 'VAE hash', 'Version', 'Lora hashes', 'TI hashes', 'Hashes', 'Schedule type', 'RNG', 'ENSD', 'Eta', 'User', 'Init image hash']);
const HIRES_KEY = /^(Hires |First pass size)/;

function number(take: (key: string) => string | undefined, key: string, notes: string[]): number | undefined {
  const raw = take(key);
  if (raw === undefined) return undefined;
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) {
    notes.push(`${key} '${raw}' is not a number: not set`);
    return undefined;
  }
  return value;
}

function loraNames(prompt: string): string[] {
  return [...prompt.matchAll(/<(?:lora|lyco):([^:>]+)[^>]*>/gi)].map((m) => m[1] ?? '').filter((n) => n !== '');
}

/** Redraw's values from an infotext, and notes on everything that does not carry over. */
export function recipeFromInfotext(text: string): RecipeReading {
  const { prompt, negativePrompt, fields } = parseInfotext(text);
  const notes: string[] = [];
  const params: RawParams = { prompt, negativePrompt };
  const handled = new Set<string>();
  const take = (key: string): string | undefined => {
    handled.add(key);
    return fields.get(key);
  };

  const steps = number(take, 'Steps', notes);
  if (steps !== undefined) params.steps = steps;
  const guidance = number(take, 'CFG scale', notes);
  if (guidance !== undefined) params.guidanceScale = guidance;
  const seed = number(take, 'Seed', notes);
  if (seed !== undefined) params.seed = seed;

  const sampler = take('Sampler');
  if (sampler !== undefined) {
    const mapped = schedulerFromA1111(sampler, take('Schedule type'));
    if (mapped.scheduler !== null) params.scheduler = mapped.scheduler;
    notes.push(...mapped.notes);
  }

  const size = take('Size');
  if (size !== undefined) notes.push(`Size ${size} is taken from the sketch, not set`);

  const model = take('Model');
  const hash = take('Model hash');
  if (model !== undefined || hash !== undefined) {
    notes.push(`Model '${model ?? hash}' is not set: Redraw runs the model version chosen in Settings`);
  }

  const hires = [...fields.keys()].filter((k) => HIRES_KEY.test(k));
  hires.forEach((k) => handled.add(k));
  const strength = number(take, 'Denoising strength', notes);
  if (strength !== undefined && hires.length > 0) {
    notes.push(`Denoising strength ${strength} belongs to the hires fix pass: prompt strength is not set`);
  } else if (strength !== undefined) {
    params.promptStrength = strength;
  } else if (fields.size > 0) {
    notes.push('No denoising strength (the image was made from text alone): prompt strength is not set');
  }
  if (hires.length > 0) notes.push('Hires fix (a second, upscaling pass) is not part of Redraw');

  for (const key of ['Variation seed', 'Variation seed strength']) take(key);
  if (fields.has('Variation seed')) notes.push(`Variation seed ${fields.get('Variation seed') ?? ''} is not supported: only the main seed is used`);

  const clipSkip = take('Clip skip');
  if (clipSkip !== undefined && clipSkip.trim() !== '1') notes.push(`Clip skip ${clipSkip} is not available`);

  for (const name of loraNames(`${prompt}\n${negativePrompt}`)) {
    notes.push(`LoRA '${name}' is not applied: its tag stays in the prompt as plain text`);
  }

  const others = [...fields.keys()].filter((k) => !handled.has(k) && !QUIET_KEYS.has(k));
  if (others.length > 0) notes.push(`Also not used: ${others.join(', ')}`);
  return { params, notMapped: notes };
}
