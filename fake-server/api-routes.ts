import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestKind } from './faults';
import type { FileStore } from './files';
import {
  BodyTooLargeError,
  bytesReply,
  jsonReply,
  notFoundReply,
  problemReply,
  readBody,
  type BufferReply,
  type Reply,
} from './http-util';
import { isKnownVersionPath, MODEL, resolveVersion, versionJson } from './model-schema';
import { boundaryOf, parseMultipart, type Part } from './multipart';
import { isTerminal, type Prediction, type PredictionEngine } from './prediction-engine';
import type { TakeResult } from './rate-limit';
import { NO_CREDIT_TOKEN, type Settings } from './settings';
import { streamReply } from './sse';
import type { TimerRegistry } from './timers';
import { checkCreateBody, checkModelInput, type InvalidField, validationDetail } from './validate-input';

/** What the /v1 handlers need from the running fake. */
export type ApiContext = {
  settings: Settings;
  engine: PredictionEngine;
  files: FileStore;
  timers: TimerRegistry;
  streams: Set<ServerResponse>;
  apiBase: () => string;
  takeCreateToken: () => TakeResult;
  countUpload: () => void;
};

type Handler = (ctx: ApiContext, req: IncomingMessage, params: string[], url: URL, token: string) => Promise<Reply> | Reply;
type Route = { method: string; pattern: RegExp; auth: boolean; kind: RequestKind; handler: Handler };

const PAGE_SIZE = 100;

// ---------------------------------------------------------------- auth

type AuthResult = { ok: true; token: string } | { ok: false; reply: BufferReply };

function unauthenticated(detail: string): AuthResult {
  return { ok: false, reply: problemReply(401, detail, 'Unauthenticated') };
}

/** `Authorization: Bearer <token>` (Replicate also still takes the older `Token <token>`). */
function authenticate(settings: Settings, header: string | undefined): AuthResult {
  const token = /^(?:Bearer|Token)\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
  if (!token) return unauthenticated('You did not pass an authentication token');
  if (token === settings.token || token === NO_CREDIT_TOKEN || settings.acceptAnyToken) return { ok: true, token };
  // Echoes the token it refused, as some resellers' gateways do: the client must redact it.
  return unauthenticated(`Invalid token: ${token}.`);
}

// ---------------------------------------------------------------- request helpers

type Parsed<T> = { ok: true; value: T } | { ok: false; reply: BufferReply };

function tooLarge(limit: number): BufferReply {
  const MiB = 1024 * 1024;
  const size = limit >= MiB ? `${Math.round((limit / MiB) * 100) / 100} MiB` : `${limit} bytes`;
  // We stop reading mid-body, so the connection cannot be reused.
  return problemReply(413, `Request body exceeds the ${size} limit`, 'Request Entity Too Large', {}, { connection: 'close' });
}

async function readLimited(req: IncomingMessage, limit: number): Promise<Parsed<Buffer>> {
  try {
    return { ok: true, value: await readBody(req, limit) };
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { ok: false, reply: tooLarge(limit) };
    throw error;
  }
}

async function readJson(req: IncomingMessage, limit: number): Promise<Parsed<unknown>> {
  const body = await readLimited(req, limit);
  if (!body.ok) return body;
  try {
    return { ok: true, value: JSON.parse(body.value.toString('utf8')) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reply: problemReply(400, `JSON parse error - ${message}`) };
  }
}

function invalidInput(fields: InvalidField[]): BufferReply {
  return problemReply(422, validationDetail(fields), 'Input validation failed', { invalid_fields: fields });
}

/** `Prefer: wait` / `wait=N` (possibly among other preferences): seconds to hold, or null. */
export function preferWaitSeconds(header: string | undefined, maxSeconds: number): number | null {
  for (const token of (header ?? '').split(/[,;]/)) {
    const pref = token.trim().toLowerCase();
    if (pref === 'wait') return maxSeconds;
    const n = /^wait\s*=\s*(\d+)$/.exec(pref)?.[1];
    if (n !== undefined) return Math.min(Math.max(Number(n), 1), maxSeconds);
  }
  return null;
}

