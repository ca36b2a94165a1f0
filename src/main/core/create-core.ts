import { copyFile, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import sharp from 'sharp';
import type { Dispatcher } from 'undici';
import { AppError } from '../../shared/app-error';
import { MAX_INPUT_BYTES, type EventName, type EventPayload } from '../../shared/ipc-contract';
import { summarize, type DraftInput, type Job } from '../../shared/job';
import { DEFAULT_SETTINGS, type Settings, type SettingsView } from '../../shared/settings';
import { createReplicateClient } from './api/replicate-client';
import type { DesktopShell } from './desktop-shell';
import { prepareInputImage } from './image/prepare-input';
import { createDispatch, type Handlers } from './ipc/dispatch';
import { freshRun } from './jobs/fresh-run';
import { createJobEngine } from './jobs/job-engine';
import type { Clock } from './jobs/run-context';
import { createLibrary } from './library/library-store';
import { tokenOrigin, type TokenStore } from './secrets/token-store';
import { openSettingsStore } from './settings/settings-store';
import { testConnection } from './settings/test-connection';

export type CoreDeps = {
  dataDir: string;
  tokenStore: TokenStore;
  desktop: DesktopShell;
  /** Sends an event to the renderer (webContents.send in the app, the page in the harness). */
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Where the renderer finds library images, e.g. `redraw-media://media`. */
  mediaBaseUrl: string;
  appVersion: string;
  dispatcher?: Dispatcher;
  clock?: Clock;
  /** Settings used until the artist saves their own (the demo points these at the fake server). */
  defaultSettings?: Partial<Settings>;
};

const systemClock: Clock = { now: () => Date.now() };

/** Builds everything that does work in main. No `electron` import anywhere below here. */
export async function createCore(deps: CoreDeps) {
  const clock = deps.clock ?? systemClock;
  const library = await createLibrary(deps.dataDir, clock);
  const settings = await openSettingsStore(join(deps.dataDir, 'settings.json'), { ...DEFAULT_SETTINGS, ...deps.defaultSettings });

  const engine = createJobEngine({
    library,
    clock,
    dispatcher: deps.dispatcher,
    getSettings: () => settings.get(),
    getToken: (origin) => deps.tokenStore.get(origin),
    onJobChanged: (job) => deps.emit('job:updated', summarize(job)),
    onQueueChanged: (state) => deps.emit('queue:changed', state),
  });

  /** The token for the service the settings point at now. */
  const currentToken = (): Promise<string | null> => deps.tokenStore.get(tokenOrigin(settings.get().apiBaseUrl));

  async function settingsView(): Promise<SettingsView> {
    const token = await currentToken();
    return {
      ...settings.get(),
      tokenSet: token !== null,
      tokenLast4: token ? token.slice(-4) : null,
      tokenStorage: deps.tokenStore.kind,
      tokenStorageNote: deps.tokenStore.note,
    };
  }

  /** Names of sketches staged this session, so a job keeps the file name the artist dropped. */
  const draftNames = new Map<string, string>();

  async function stageDraft(bytes: Uint8Array, sourceName: string): Promise<DraftInput> {
    const prepared = await prepareInputImage(bytes, sourceName);
    const inputId = await library.saveDraft(prepared.png);
    draftNames.set(inputId, sourceName);
    return {
      inputId,
      sourceName,
      width: prepared.width,
      height: prepared.height,
      bytes: prepared.png.byteLength,
      mediaPath: `drafts/${inputId}.png`,
    };
  }

  function requireJob(jobId: string): Job {
    const job = library.getJob(jobId);
    if (!job) throw new AppError('not-found', 'That job no longer exists.');
    return job;
  }

  function requireOutput(jobId: string, outputIndex: number) {
    const output = requireJob(jobId).outputs[outputIndex];
    if (!output) throw new AppError('not-found', 'That output does not exist.');
    return output;
  }

  /** A new job from a prepared image already in the library, queued for sending. */
  async function createJob(inputPng: string, sourceName: string, params: Job['params']): Promise<Job> {
    if (!(await currentToken())) {
      throw new AppError('no-token', `Set your API token for ${new URL(settings.get().apiBaseUrl).host} in Settings before generating.`);
    }
    const png = await readFile(inputPng).catch(() => {
      throw new AppError('invalid-file', 'The input image is gone; choose it again.');
    });
    // Drafts and job inputs are prepared already: copy the bytes, read only the size.
    const { width, height } = await sharp(png).metadata();
    if (!width || !height) throw new AppError('invalid-file', 'The input image cannot be read; choose it again.');
    const id = library.newJobId();
    await library.createJobFolder(id);
    await library.writeJobFile(id, 'input.png', png);
    const now = new Date(clock.now()).toISOString();
    const current = settings.get();
    const job: Job = {
      ...freshRun(now),
      id,
      params,
      seedUsed: params.seed,
      modelVersion: current.modelVersion,
      apiBaseUrl: current.apiBaseUrl,
      input: { file: 'input.png', width, height, bytes: png.byteLength, sourceName },
      updatedAt: now,
    };
    await engine.enqueue(job);
    return job;
  }

  const handlers: Handlers = {
    'app:info': async () => ({ version: deps.appVersion, mediaBaseUrl: deps.mediaBaseUrl, dataDir: deps.dataDir }),
    'settings:get': settingsView,
    'settings:save': async (update) => {
      const previous = settings.get();
      await settings.save({
        apiBaseUrl: update.apiBaseUrl,
        modelVersion: update.modelVersion,
        concurrency: update.concurrency ?? previous.concurrency,
      });
      if (update.token !== undefined) {
        try {
          await deps.tokenStore.set(tokenOrigin(update.apiBaseUrl), update.token);
        } catch (cause) {
          throw new AppError('internal', 'The token could not be stored in the keychain.', { cause });
        }
      }
      engine.settingsChanged();
      return settingsView();
    },
    'settings:clear-token': async () => {
      await deps.tokenStore.clear(tokenOrigin(settings.get().apiBaseUrl));
      return settingsView();
    },
    'settings:test-connection': async () => {
      const token = await currentToken();
      const current = settings.get();
      const client = token ? createReplicateClient({ baseUrl: current.apiBaseUrl, token, dispatcher: deps.dispatcher }) : null;
      return testConnection(client, current.modelVersion);
    },
    'input:import': async ({ name, bytes }) => stageDraft(bytes, basename(name) || 'pasted image'),
    'input:pick': async () => {
      const path = await deps.desktop.pickImageFile();
      if (!path) return null;
      const name = basename(path);
      const info = await stat(path).catch(() => null);
      if (!info?.isFile()) throw new AppError('invalid-file', `${name}: the file cannot be read.`);
      if (info.size > MAX_INPUT_BYTES) {
        throw new AppError('invalid-file', `${name}: the file is ${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is 50 MB.`);
      }
      return stageDraft(await readFile(path), name);
    },
    'input:from-output': async ({ jobId, outputIndex }) => {
      const output = requireOutput(jobId, outputIndex);
      return stageDraft(await readFile(library.jobFilePath(jobId, output.file)), `${jobId}-${output.file}`);
    },
    'input:from-job': async ({ jobId }) => {
      const job = requireJob(jobId);
      return stageDraft(await readFile(library.jobFilePath(jobId, job.input.file)), job.input.sourceName);
    },
    'jobs:create': async ({ inputId, params }) => {
      return summarize(await createJob(library.draftPath(inputId), draftNames.get(inputId) ?? 'sketch', params));
    },
    'jobs:list': async () => library.listJobs().map(summarize),
    'jobs:get': async ({ jobId }) => requireJob(jobId),
    'jobs:cancel': async ({ jobId }) => summarize(await engine.cancel(jobId)),
    'jobs:rerun': async ({ jobId }) => {
      const job = requireJob(jobId);
      return summarize(
        await createJob(library.jobFilePath(jobId, job.input.file), job.input.sourceName, { ...job.params, seed: null }),
      );
    },
    'jobs:delete': async ({ jobId }) => {
      requireJob(jobId);
      if (engine.isActive(jobId)) {
        // Stop it on the server first and let its run finish: a create still in flight must be
        // able to record and cancel the prediction it made before the record is gone.
        await engine.cancel(jobId);
        await engine.settled(jobId);
      }
      await library.deleteJob(jobId);
      deps.emit('job:deleted', { jobId });
      return { deleted: true as const };
    },
    'jobs:retry': async ({ jobId }) => summarize(await engine.retry(jobId)),
    'jobs:cancel-all': async () => ({ canceled: await engine.cancelAll() }),
    'jobs:move-up': async ({ jobId, toTop }) => engine.moveUp(jobId, toTop),
    'queue:get': async () => engine.queueState(),
    'outputs:save-as': async ({ jobId, outputIndex }) => {
      const output = requireOutput(jobId, outputIndex);
      const target = await deps.desktop.pickSavePath(`redraw-${jobId}-${output.file}`);
      if (!target) return { savedTo: null };
      // Copy beside the target, then rename: a full disk never leaves a half image under its name.
      const temp = join(dirname(target), `.${basename(target)}.redraw-partial`);
      try {
        await copyFile(library.jobFilePath(jobId, output.file), temp);
        const handle = await open(temp, 'r+');
        await handle.sync().finally(() => handle.close());
        await rename(temp, target);
      } catch (cause) {
        await rm(temp, { force: true });
        throw new AppError('internal', `Could not save to ${target}.`, { cause });
      }
      return { savedTo: target };
    },
    'outputs:show-in-folder': async ({ jobId, outputIndex }) => {
      const job = requireJob(jobId);
      const file = job.outputs[outputIndex]?.file ?? job.input.file;
      await deps.desktop.showInFolder(library.jobFilePath(jobId, file));
      return { shown: true };
    },
  };

  return {
    handlers,
    dispatch: createDispatch(handlers),
    library,
    /** Resumes jobs left unfinished by the last run. */
    start(): void {
      engine.resumeUnfinished();
    },
    resolveMediaPath: (mediaPath: string) => library.resolveMediaPath(mediaPath),
    close: () => engine.close(),
  };
}

export type Core = Awaited<ReturnType<typeof createCore>>;
