import { DEFAULT_HISTORY_VIEW, historyViewSchema } from '../../../shared/history-query';
import { summarize } from '../../../shared/job';
import type { Handlers } from '../ipc/dispatch';
import type { CoreContext } from './core-context';

type LibraryHandlers = Pick<Handlers, 'history:page' | 'history:groups' | 'history:facets' | 'history:view' | 'history:save-view' | 'library:status'>;

const HISTORY_VIEW_KEY = 'history.view';

/** The History's windows, groups and filters, and the library's own health. */
export function libraryHandlers(ctx: CoreContext): LibraryHandlers {
  const { store, preferences } = ctx.library;
  return {
    'history:page': async ({ query, offset, limit }) => {
      const page = store.page(query, offset, limit);
      return { total: page.total, offset, jobs: page.jobs.map(summarize) };
    },
    'history:groups': async ({ query }) => store.groups(query),
    'history:facets': async () => store.facets(),
    'history:view': async () => preferences.get(HISTORY_VIEW_KEY, historyViewSchema, DEFAULT_HISTORY_VIEW),
    'history:save-view': async (view) => {
      preferences.set(HISTORY_VIEW_KEY, view);
      return view;
    },
    'library:status': async () => ctx.library.status(),
  };
}