/** Go-style duration as Cancel-After takes it: `30s`, `5m`, `1h30m`, `500ms`; a bare number is seconds. */
export function parseDurationMs(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const match = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(trimmed);
  if (!match || trimmed === '') return null;
  const [, h = '0', m = '0', s = '0', ms = '0'] = match;
  return Number(h) * 3_600_000 + Number(m) * 60_000 + Number(s) * 1000 + Number(ms);
}

function cancelAfterMs(req: IncomingMessage, settings: Settings): Parsed<number | null> {
  const raw = req.headers['cancel-after'];
  if (raw === undefined) return { ok: true, value: null };
  const ms = parseDurationMs(Array.isArray(raw) ? (raw[0] ?? '') : raw);
  if (ms === null) {
    const detail = `Cancel-After must be a duration such as 30s, 5m or 1h30m, got "${String(raw)}"`;
    return { ok: false, reply: problemReply(400, detail, 'Invalid Cancel-After header') };
  }
  // Replicate's minimum deadline is 5 s; shorter ones are raised to it.
  return { ok: true, value: Math.max(ms, settings.minCancelAfterMs) };
}

// ---------------------------------------------------------------- handlers

const account: Handler = () => jsonReply(200, { type: 'user', username: 'fake-artist', name: 'Fake Artist' });

const modelVersion: Handler = (_ctx, _req, [owner = '', name = '', id = '']) =>
  isKnownVersionPath(owner, name, id) ? jsonReply(200, versionJson()) : notFoundReply();

/** `GET /models/{owner}/{name}`: the model and its latest version (how `owner/name` versions resolve). */
const model: Handler = (_ctx, _req, [owner = '', name = '']) =>
  `${owner}/${name}` === MODEL
    ? jsonReply(200, { url: `https://replicate.com/${MODEL}`, owner, name, visibility: 'public', latest_version: versionJson() })
    : notFoundReply();

const NO_CREDIT_DETAIL =
  'You have insufficient credit to run this model. Go to https://replicate.com/account/billing#billing to set up billing.';

const createPrediction: Handler = async (ctx, req, _params, _url, token) => {
  if (token === NO_CREDIT_TOKEN) return problemReply(402, NO_CREDIT_DETAIL, 'Insufficient credit');
  const rate = ctx.takeCreateToken();
  if (!rate.ok) {
    // Deliberately no Retry-After header: Replicate does not promise one, clients must read the body.
    const s = rate.retryAfterS;
    return problemReply(429, `Request was throttled. Your rate limit resets in ~${s}s.`, undefined, { retry_after: s });
  }
  const deadline = cancelAfterMs(req, ctx.settings);
  if (!deadline.ok) return deadline.reply;
  const parsed = await readJson(req, ctx.settings.maxUploadBytes);
  if (!parsed.ok) return parsed.reply;
  const body = checkCreateBody(parsed.value);
  if (!body.ok) return invalidInput(body.fields);
  const version = resolveVersion(body.value.version);
  if (!version) {
    const detail = "The specified version does not exist (or perhaps you don't have permission to use it?)";
    return problemReply(422, detail, 'Invalid version or not permitted');
  }
  const input = checkModelInput(body.value.input);
  if (!input.ok) return invalidInput(input.fields);
  const p = ctx.engine.create({
    ...version,
    input: body.value.input,
    modelInput: input.value,
    cancelAfterMs: deadline.value,
  });
  if (ctx.settings.responseShape === 'images') return imagesReply(ctx, p);
  const prefer = req.headers.prefer;
  const waitS = preferWaitSeconds(Array.isArray(prefer) ? prefer.join(',') : prefer, ctx.settings.maxWaitSeconds);
  if (waitS !== null) await ctx.engine.waitForTerminal(p, waitS * 1000);
  return jsonReply(201, ctx.engine.toJson(p));
};

