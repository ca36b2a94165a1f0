import { randomInt } from 'node:crypto';
import { isoTime, randomId } from './http-util';
import { type Loaded, probeImage, renderOutputs } from './png-output';
import { progressSchedule, type ScheduledLine, seedLine } from './progress-logs';
import type { Settings } from './settings';
import type { TimerRegistry } from './timers';
import type { FakeStats, PredictionStatus } from './types';
import type { ModelInput } from './validate-input';

/**
 * The prediction state machine: starting -> processing -> succeeded | failed | canceled,
 * or starting -> aborted (deadline before start). Everything is driven by timers from the
 * shared registry, and listeners (Prefer: wait, SSE) hear each new log line and the end.
 */

const TERMINAL: ReadonlySet<PredictionStatus> = new Set(['succeeded', 'failed', 'canceled', 'aborted']);

export function isTerminal(status: PredictionStatus): boolean {
  return TERMINAL.has(status);
}

export type PredictionEvent = { type: 'log'; line: string; index: number } | { type: 'terminal' };
type Listener = (event: PredictionEvent) => void;

export type Prediction = {
  id: string;
  /** Creation order, used by list pagination. */
  seq: number;
  model: string;
  version: string;
  input: Record<string, unknown>;
  imageRef: string;
  prompt: string;
  seed: number;
  steps: number;
  numOutputs: number;
  /** Processing time, fixed when created so configure() only affects later predictions. */
  predictionMs: number;
  status: PredictionStatus;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  logs: string[];
  output: string[] | null;
  error: string | null;
  dataRemoved: boolean;
  outputPaths: string[];
  /** Progress lines not yet written; flushed on success so the log always ends at 100%. */
  pendingLines: ScheduledLine[];
  holdsSlot: boolean;
  timers: Set<NodeJS.Timeout>;
  listeners: Set<Listener>;
};

export type NewPrediction = {
  model: string;
  version: string;
  input: Record<string, unknown>;
  modelInput: ModelInput;
  /** Cancel-After deadline, measured from creation. */
  cancelAfterMs: number | null;
};

export type EngineHooks = {
  settings: Settings;
  timers: TimerRegistry;
  urls: () => { apiBase: string; outputsOrigin: string };
  /** Fetches the bytes behind input.image (data URI, uploaded file, earlier output). */
  loadImage: (ref: string) => Loaded;
  onSucceeded: (id: string) => void;
};

type Counters = Omit<FakeStats, 'uploads' | 'predictions'>;

export class PredictionEngine {
  private readonly byId = new Map<string, Prediction>();
  private readonly ordered: Prediction[] = [];
  /** Predictions past their start delay, waiting for a maxConcurrent slot. */
  private readonly queue: Prediction[] = [];
  private readonly outputFiles = new Map<string, Buffer>();
  private readonly waiters = new Set<() => void>();
  private running = 0;
  private seq = 0;
  private readonly counters: Counters = { creates: 0, canceled: 0, started: 0, succeeded: 0, failed: 0, aborted: 0 };

  constructor(private readonly hooks: EngineHooks) {}

  create(spec: NewPrediction): Prediction {
    this.sweep();
    const { modelInput } = spec;
    const p: Prediction = {
      id: randomId(20),
      seq: ++this.seq,
      model: spec.model,
      version: spec.version,
      input: spec.input,
      imageRef: modelInput.image,
      prompt: modelInput.prompt,
      // The real model draws a 16-bit random seed when none is given.
      seed: modelInput.seed ?? randomInt(65_536),
      steps: modelInput.num_inference_steps,
      numOutputs: modelInput.num_outputs,
      predictionMs: this.hooks.settings.predictionMs,
      status: 'starting',
      createdAt: Date.now(),
      startedAt: null,
      completedAt: null,
      logs: [],
      output: null,
      error: null,
      dataRemoved: false,
      outputPaths: [],
      pendingLines: [],
      holdsSlot: false,
      timers: new Set(),
      listeners: new Set(),
    };
    this.byId.set(p.id, p);
    this.ordered.push(p);
    this.counters.creates++;
    this.after(p, this.hooks.settings.startDelayMs, () => this.becomeReady(p));
    if (spec.cancelAfterMs !== null) this.after(p, spec.cancelAfterMs, () => this.deadlineReached(p));
    return p;
  }

  get(id: string): Prediction | undefined {
    const p = this.byId.get(id);
    if (p) this.refresh(p);
    return p;
  }

