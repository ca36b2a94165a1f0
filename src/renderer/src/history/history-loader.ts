import { HISTORY_PAGE_SIZE, viewToQuery, type HistoryView } from '../../../shared/history-query';
import { call, callAtStart, toAppErrorData } from '../api/client';
import { useHistoryStore } from '../store/history';
import { keepOnlyJobs, putJobs } from '../store/jobs';
import { useQueueStore } from '../store/queue';
import { showError, useUiStore } from '../store/ui';
import { useViewerStore } from '../store/viewer';

/** Windows kept on each side of what is on screen; further ones are let go (and their summaries). */
const PAGES_KEPT_AROUND = 4;
const RELOAD_DELAY_MS = 90;

let visible = { first: 0, last: 0 };
const inFlight = new Set<string>();
let reloadTimer: ReturnType<typeof setTimeout> | null = null;

function fail(error: unknown): void {
  showError(toAppErrorData(error), 'startup');
}

async function loadPage(page: number, generation: number): Promise<void> {
  const key = `${generation}:${page}`;
  if (inFlight.has(key)) return;
  inFlight.add(key);
  try {
    const { view } = useHistoryStore.getState();
    const result = await call('history:page', { query: viewToQuery(view), offset: page * HISTORY_PAGE_SIZE, limit: HISTORY_PAGE_SIZE });
    if (useHistoryStore.getState().generation !== generation) return;
    putJobs(result.jobs);
    useHistoryStore.setState((state) => ({ total: result.total, pages: { ...state.pages, [page]: result.jobs.map((job) => job.id) } }));
  } catch (error) {
    fail(error);
  } finally {
    inFlight.delete(key);
  }
}

async function loadGroups(generation: number): Promise<void> {
  const { view } = useHistoryStore.getState();
  if (view.group === 'none') {
    useHistoryStore.setState({ groups: [] });
    return;
  }
  try {
    const groups = await call('history:groups', { query: viewToQuery(view) });
    if (useHistoryStore.getState().generation === generation) useHistoryStore.setState({ groups });
  } catch (error) {
    fail(error);
  }
}

function pagesAround(first: number, last: number): number[] {
  const from = Math.max(0, Math.floor(first / HISTORY_PAGE_SIZE) - 1);
  const to = Math.floor(Math.max(first, last) / HISTORY_PAGE_SIZE) + 1;
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** Summaries anyone on screen still needs: loaded windows, the queue, the open job, the viewer. */
function referencedJobIds(): Set<string> {
  const keep = new Set<string>();
  for (const ids of Object.values(useHistoryStore.getState().pages)) for (const id of ids) keep.add(id);
  const { queue, batch } = useQueueStore.getState();
  for (const id of [...(queue?.running ?? []), ...(queue?.waiting ?? []), ...batch]) keep.add(id);
  const ui = useUiStore.getState();
  for (const id of [ui.selectedJobId, ui.currentJobId, useViewerStore.getState().open?.jobId ?? null]) if (id !== null) keep.add(id);
  return keep;
}

/**
 * The gallery reports the places it shows; the windows around them are loaded and those far
 * away let go, so the page holds a few hundred summaries whatever the library's size.
 */
export function showHistoryRange(first: number, last: number): void {
  visible = { first, last };
  const { generation, total, pages } = useHistoryStore.getState();
  const exists = (page: number): boolean => total === null || page * HISTORY_PAGE_SIZE < total;
  const shown = new Set([Math.floor(first / HISTORY_PAGE_SIZE), Math.floor(Math.max(first, last) / HISTORY_PAGE_SIZE)]);
  for (const page of pagesAround(first, last).filter(exists)) {
    if (pages[page] !== undefined) continue;
    // What is on screen is asked for now; the windows on either side (read ahead for scrolling)
    // when the page is idle, so they never hold up the thumbnails being shown.
    if (shown.has(page)) void loadPage(page, generation);
    else whenIdle(() => void loadPage(page, generation));
  }
  const low = Math.floor(first / HISTORY_PAGE_SIZE) - PAGES_KEPT_AROUND;
  const high = Math.floor(last / HISTORY_PAGE_SIZE) + PAGES_KEPT_AROUND;
  const far = Object.keys(pages).map(Number).filter((page) => page < low || page > high);
  if (far.length > 0) {
    useHistoryStore.setState((state) => {
      const kept = { ...state.pages };
      for (const page of far) delete kept[page];
      return { pages: kept };
    });
    keepOnlyJobs(referencedJobIds());
  }
}

/** Makes sure the window holding one place is loaded (the viewer stepping past what the gallery loaded). */
export function loadHistoryPlace(index: number): void {
  const { generation, total, pages } = useHistoryStore.getState();
  if (index < 0 || (total !== null && index >= total)) return;
  const page = Math.floor(index / HISTORY_PAGE_SIZE);
  if (pages[page] === undefined) void loadPage(page, generation);
}

/** Set when a refresh should read the library's status again too. */
let statusWanted = false;

/**
 * Re-reads what is on screen (after main said the History changed), keeping it shown until the
 * answers land. The library's status is read again only when asked (it changes only when main
 * has looked at the job folders, which it says with an empty list of jobs).
 */
export function refreshHistory(options: { libraryStatus?: boolean } = {}): void {
  if (options.libraryStatus) statusWanted = true;
  if (reloadTimer !== null) return;
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    const { generation } = useHistoryStore.getState();
    // Before the first start there is nothing shown to re-read (the saved view is still on its way).
    if (generation === 0) return;
    // Windows off screen are stale now: dropped, and fetched again if the artist scrolls back.
    const onScreen = new Set(pagesAround(visible.first, visible.last));
    useHistoryStore.setState((state) => ({
      pages: Object.fromEntries(Object.entries(state.pages).filter(([page]) => onScreen.has(Number(page)))),
    }));
    void loadGroups(generation);
    for (const page of onScreen) void loadPage(page, generation);
    void loadFacets(statusWanted);
    statusWanted = false;
  }, RELOAD_DELAY_MS);
}