/** The seed's synchronous, OpenAI-images-like shape: hold until done, 200, no prediction id. */
async function imagesReply(ctx: ApiContext, p: Prediction): Promise<Reply> {
  await ctx.engine.waitForTerminal(p, Number.POSITIVE_INFINITY);
  if (p.status === 'succeeded') {
    const data = (p.output ?? []).map((url) => ({ url }));
    return jsonReply(200, { created: Math.floor(p.createdAt / 1000), data });
  }
  if (p.status === 'failed') return problemReply(500, p.error ?? 'Prediction failed', 'Prediction failed');
  if (isTerminal(p.status)) return problemReply(500, `Prediction ${p.status}`, `Prediction ${p.status}`);
  return problemReply(503, 'Server is shutting down');
}

function encodeCursor(seq: number): string {
  return Buffer.from(`before=${seq}`).toString('base64url');
}

function decodeCursor(cursor: string): number | null {
  const seq = /^before=(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))?.[1];
  return seq === undefined ? null : Number(seq);
}

const listPredictions: Handler = (ctx, _req, _params, url) => {
  const cursor = url.searchParams.get('cursor');
  const before = cursor === null ? Number.POSITIVE_INFINITY : decodeCursor(cursor);
  if (before === null) return problemReply(400, 'Invalid cursor');
  const page = ctx.engine.listPage(before, PAGE_SIZE);
  const last = page.items.at(-1);
  const next = page.more && last ? `${ctx.apiBase()}/predictions?cursor=${encodeCursor(last.seq)}` : null;
  return jsonReply(200, { previous: null, next, results: page.items.map((p) => ctx.engine.toJson(p)) });
};

const getPrediction: Handler = (ctx, _req, [id = '']) => {
  const p = ctx.engine.get(id);
  return p ? jsonReply(200, ctx.engine.toJson(p)) : notFoundReply();
};

const cancelPrediction: Handler = (ctx, _req, [id = '']) => {
  const p = ctx.engine.get(id);
  if (!p) return notFoundReply();
  ctx.engine.cancel(p);
  return jsonReply(200, ctx.engine.toJson(p));
};

function acceptsEventStream(accept: string | undefined): boolean {
  return accept === undefined || /text\/event-stream|\*\/\*/i.test(accept);
}

const streamPrediction: Handler = (ctx, req, [id = '']) => {
  const p = ctx.engine.get(id);
  if (!p) return notFoundReply();
  if (!acceptsEventStream(req.headers.accept)) return problemReply(406, 'Could not satisfy the request Accept header.');
  return streamReply(req, p, {
    engine: ctx.engine,
    timers: ctx.timers,
    timeoutMs: ctx.settings.streamTimeoutMs,
    open: ctx.streams,
  });
};

function textPart(parts: Part[], name: string): string | undefined {
  return parts.find((p) => p.name === name)?.data.toString('utf8');
}

function parseMetadata(text: string | undefined): Record<string, unknown> | null {
  if (text === undefined || text.trim() === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value)) : null;
  } catch {
    return null;
  }
}

const uploadFile: Handler = async (ctx, req) => {
  if (!ctx.settings.filesApi) return notFoundReply();
  const contentType = req.headers['content-type'];
  const boundary = boundaryOf(contentType);
  if (!boundary) return problemReply(415, `Unsupported media type "${contentType ?? ''}" in request.`);
  const body = await readLimited(req, ctx.settings.maxUploadBytes);
  if (!body.ok) return body.reply;
  const parts = parseMultipart(body.value, boundary);
  if (!parts) return problemReply(400, 'Multipart form parse error - malformed body');
  const content = parts.find((p) => p.name === 'content');
  if (!content) return problemReply(400, 'Missing multipart part "content"');
  const metadata = parseMetadata(textPart(parts, 'metadata'));
  if (!metadata) return problemReply(400, 'metadata must be a JSON object');
  const file = ctx.files.add({
    name: textPart(parts, 'filename') || content.filename || 'file',
    contentType: textPart(parts, 'type') || content.contentType || 'application/octet-stream',
    bytes: Buffer.from(content.data),
    metadata,
  });
  ctx.countUpload();
  return jsonReply(201, ctx.files.toJson(file, ctx.apiBase()));
};