  /** Newest first, starting below `beforeSeq` (a list cursor). */
  listPage(beforeSeq: number, size: number): { items: Prediction[]; more: boolean } {
    this.sweep();
    const older = this.ordered.filter((p) => p.seq < beforeSeq).reverse();
    return { items: older.slice(0, size), more: older.length > size };
  }

  cancel(p: Prediction): void {
    this.finish(p, 'canceled', null);
  }

  subscribe(p: Prediction, listener: Listener): () => void {
    p.listeners.add(listener);
    return () => p.listeners.delete(listener);
  }

  /** Resolves when `p` is terminal, after `ms`, or when the fake closes; whichever is first. */
  waitForTerminal(p: Prediction, ms: number): Promise<void> {
    if (isTerminal(p.status) || this.hooks.timers.isClosed) return Promise.resolve();
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | null = null;
      const done = (): void => {
        unsubscribe();
        if (timer) this.hooks.timers.clear(timer);
        this.waiters.delete(done);
        resolve();
      };
      const unsubscribe = this.subscribe(p, (event) => {
        if (event.type === 'terminal') done();
      });
      if (Number.isFinite(ms)) timer = this.hooks.timers.set(done, ms);
      this.waiters.add(done);
    });
  }

  /** Bytes of an output file, e.g. '/pbxt/<id>/out-0.png'; undefined once expired. */
  outputFile(path: string): Buffer | undefined {
    const id = /^\/pbxt\/([a-z0-9]+)\//.exec(path)?.[1];
    const p = id ? this.byId.get(id) : undefined;
    if (p) this.refresh(p);
    return this.outputFiles.get(path);
  }

  /** expireOutputs(): every finished prediction loses its data now. */
  expireAll(): void {
    for (const p of this.ordered) if (isTerminal(p.status)) this.removeData(p);
  }

  /** Applies a changed maxConcurrent at once. */
  settingsChanged(): void {
    this.drainQueue();
  }

  /** Every prediction made so far, in the order they were created. */
  all(): readonly Prediction[] {
    return this.ordered;
  }

  stats(): Counters & { predictions: number } {
    return { ...this.counters, predictions: this.ordered.length };
  }

  close(): void {
    for (const wake of [...this.waiters]) wake();
    for (const p of this.ordered) p.listeners.clear();
  }

  /** The prediction as the API shows it. */
  toJson(p: Prediction): Record<string, unknown> {
    this.refresh(p);
    const { apiBase } = this.hooks.urls();
    const json: Record<string, unknown> = {
      id: p.id,
      model: p.model,
      version: p.version,
      input: p.input,
      logs: p.logs.join('\n'),
      output: p.output,
      data_removed: p.dataRemoved,
      error: p.error,
      status: p.status,
      created_at: isoTime(p.createdAt),
      started_at: p.startedAt === null ? null : isoTime(p.startedAt),
      completed_at: p.completedAt === null ? null : isoTime(p.completedAt),
      urls: {
        get: `${apiBase}/predictions/${p.id}`,
        cancel: `${apiBase}/predictions/${p.id}/cancel`,
        stream: `${apiBase}/stream/${p.id}`,
        web: `https://replicate.com/p/${p.id}`,
      },
    };
    if (p.completedAt !== null) json.metrics = this.metrics(p, p.completedAt);
    return json;
  }

  private metrics(p: Prediction, completedAt: number): Record<string, number> {
    const total = { total_time: (completedAt - p.createdAt) / 1000 };
    return p.startedAt === null ? total : { predict_time: (completedAt - p.startedAt) / 1000, ...total };
  }

  /** A timer owned by `p`: cleared when p reaches a terminal state. */
  private after(p: Prediction, ms: number, fn: () => void): void {
    const handle = this.hooks.timers.set(() => {
      p.timers.delete(handle);
      fn();
    }, ms);
    p.timers.add(handle);
  }

  private becomeReady(p: Prediction): void {
    if (p.status !== 'starting') return;
    if (this.running < this.hooks.settings.maxConcurrent) this.start(p);
    else this.queue.push(p);
  }

  private drainQueue(): void {
    while (this.queue.length > 0 && this.running < this.hooks.settings.maxConcurrent) {
      const next = this.queue.shift();
      if (next && next.status === 'starting') this.start(next);
    }
  }

  private deadlineReached(p: Prediction): void {
    // Replicate: a deadline that passes before the run starts aborts it; during the run, cancels it.
    this.finish(p, p.status === 'starting' ? 'aborted' : 'canceled', null);
  }

  private start(p: Prediction): void {
    p.status = 'processing';
    p.startedAt = Date.now();
    p.holdsSlot = true;
    this.running++;
    this.counters.started++;
    void this.run(p);
  }

  /** The fake model: load and decode the image, print progress, then render the outputs. */
  private async run(p: Prediction): Promise<void> {
    const loaded = this.hooks.loadImage(p.imageRef);
    if (!loaded.ok) return this.finish(p, 'failed', loaded.error);
    try {
      await probeImage(loaded.bytes);
    } catch (error) {
      return this.finish(p, 'failed', `Could not decode input image: ${messageOf(error)}`);
    }
    if (p.status !== 'processing') return;
    this.appendLog(p, seedLine(p.seed));
    const chatty = this.hooks.settings.chattyLogBytes;
    if (chatty > 0) {
      const line = 'UserWarning: the default value of `attention_slicing` will change in a future release; pass it explicitly.';
      this.appendLog(p, Array.from({ length: Math.ceil(chatty / (line.length + 1)) }, () => line).join('\n'));
    }
    p.pendingLines = progressSchedule(p.steps, p.predictionMs);
    this.printNextProgress(p, performance.now());
    const failPrompt = this.hooks.settings.failPrompt;
    if (failPrompt && p.prompt.includes(failPrompt)) {
      // Out-of-memory strikes mid-run, so the logs stop part-way like the real failure.
      this.after(p, p.predictionMs / 2, () => this.finish(p, 'failed', 'CUDA out of memory'));
      return;
    }
    this.after(p, p.predictionMs, () => void this.succeed(p, loaded.bytes));
  }

  /** One timer at a time walks the schedule, rather than ~40 timers per prediction at once. */
  private printNextProgress(p: Prediction, startedPerf: number): void {
    const next = p.pendingLines[0];
    if (!next) return;
    this.after(p, startedPerf + next.atMs - performance.now(), () => {
      p.pendingLines.shift();
      this.appendLog(p, next.line);
      this.printNextProgress(p, startedPerf);
    });
  }

  private async succeed(p: Prediction, image: Buffer): Promise<void> {
    if (p.status !== 'processing') return;
    for (const { line } of p.pendingLines.splice(0)) this.appendLog(p, line);
    let pngs: Buffer[];
    try {
      pngs = await renderOutputs(image, p.seed, p.numOutputs);
    } catch (error) {
      return this.finish(p, 'failed', `Could not decode input image: ${messageOf(error)}`);
    }
    if (p.status !== 'processing') return; // canceled while rendering
    const { outputsOrigin } = this.hooks.urls();
    p.outputPaths = pngs.map((_, i) => `/pbxt/${p.id}/out-${i}.png`);
    p.outputPaths.forEach((path, i) => this.outputFiles.set(path, pngs[i] ?? Buffer.alloc(0)));
    p.output = p.outputPaths.map((path) => `${outputsOrigin}${path}`);
    this.finish(p, 'succeeded', null);
  }

  private appendLog(p: Prediction, line: string): void {
    p.logs.push(line);
    this.emit(p, { type: 'log', line, index: p.logs.length - 1 });
  }

  private finish(p: Prediction, status: PredictionStatus, error: string | null): void {
    if (isTerminal(p.status)) return;
    p.status = status;
    p.error = error;
    p.completedAt = Date.now();
    for (const handle of p.timers) this.hooks.timers.clear(handle);
    p.timers.clear();
    p.pendingLines = [];
    const queued = this.queue.indexOf(p);
    if (queued !== -1) this.queue.splice(queued, 1);
    if (p.holdsSlot) {
      p.holdsSlot = false;
      this.running--;
    }
    if (status !== 'starting' && status !== 'processing') this.counters[status]++;
    this.emit(p, { type: 'terminal' });
    p.listeners.clear();
    if (status === 'succeeded') this.hooks.onSucceeded(p.id);
    this.drainQueue();
  }

  private emit(p: Prediction, event: PredictionEvent): void {
    for (const listener of [...p.listeners]) listener(event);
  }

  /** Retention: an hour (outputTtlMs) after completion, input, logs and outputs are deleted. */
  private refresh(p: Prediction): void {
    if (p.dataRemoved || p.completedAt === null) return;
    if (Date.now() - p.completedAt >= this.hooks.settings.outputTtlMs) this.removeData(p);
  }

  private removeData(p: Prediction): void {
    if (p.dataRemoved) return;
    p.dataRemoved = true;
    p.output = null;
    p.input = {};
    p.logs = [];
    for (const path of p.outputPaths) this.outputFiles.delete(path);
  }

  /** Frees expired outputs' memory; called on create and list, so no retention timer is needed. */
  private sweep(): void {
    for (const p of this.ordered) this.refresh(p);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