async function loadFacets(withStatus: boolean): Promise<void> {
  try {
    const [facets, failed, libraryStatus] = await Promise.all([
      call('history:facets', undefined),
      call('history:page', { query: viewToQuery({ ...useHistoryStore.getState().view, ...NO_FILTERS, status: 'failed' }), offset: 0, limit: 1 }),
      withStatus ? call('library:status', undefined) : Promise.resolve(useHistoryStore.getState().libraryStatus),
    ]);
    useHistoryStore.setState({ facets, failedCount: failed.total, libraryStatus });
  } catch (error) {
    fail(error);
  }
}

const NO_FILTERS: Partial<HistoryView> = {
  text: '',
  favouritesOnly: false,
  fromDay: null,
  toDay: null,
  sketch: null,
  modelVersion: null,
};

/** Starts over for a new view: nothing of the old result is shown as if it matched. Resolves when its first window is in. */
function restart(): Promise<void> {
  const generation = useHistoryStore.getState().generation + 1;
  useHistoryStore.setState({ generation, total: null, pages: {}, groups: [] });
  visible = { first: 0, last: 0 };
  return Promise.all([loadGroups(generation), loadPage(0, generation)]).then(() => undefined);
}

/** Changes the view (search, filters, order, grouping); it is saved in main so it survives a restart. */
export function setHistoryView(change: Partial<HistoryView>): void {
  useHistoryStore.setState((state) => ({ view: { ...state.view, ...change } }));
  if (reloadTimer !== null) clearTimeout(reloadTimer);
  // Typing is answered as it happens, but not on every keystroke.
  reloadTimer = setTimeout(() => {
    reloadTimer = null;
    void restart();
  }, RELOAD_DELAY_MS);
  // Saved at once (one small row in the catalog): a view changed just before quitting is kept.
  void call('history:save-view', useHistoryStore.getState().view).catch(fail);
}

/**
 * At start: the saved view with its first window and groups, in one call (the first frame waits on
 * nothing else). Facets, counts and the library's health follow once the page is idle, so they
 * do not compete with the first thumbnails. Resolves when the first window is in.
 */
export async function startHistory(): Promise<void> {
  const generation = useHistoryStore.getState().generation + 1;
  useHistoryStore.setState({ generation, total: null, pages: {}, groups: [] });
  try {
    const start = await callAtStart('history:start', { limit: HISTORY_PAGE_SIZE });
    // The artist changed the view while the start was on its way: theirs wins.
    if (useHistoryStore.getState().generation !== generation) return;
    putJobs(start.page.jobs);
    useHistoryStore.setState({
      view: start.view,
      total: start.page.total,
      pages: { 0: start.page.jobs.map((job) => job.id) },
      groups: start.groups,
    });
  } catch (error) {
    fail(error);
    await restart();
  } finally {
    whenIdle(() => void loadFacets(true));
  }
}

/** Runs work the first frame does not need once the page has nothing else to do (or after a second). */
export function whenIdle(work: () => void): void {
  requestIdleCallback(work, { timeout: 1000 });
}

/** Summaries of jobs the page needs but has not loaded (a queue entry, a linked job). */
export async function fetchJobs(jobIds: readonly string[]): Promise<void> {
  for (let i = 0; i < jobIds.length; i += 500) {
    putJobs(await call('jobs:summaries', { jobIds: jobIds.slice(i, i + 500) }));
  }
}
