import type { RawParams, RecipeReading } from './fit-params';
import { graphFromPrompt, graphFromWorkflow, linkedNode, linkSchema, type Graph, type GraphNode } from './comfyui-graph';
import { schedulerFromComfy } from './sampler-names';

/**
 * A recipe from ComfyUI's PNG metadata (SaveImage writes `prompt`, the API-format graph, and
 * `workflow`, the UI graph, both as tEXt JSON). The KSampler gives seed, steps, cfg, sampler and
 * denoise; its `positive` and `negative` links lead to the CLIPTextEncode nodes with the text.
 */

const SAMPLERS = new Set(['KSampler', 'KSamplerAdvanced']);
/** Graphs are small; a bound keeps a hostile one (cycles, thousands of nodes) cheap. */
const MAX_DEPTH = 32;
const MAX_VISITS = 2000;

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A literal, or the value of the primitive/seed node it is linked to. */
function literal(graph: Graph, value: unknown, keys: string[]): unknown {
  const node = linkedNode(graph, value);
  if (node === null) return value;
  for (const key of [...keys, 'value', '#0']) {
    const found = node.inputs[key];
    if (found !== undefined && !linkSchema.safeParse(found).success) return found;
  }
  return undefined;
}

function readNumber(graph: Graph, node: GraphNode, key: string): number | null {
  return numberOrNull(literal(graph, node.inputs[key], [key, 'seed', 'int', 'float', 'number']));
}

function readString(graph: Graph, value: unknown): string | null {
  const found = literal(graph, value, ['text', 'string', 'prompt', 'text_g']);
  return typeof found === 'string' ? found : null;
}

/** Every node upstream of `start` (through any linked input). */
function upstream(graph: Graph, start: GraphNode): Set<string> {
  const seen = new Set<string>();
  const queue: GraphNode[] = [start];
  while (queue.length > 0 && seen.size < MAX_VISITS) {
    const node = queue.shift();
    if (node === undefined) break;
    for (const value of Object.values(node.inputs)) {
      const next = linkedNode(graph, value);
      if (next !== null && !seen.has(next.id)) {
        seen.add(next.id);
        queue.push(next);
      }
    }
  }
  return seen;
}

/** The first pass: the sampler with no other sampler upstream (a hires pass feeds on another). */
function firstSampler(graph: Graph, samplers: GraphNode[]): GraphNode | undefined {
  const ids = new Set(samplers.map((s) => s.id));
  const roots = samplers.filter((s) => ![...upstream(graph, s)].some((id) => ids.has(id)));
  const byId = (a: GraphNode, b: GraphNode): number => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id);
  return (roots.length > 0 ? roots : samplers).sort(byId)[0];
}

/** Follows a conditioning link to the text it was encoded from, through pass-through nodes. */
function promptText(graph: Graph, value: unknown, role: 'positive' | 'negative', notes: string[]): string | null {
  let node = linkedNode(graph, value);
  const seen = new Set<string>();
  while (node !== null && seen.size < MAX_DEPTH && !seen.has(node.id)) {
    seen.add(node.id);
    if (/TextEncode/i.test(node.type)) {
      const text = readString(graph, node.inputs.text ?? node.inputs.text_g ?? node.inputs.prompt);
      if (text === null) notes.push(`The ${role} prompt's text in '${node.type}' could not be read`);
      return text;
    }
    // ControlNet and area nodes carry conditioning through under its own name or `conditioning*`.
    const current: GraphNode = node;
    const onward = Object.keys(current.inputs)
      .filter((k) => (k === role || k.startsWith('conditioning')) && linkSchema.safeParse(current.inputs[k]).success)
      .sort((a, b) => Number(b === role) - Number(a === role) || a.localeCompare(b));
    if (onward.length === 0) break;
    if (/ControlNet/i.test(current.type) && role === 'positive') notes.push(`ControlNet ('${current.type}') is not applied`);
    if (onward.length > 1) notes.push(`The ${role} prompt combines several prompts ('${current.type}'): only the first was read`);
    node = linkedNode(graph, current.inputs[onward[0] ?? '']);
  }
  notes.push(node === null ? `No ${role} prompt was found` : `The ${role} prompt comes through a '${node.type}' node that Redraw cannot follow`);
  return null;
}

