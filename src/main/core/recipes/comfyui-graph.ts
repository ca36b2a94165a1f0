import { z } from 'zod';

/**
 * ComfyUI's two PNG texts as one graph shape. `prompt` is the API format: node id ->
 * {class_type, inputs}, where an input linked to another node is `[nodeId, outputIndex]`.
 * `workflow` is the UI format (docs.comfy.org/specs/workflow_json, v0.4 and v1.0): a nodes
 * array with positional `widgets_values` and `inputs[].link` ids, and a links table (tuples
 * `[id, origin, originSlot, target, targetSlot, type]` in 0.4, objects in 1.0). The workflow is
 * turned into the API shape, so one walker reads both.
 */

export type GraphNode = { id: string; type: string; inputs: Record<string, unknown> };
export type Graph = Map<string, GraphNode>;

const nodeIdSchema = z.union([z.string(), z.number()]).transform(String);
export const linkSchema = z.tuple([nodeIdSchema, z.number().int().nonnegative()]);

/** The node a `[nodeId, outputIndex]` input points to, or null when the value is not a link. */
export function linkedNode(graph: Graph, value: unknown): GraphNode | null {
  const link = linkSchema.safeParse(value);
  return link.success ? (graph.get(link.data[0]) ?? null) : null;
}

const apiNodeSchema = z.object({ class_type: z.string(), inputs: z.record(z.string(), z.unknown()).default({}) });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The API-format `prompt`; null when it is not a JSON object of nodes. Entries that are not nodes are skipped. */
export function graphFromPrompt(text: string): Graph | null {
  const record = z.record(z.string(), z.unknown()).safeParse(parseJson(text));
  if (!record.success) return null;
  const graph: Graph = new Map();
  for (const [id, value] of Object.entries(record.data)) {
    const node = apiNodeSchema.safeParse(value);
    if (node.success) graph.set(id, { id, type: node.data.class_type, inputs: node.data.inputs });
  }
  return graph.size > 0 ? graph : null;
}

/**
 * Widget names of the nodes whose recipe values Redraw reads, in `widgets_values` order. A seed
 * widget is followed by its "control after generate" value when the UI added one.
 */
const WIDGET_NAMES: Record<string, string[]> = {
  KSampler: ['seed', 'control_after_generate', 'steps', 'cfg', 'sampler_name', 'scheduler', 'denoise'],
  KSamplerAdvanced: ['add_noise', 'noise_seed', 'control_after_generate', 'steps', 'cfg', 'sampler_name', 'scheduler', 'start_at_step', 'end_at_step', 'return_with_leftover_noise'],
  CLIPTextEncode: ['text'],
  CheckpointLoaderSimple: ['ckpt_name'],
  EmptyLatentImage: ['width', 'height', 'batch_size'],
  LoraLoader: ['lora_name', 'strength_model', 'strength_clip'],
  LoraLoaderModelOnly: ['lora_name', 'strength_model'],
};
const SEED_CONTROLS = new Set(['fixed', 'increment', 'decrement', 'randomize']);

function widgetInputs(type: string, values: unknown): Record<string, unknown> {
  if (values === undefined) return {};
  if (!Array.isArray(values)) return z.record(z.string(), z.unknown()).catch({}).parse(values);
  let names = WIDGET_NAMES[type];
  if (names === undefined) {
    // Unknown nodes (a primitive, a custom text node): their values by position, `#0` first.
    return Object.fromEntries(values.map((v, i) => [`#${i}`, v]));
  }
  const control = names.indexOf('control_after_generate');
  if (control >= 0 && !(typeof values[control] === 'string' && SEED_CONTROLS.has(values[control]))) {
    names = names.filter((n) => n !== 'control_after_generate');
  }
  return Object.fromEntries(names.map((name, i) => [name, values[i]]).filter(([, v]) => v !== undefined));
}

const uiNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string(),
  inputs: z.array(z.object({ name: z.string(), link: z.number().nullable().optional() })).catch([]).optional(),
  widgets_values: z.unknown().optional(),
});
const slotSchema = z.union([z.number(), z.string()]).transform(Number);
const uiLinkSchema = z.union([
  z.tuple([z.number(), nodeIdSchema, slotSchema, nodeIdSchema, slotSchema, z.unknown()]).transform(([id, origin, slot]) => ({ id, origin, slot })),
  z.object({ id: z.number(), origin_id: nodeIdSchema, origin_slot: slotSchema }).transform((l) => ({ id: l.id, origin: l.origin_id, slot: l.origin_slot })),
]);
const workflowSchema = z.object({ nodes: z.array(z.unknown()), links: z.array(z.unknown()).catch([]).default([]) });

/** The UI-format `workflow` as an API-shaped graph; null when it is not a workflow. */
export function graphFromWorkflow(text: string): Graph | null {
  const workflow = workflowSchema.safeParse(parseJson(text));
  if (!workflow.success) return null;
  const links = new Map<number, [string, number]>();
  for (const raw of workflow.data.links) {
    const link = uiLinkSchema.safeParse(raw);
    if (link.success && Number.isInteger(link.data.slot)) links.set(link.data.id, [link.data.origin, link.data.slot]);
  }
  const graph: Graph = new Map();
  for (const raw of workflow.data.nodes) {
    const node = uiNodeSchema.safeParse(raw);
    if (!node.success) continue;
    const inputs: Record<string, unknown> = {};
    for (const input of node.data.inputs ?? []) {
      const link = input.link === null || input.link === undefined ? undefined : links.get(input.link);
      if (link !== undefined) inputs[input.name] = link;
    }
    // A widget turned into an input still keeps its value in widgets_values: the literal wins.
    Object.assign(inputs, widgetInputs(node.data.type, node.data.widgets_values));
    graph.set(node.data.id, { id: node.data.id, type: node.data.type, inputs });
  }
  return graph.size > 0 ? graph : null;
}
