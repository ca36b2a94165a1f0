import { z } from 'zod';
import { COMPONENT_SCHEMAS, DEFAULT_NUM_OUTPUTS, DEFAULT_PROMPT, DEFAULT_STEPS, type JsonSchema } from './model-schema';

/**
 * A tiny JSON-schema validator for the subset Cog emits. Replicate validates inputs with a Go
 * JSON-schema library (gojsonschema), so the error types and wording below copy that
 * library's: `number_lte`, "Must be less than or equal to 8", field paths like
 * `input.num_outputs`, and "(root)" for the top level.
 */

export type InvalidField = { type: string; field: string; description: string };

type JsonTypeName = 'null' | 'boolean' | 'integer' | 'number' | 'string' | 'array' | 'object';

function jsonType(value: unknown): JsonTypeName {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  return 'object';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function typeMatches(expected: NonNullable<JsonSchema['type']>, actual: JsonTypeName): boolean {
  if (expected === actual) return true;
  // Every integer is also a number.
  return expected === 'number' && actual === 'integer';
}

/** Follows `$ref`s and merges `allOf` (Cog wraps every enum like that). */
function flatten(schema: JsonSchema): JsonSchema {
  let merged: JsonSchema = { ...schema };
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = COMPONENT_SCHEMAS[name];
    if (target) merged = { ...flatten(target), ...merged };
  }
  for (const part of schema.allOf ?? []) merged = { ...flatten(part), ...merged };
  delete merged.allOf;
  delete merged.$ref;
  return merged;
}

function isAbsoluteUri(value: string): boolean {
  try {
    return new URL(value).protocol.length > 1;
  } catch {
    return false;
  }
}

function checkScalar(schema: JsonSchema, value: unknown, field: string): InvalidField[] {
  const errors: InvalidField[] = [];
  if (schema.enum && !(typeof value === 'string' && schema.enum.includes(value))) {
    const allowed = schema.enum.map((v) => `"${v}"`).join(', ');
    errors.push({ type: 'enum', field, description: `${field} must be one of the following: ${allowed}` });
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined && value > schema.maximum) {
      errors.push({ type: 'number_lte', field, description: `Must be less than or equal to ${schema.maximum}` });
    }
    if (schema.minimum !== undefined && value < schema.minimum) {
      errors.push({ type: 'number_gte', field, description: `Must be greater than or equal to ${schema.minimum}` });
    }
  }
  if (schema.format === 'uri' && typeof value === 'string' && !isAbsoluteUri(value)) {
    errors.push({ type: 'format', field, description: "Does not match format 'uri'" });
  }
  return errors;
}

function checkObject(schema: JsonSchema, value: Record<string, unknown>, field: string): InvalidField[] {
  const errors: InvalidField[] = [];
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) errors.push({ type: 'required', field, description: `${name} is required` });
  }
  for (const [name, child] of Object.entries(value)) {
    const childSchema = schema.properties?.[name];
    const childField = field === '(root)' ? name : `${field}.${name}`;
    if (childSchema) errors.push(...validate(childSchema, child, childField));
    else if (schema.additionalProperties === false) {
      errors.push({ type: 'additional_property_not_allowed', field, description: `Additional property ${name} is not allowed` });
    }
  }
  return errors;
}

export function validate(rawSchema: JsonSchema, value: unknown, field = '(root)'): InvalidField[] {
  const schema = flatten(rawSchema);
  const actual = jsonType(value);
  if (schema.type && !typeMatches(schema.type, actual)) {
    return [{ type: 'invalid_type', field, description: `Invalid type. Expected: ${schema.type}, given: ${actual}` }];
  }
  if (isRecord(value)) return checkObject(schema, value, field);
  if (Array.isArray(value)) {
    const items = schema.items;
    return items ? value.flatMap((item, i) => validate(items, item, `${field}.${i}`)) : [];
  }
  return checkScalar(schema, value, field);
}

/** The create-prediction body: only these four keys are allowed, like the real API. */
const CREATE_BODY_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['version', 'input'],
  additionalProperties: false,
  properties: {
    version: { type: 'string' },
    input: { type: 'object' },
    webhook: { type: 'string', format: 'uri' },
    webhook_events_filter: { type: 'array', items: { type: 'string', enum: ['start', 'output', 'logs', 'completed'] } },
  },
};

/** After the schema check passes these parses cannot fail; they only give the values types. */
const createBodyParser = z.object({
  version: z.string(),
  input: z.record(z.string(), z.unknown()),
  webhook: z.string().optional(),
});

// Plain z.number() (not .int()): validate() already checked integers, and zod's .int() would
// refuse seeds past 2^53 that the real schema accepts.
const modelInputParser = z.object({
  image: z.string(),
  prompt: z.string().default(DEFAULT_PROMPT),
  num_outputs: z.number().default(DEFAULT_NUM_OUTPUTS),
  num_inference_steps: z.number().default(DEFAULT_STEPS),
  seed: z.number().optional(),
});

export type CreateBody = z.infer<typeof createBodyParser>;
export type ModelInput = z.infer<typeof modelInputParser>;

export type Checked<T> = { ok: true; value: T } | { ok: false; fields: InvalidField[] };

export function checkCreateBody(body: unknown): Checked<CreateBody> {
  const fields = validate(CREATE_BODY_SCHEMA, body);
  return fields.length > 0 ? { ok: false, fields } : { ok: true, value: createBodyParser.parse(body) };
}

/** Validates `input` against the model's published Input schema (fields named `input.*`). */
export function checkModelInput(input: Record<string, unknown>): Checked<ModelInput> {
  const inputSchema = COMPONENT_SCHEMAS.Input;
  const fields = inputSchema ? validate(inputSchema, input, 'input') : [];
  return fields.length > 0 ? { ok: false, fields } : { ok: true, value: modelInputParser.parse(input) };
}

/** Replicate's 422 detail: one "- field: description" line per problem. */
export function validationDetail(fields: InvalidField[]): string {
  return fields.map((f) => `- ${f.field}: ${f.description}\n`).join('');
}