/** The checkpoint and LoRAs feeding the sampler's model input: noted, never applied. */
function modelNotes(graph: Graph, sampler: GraphNode, notes: string[]): void {
  let node = linkedNode(graph, sampler.inputs.model);
  const seen = new Set<string>();
  while (node !== null && seen.size < MAX_DEPTH && !seen.has(node.id)) {
    seen.add(node.id);
    const lora = node.inputs.lora_name;
    if (typeof lora === 'string') notes.push(`LoRA '${lora}' is not applied`);
    const checkpoint = node.inputs.ckpt_name ?? node.inputs.unet_name;
    if (typeof checkpoint === 'string') {
      notes.push(`Model '${checkpoint}' is not set: Redraw runs the model version chosen in Settings`);
      return;
    }
    node = linkedNode(graph, node.inputs.model);
  }
}

function readSampler(graph: Graph, sampler: GraphNode, notes: string[]): RawParams {
  const params: RawParams = {};
  const seed = readNumber(graph, sampler, sampler.type === 'KSamplerAdvanced' ? 'noise_seed' : 'seed');
  if (seed !== null) params.seed = seed;
  else notes.push('The seed could not be read');
  const steps = readNumber(graph, sampler, 'steps');
  if (steps !== null) params.steps = steps;
  const cfg = readNumber(graph, sampler, 'cfg');
  if (cfg !== null) params.guidanceScale = cfg;

  const samplerName = readString(graph, sampler.inputs.sampler_name);
  if (samplerName !== null) {
    const mapped = schedulerFromComfy(samplerName, readString(graph, sampler.inputs.scheduler) ?? undefined);
    if (mapped.scheduler !== null) params.scheduler = mapped.scheduler;
    notes.push(...mapped.notes);
  }

  let strength: number | null = readNumber(graph, sampler, 'denoise');
  if (sampler.type === 'KSamplerAdvanced') {
    // Starting at step k of n skips the noisiest k steps: the same as a strength of 1 - k/n.
    const start = readNumber(graph, sampler, 'start_at_step') ?? 0;
    strength = steps !== null && steps > 0 ? 1 - Math.min(start, steps) / steps : null;
    const end = readNumber(graph, sampler, 'end_at_step');
    if (steps !== null && end !== null && end < steps) notes.push(`The sampler stops at step ${end} of ${steps} (a refiner hand-off): the remaining steps are not part of the recipe`);
  }
  const latent = linkedNode(graph, sampler.inputs.latent_image);
  const fromText = latent !== null && /^Empty.*Latent/i.test(latent.type);
  if (latent !== null && fromText) {
    const width = numberOrNull(latent.inputs.width);
    const height = numberOrNull(latent.inputs.height);
    if (width !== null && height !== null) notes.push(`Size ${width}x${height} is taken from the sketch, not set`);
  }
  if (strength !== null && fromText && strength >= 1) {
    notes.push('The image was made from an empty latent (text alone): prompt strength is not set');
  } else if (strength !== null) {
    params.promptStrength = strength;
  }

  const positive = promptText(graph, sampler.inputs.positive, 'positive', notes);
  if (positive !== null) params.prompt = positive;
  const negative = promptText(graph, sampler.inputs.negative, 'negative', notes);
  if (negative !== null) params.negativePrompt = negative;
  modelNotes(graph, sampler, notes);
  return params;
}

function readGraph(graph: Graph): RecipeReading | null {
  const samplers = [...graph.values()].filter((n) => SAMPLERS.has(n.type));
  const sampler = firstSampler(graph, samplers);
  if (sampler === undefined) return null;
  const notes: string[] = [];
  if (samplers.length > 1) notes.push(`The graph has ${samplers.length} samplers: node ${sampler.id} (the first pass) was read`);
  const params = readSampler(graph, sampler, notes);
  return { params, notMapped: notes };
}

/**
 * ComfyUI's texts -> a recipe. The API `prompt` is read first (it is what actually ran); the UI
 * `workflow` when there is no prompt or it has no sampler. Null when neither is ComfyUI JSON.
 */
export function recipeFromComfyUI(texts: { prompt?: string | undefined; workflow?: string | undefined }): RecipeReading | null {
  const graphs = [texts.prompt === undefined ? null : graphFromPrompt(texts.prompt), texts.workflow === undefined ? null : graphFromWorkflow(texts.workflow)].filter(
    (g): g is Graph => g !== null,
  );
  if (graphs.length === 0) return null;
  for (const graph of graphs) {
    const reading = readGraph(graph);
    if (reading !== null) return reading;
  }
  const types = [...new Set(graphs.flatMap((g) => [...g.values()].map((n) => n.type)).filter((t) => /Sampler/i.test(t)))];
  const why = types.length > 0 ? `its sampler ('${types.join("', '")}') is not a KSampler, which is all Redraw reads` : 'it has no KSampler node';
  return { params: {}, notMapped: [`This ComfyUI graph could not be read: ${why}`] };
}
