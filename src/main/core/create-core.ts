import { turnOffSharpCache } from './image/sharp-memory';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { EventName, EventPayload } from '../../shared/ipc-contract';
import { summarize } from '../../shared/job';
import { DEFAULT_SETTINGS, type Settings, type SettingsView } from '../../shared/settings';
import type { Clock, JobChange } from './catalog/job-store';
import type { DesktopShell } from './desktop-shell';
import type { CoreContext } from './handlers/core-context';
import { batchHandlers } from './handlers/batch-handlers';
import { inputHandlers } from './handlers/input-handlers';
import { jobHandlers } from './handlers/job-handlers';
import { libraryHandlers } from './handlers/library-handlers';
import { outputHandlers } from './handlers/output-handlers';
import { recipeHandlers } from './handlers/recipe-handlers';
import { settingsHandlers } from './handlers/settings-handlers';
import { shareHandlers } from './handlers/share-handlers';
import { watchHandlers } from './handlers/watch-handlers';
import { prepareWatchRecords } from './catalog/watch-records';
import { oneAtATime } from './image/one-at-a-time';
import { createSketchWatches, WATCH_DEBOUNCE_MS } from './watch/sketch-watches';
import { checkedEmit } from './ipc/checked-emit';
import { createDispatch, type Handlers } from './ipc/dispatch';
import { createJobEngine } from './jobs/job-engine';
import { openLibrary } from './library/open-library';
import { tokenOrigin, type TokenStore } from './secrets/token-store';
import { createTokenVerdicts } from './secrets/token-verdicts';
import { openSettingsStore } from './settings/settings-store';

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
  /** Quiet time after a watched file's last change before it is read (tests make it exact). */
  watchDebounceMs?: number;
};

const systemClock: Clock = { now: () => Date.now() };
/** The History's windows are refreshed after a burst of changes, not after each (a batch of 500 lands at once). */
const HISTORY_CHANGED_MS = 150;
/** Folders without a record are looked for once the first screen is up. */
const FOLDER_CHECK_DELAY_MS = 2_000;

/**
 * Builds everything that does work in main, composing one handler module per feature over
 * one shared context. No `electron` import anywhere below here.
 */
export async function createCore(deps: CoreDeps) {
  const clock = deps.clock ?? systemClock;
  turnOffSharpCache();
  const emit = checkedEmit(deps.emit);

  // Job changes become events: the renderer's only source of job updates.
  let changedIds = new Set<string>();
  let changedTimer: NodeJS.Timeout | null = null;
  let manyChanged = false;
  function historyChanged(jobId: string): void {
    if (changedIds.size < 100) changedIds.add(jobId);
    else manyChanged = true;
    changedTimer ??= setTimeout(() => {
      changedTimer = null;
      emit('history:changed', { jobIds: manyChanged ? [] : [...changedIds] });
      changedIds = new Set();
      manyChanged = false;
    }, HISTORY_CHANGED_MS);
  }
  function onJobChange(change: JobChange): void {
    if (change.type === 'deleted') {
      emit('job:deleted', { jobId: change.jobId });
      historyChanged(change.jobId);
      return;
    }
    emit('job:updated', summarize(change.job));
    if (change.listChanged) historyChanged(change.job.id);
  }

  const library = await openLibrary(deps.dataDir, clock, onJobChange);
  const settings = await openSettingsStore(join(deps.dataDir, 'settings.json'), { ...DEFAULT_SETTINGS, ...deps.defaultSettings });
  // The service's word on the stored token shows beside it; a change reaches the page at once.
  const tokenVerdicts = createTokenVerdicts((origin) => {
    if (origin !== tokenOrigin(settings.get().apiBaseUrl)) return;
    void settingsView().then((view) => emit('settings:changed', view), () => undefined);
  });
  async function settingsView(): Promise<SettingsView> {
    const current = settings.get();
    const origin = tokenOrigin(current.apiBaseUrl);
    const token = await deps.tokenStore.get(origin);
    return {
      ...current,
      tokenSet: token !== null,
      tokenLast4: token ? token.slice(-4) : null,
      tokenState: tokenVerdicts.stateOf(origin, token),
      tokenStorage: deps.tokenStore.kind,
      tokenStorageNote: deps.tokenStore.note,
    };
  }
  const engine = createJobEngine({
    onTokenVerdict: (origin, token, accepted) => tokenVerdicts.record(origin, token, accepted),
    store: library.store,
    files: library.files,
    clock,
    dispatcher: deps.dispatcher,
    getSettings: () => settings.get(),
    getToken: (origin) => deps.tokenStore.get(origin),
    onQueueChanged: (state) => emit('queue:changed', state),
    // A paused batch holds its waiting jobs (the engine never holds one already sent).
    isHeld: (job) => job.batch !== null && library.batches.isPaused(job.batch.id),
  });

  const ctx: CoreContext = {
    library,
    engine,
    settings,
    tokenStore: deps.tokenStore,
    desktop: deps.desktop,
    clock,
    dispatcher: deps.dispatcher,
    emit,
    appInfo: () => ({ version: deps.appVersion, mediaBaseUrl: deps.mediaBaseUrl, dataDir: deps.dataDir }),
    currentToken: () => deps.tokenStore.get(tokenOrigin(settings.get().apiBaseUrl)),
    currentSettings: () => settings.get(),
    tokenVerdicts,
    settingsView,
    oneImport: oneAtATime(),
  };
  const watches = createSketchWatches({
    ctx,
    records: prepareWatchRecords(library.catalog),
    debounceMs: deps.watchDebounceMs ?? WATCH_DEBOUNCE_MS,
    onChanged: (list) => emit('watch:changed', { watches: list }),
  });

  const handlers: Handlers = {
    ...settingsHandlers(ctx),
    ...inputHandlers(ctx),
    ...jobHandlers(ctx),
    ...outputHandlers(ctx),
    ...recipeHandlers(),
    ...libraryHandlers(ctx),
    ...batchHandlers(ctx),
    ...shareHandlers(ctx),
    ...watchHandlers(watches),
  };

  let folderCheck: NodeJS.Timeout | null = null;
  return {
    handlers,
    dispatch: createDispatch(handlers),
    library,
    /** Resumes jobs left unfinished by the last run, then (a little later) checks the job folders. */
    start(): void {
      engine.resumeUnfinished();
      // Watched files come back, and each looks at its file: a drawing saved while Redraw was closed is a revision.
      watches.resumeAll();
      folderCheck = setTimeout(() => {
        folderCheck = null;
        // Found folders are reported through the library status, which the renderer re-reads on this event.
        void library.checkFolders().then(
          (found) => {
            if (found.length > 0) emit('history:changed', { jobIds: [] });
          },
          () => undefined,
        );
      }, FOLDER_CHECK_DELAY_MS);
      folderCheck.unref();
    },
    /** A library image's bytes for the media protocol, read through the library file guard's own handle. */
    readMedia: (mediaPath: string) => library.readMedia(mediaPath),
    async close(): Promise<void> {
      if (folderCheck) clearTimeout(folderCheck);
      if (changedTimer) clearTimeout(changedTimer);
      // Before the engine: a check in progress may still queue its revision.
      await watches.close();
      await engine.close();
      await library.close();
    },
  };
}

export type Core = Awaited<ReturnType<typeof createCore>>;
