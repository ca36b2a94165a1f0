import { summarize } from '../../../shared/job';
import type { Handlers } from '../ipc/dispatch';
import type { SketchWatches } from '../watch/sketch-watches';

type WatchHandlers = Pick<Handlers, 'watch:start' | 'watch:list' | 'watch:update-params' | 'watch:stop' | 'watch:resume' | 'watch:revisions'>;

/** Watching sketch files: the page starts, steers and stops watches; their state comes back as `watch:changed`. */
export function watchHandlers(watches: SketchWatches): WatchHandlers {
  return {
    'watch:start': async ({ params, recipeJobId }) => watches.start(params, recipeJobId),
    'watch:list': async () => watches.list(),
    'watch:update-params': async ({ watchId, params }) => watches.updateParams(watchId, params),
    'watch:stop': async ({ watchId }) => {
      await watches.stop(watchId);
      return { stopped: true as const };
    },
    'watch:resume': async ({ watchId }) => watches.resume(watchId),
    'watch:revisions': async ({ watchId }) => watches.revisions(watchId).map(summarize),
  };
}