const getFile: Handler = (ctx, _req, [id = '']) => {
  const file = ctx.settings.filesApi ? ctx.files.get(id) : undefined;
  return file ? bytesReply(200, file.bytes, file.contentType) : notFoundReply();
};

const deleteFile: Handler = (ctx, _req, [id = '']) =>
  ctx.settings.filesApi && ctx.files.delete(id) ? bytesReply(204, Buffer.alloc(0), 'text/plain') : notFoundReply();

// ---------------------------------------------------------------- routing

const SEGMENT = '([^/]+)';
const ROUTES: Route[] = [
  { method: 'GET', pattern: /^\/v1\/account$/, auth: true, kind: null, handler: account },
  { method: 'GET', pattern: new RegExp(`^/v1/models/${SEGMENT}/${SEGMENT}$`), auth: true, kind: null, handler: model },
  {
    method: 'GET',
    pattern: new RegExp(`^/v1/models/${SEGMENT}/${SEGMENT}/versions/${SEGMENT}$`),
    auth: true,
    kind: null,
    handler: modelVersion,
  },
  { method: 'POST', pattern: /^\/v1\/predictions$/, auth: true, kind: 'create', handler: createPrediction },
  { method: 'GET', pattern: /^\/v1\/predictions$/, auth: true, kind: 'list', handler: listPredictions },
  { method: 'GET', pattern: new RegExp(`^/v1/predictions/${SEGMENT}$`), auth: true, kind: 'get', handler: getPrediction },
  {
    method: 'POST',
    pattern: new RegExp(`^/v1/predictions/${SEGMENT}/cancel$`),
    auth: true,
    kind: null,
    handler: cancelPrediction,
  },
  // Like Replicate's stream host, the stream URL itself is the credential: no auth.
  { method: 'GET', pattern: new RegExp(`^/v1/stream/${SEGMENT}$`), auth: false, kind: 'stream', handler: streamPrediction },
  { method: 'POST', pattern: /^\/v1\/files$/, auth: true, kind: 'upload', handler: uploadFile },
  { method: 'GET', pattern: new RegExp(`^/v1/files/${SEGMENT}$`), auth: true, kind: null, handler: getFile },
  { method: 'DELETE', pattern: new RegExp(`^/v1/files/${SEGMENT}$`), auth: true, kind: null, handler: deleteFile },
];

/** Replicate's API tolerates a trailing slash. */
function normalise(pathname: string): string {
  return pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // a malformed escape simply matches nothing
  }
}

function findRoute(method: string, pathname: string): { route: Route; params: string[] } | 'wrong-method' | null {
  let pathMatched = false;
  for (const route of ROUTES) {
    const match = route.pattern.exec(pathname);
    if (!match) continue;
    if (route.method === method) return { route, params: match.slice(1).map(safeDecode) };
    pathMatched = true;
  }
  return pathMatched ? 'wrong-method' : null;
}

/** Which fault class a request to the API server belongs to. */
export function apiRequestKind(method: string, pathname: string): RequestKind {
  const found = findRoute(method, normalise(pathname));
  return found && found !== 'wrong-method' ? found.route.kind : null;
}

export async function handleApi(ctx: ApiContext, req: IncomingMessage, url: URL): Promise<Reply> {
  const method = req.method ?? 'GET';
  const pathname = normalise(url.pathname);
  const found = findRoute(method, pathname);
  const needsAuth = found !== null && found !== 'wrong-method' ? found.route.auth : pathname.startsWith('/v1/');
  let token = '';
  if (needsAuth) {
    const auth = authenticate(ctx.settings, req.headers.authorization);
    if (!auth.ok) return auth.reply;
    token = auth.token;
  }
  if (found === null) return notFoundReply();
  if (found === 'wrong-method') return problemReply(405, `Method "${method}" not allowed.`);
  return found.route.handler(ctx, req, found.params, url, token);
}
