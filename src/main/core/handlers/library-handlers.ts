import { DEFAULT_HISTORY_VIEW, historyViewSchema, viewToQuery } from '../../../shared/history-query';
import { summarize } from '../../../shared/job';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './core-context';

type LibraryHandlers = Pick<Handlers, 'history:page' | 'history:ids' | 'history:groups' | 'history:facets' | 'history:start' | 'history:save-view' | 'library:status'>;

const HISTORY_VIEW_KEY = 'history.view';

/** The History's windows, groups and filters, and the library's own health. */
export function libraryHandlers(ctx: CoreContext): LibraryHandlers {
  const { store, preferences } = ctx.library;
  return {
    'history:page': async ({ query, offset, limit }) => {
      const page = store.page(query, offset, limit);
      return { total: page.total, offset, jobs: page.jobs.map(summarize) };
    },
    'history:ids': async ({ query, offset, limit }) => {
      const page = store.page(query, offset, limit);
      return { total: page.total, ids: page.jobs.map((job) => job.id) };
    },
    'history:groups': async ({ query }) => store.groups(query),
    'history:facets': async () => store.facets(),
    'history:start': async ({ limit }) => {
      const view = preferences.get(HISTORY_VIEW_KEY, historyViewSchema, DEFAULT_HISTORY_VIEW);
      // Main runs in its window's time zone (one machine, one session), so the saved days become
      // the same instants the renderer computes for the windows it asks for next.
      const query = viewToQuery(view);
      const page = store.page(query, 0, limit);
      return {
        view,
        page: { total: page.total, offset: 0, jobs: page.jobs.map(summarize) },
        groups: view.group === 'none' ? [] : store.groups(query),
      };
    },
    'history:save-view': async (view) => {
      preferences.set(HISTORY_VIEW_KEY, view);
      return view;
    },
    'library:status': async () => ctx.library.status(),
  };
}
