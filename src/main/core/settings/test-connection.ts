import { AppError } from '../../../shared/app-error';
import { MODEL_INPUT_NAMES, SCHEDULERS } from '../../../shared/model-input';
import type { ConnectionCheck } from '../../../shared/settings';
import type { ReplicateClient } from '../api/replicate-client';

type Check = ConnectionCheck['checks'][number];

function describe(error: unknown): string {
  return error instanceof AppError ? error.message : error instanceof Error ? error.message : String(error);
}

type JsonObject = Record<string, unknown>;
const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Follows Cog's `allOf: [{$ref: '#/components/schemas/scheduler'}]` to the enum it names. */
function enumOf(property: unknown, components: JsonObject): string[] | null {
  if (!isObject(property)) return null;
  if (Array.isArray(property.enum)) return property.enum.filter((v): v is string => typeof v === 'string');
  const refs = Array.isArray(property.allOf) ? property.allOf : [];
  for (const ref of refs) {
    if (isObject(ref) && typeof ref.$ref === 'string') {
      const name = ref.$ref.split('/').pop() ?? '';
      const target = components[name];
      if (isObject(target) && Array.isArray(target.enum)) return target.enum.filter((v): v is string => typeof v === 'string');
    }
  }
  return null;
}

/** Compares the version's input schema with the controls Redraw offers; says what differs. */
export function checkInputSchema(openapi: unknown): Check {
  const schemas = isObject(openapi) && isObject(openapi.components) && isObject(openapi.components.schemas) ? openapi.components.schemas : null;
  const input = schemas && isObject(schemas.Input) && isObject(schemas.Input.properties) ? schemas.Input.properties : null;
  if (!schemas || !input) {
    return { name: 'Model inputs', ok: true, message: 'The server did not publish an input schema; sending the standard img2img inputs.' };
  }
  if (!('image' in input)) {
    return { name: 'Model inputs', ok: false, message: 'This model has no "image" input, so it is not an img2img model.' };
  }
  const missing = Object.values(MODEL_INPUT_NAMES).filter((name) => !(name in input));
  const schedulers = enumOf(input.scheduler, schemas);
  const unknownSchedulers = schedulers ? SCHEDULERS.filter((s) => !schedulers.includes(s)) : [];
  const problems = [
    missing.length ? `it has no input named ${missing.join(', ')}` : '',
    unknownSchedulers.length ? `it does not offer the scheduler(s) ${unknownSchedulers.join(', ')}` : '',
  ].filter(Boolean);
  return problems.length
    ? { name: 'Model inputs', ok: false, message: `The model differs from what Redraw expects: ${problems.join('; ')}.` }
    : { name: 'Model inputs', ok: true, message: 'The model takes every input Redraw sends.' };
}

/** "Test connection": the token against the account endpoint, then the model version and its inputs. */
export async function testConnection(
  client: ReplicateClient | null,
  modelVersion: string,
  /** Told what the server said of the token (nothing when it could not be asked). */
  onTokenVerdict: (accepted: boolean) => void,
): Promise<ConnectionCheck> {
  const checks: Check[] = [];
  if (!client) {
    checks.push({ name: 'API token', ok: false, message: 'No API token is set. Paste your token above, then test or save.' });
    return { ok: false, checks };
  }
  try {
    await client.getAccount();
    onTokenVerdict(true);
    checks.push({ name: 'API token', ok: true, message: `The server at ${new URL(client.baseUrl).host} accepted the token.` });
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') onTokenVerdict(false);
    checks.push({ name: 'API token', ok: false, message: describe(error) });
    return { ok: false, checks };
  }
  try {
    const version = await client.getModelVersion(modelVersion);
    checks.push({ name: 'Model version', ok: true, message: `Found ${modelVersion.split(':')[0]} version ${version.id.slice(0, 12)}….` });
    checks.push(checkInputSchema(version.openapi_schema));
  } catch (error) {
    checks.push({ name: 'Model version', ok: false, message: describe(error) });
  }
  return { ok: checks.every((c) => c.ok), checks };
}
