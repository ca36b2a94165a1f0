import type { WatchState } from '../../../shared/watch';
import { useParamCheck } from '../params/use-param-check';
import { useSettingsStore } from '../store/settings';
import { selectJob } from '../store/ui';
import { useWatchesStore } from '../store/watches';
import { applyCurrentParams, resumeWatching, startWatching, stopWatching } from '../watch/watch-actions';
import { changeTime, recipeText, revisionCount } from '../watch/watch-words';
import '../watch/watch.css';

const WATCH_REASON_ID = 'watch-blocked-reason';

/** One watched file: what it is doing, and what the artist can do about it. */
function WatchStatus({ watch, paramsValid }: { watch: WatchState; paramsValid: boolean }) {
  const paused = watch.state === 'paused';
  return (
    <div className={`watch-status${paused ? ' watch-status--paused' : ''}`} role="status" aria-label="Watch">
      <p className="watch-head">
        <span className="watch-dot" aria-hidden="true" />
        <span className="watch-file" title={watch.fileName}>
          {watch.fileName}
        </span>
        <span className="watch-state">{paused ? 'Paused' : 'Watching'}</span>
      </p>
      <p className="watch-facts">
        {revisionCount(watch.revisions)} · last change {changeTime(watch.lastChangeAt)}
        {watch.lastJobId !== null && (
          <>
            {' · '}
            <button type="button" className="link-button" onClick={() => selectJob(watch.lastJobId)}>
              Open revision {watch.revisions}
            </button>
          </>
        )}
      </p>
      {watch.message !== null && <p className="watch-message">{watch.message}</p>}
      <p className="watch-recipe" title={watch.params.prompt}>
        {recipeText(watch)}
      </p>
      <div className="watch-actions">
        {paused && (
          <button type="button" className="button button--small button--primary" onClick={() => void resumeWatching(watch.id)}>
            Resume
          </button>
        )}
        <button
          type="button"
          className="button button--small"
          disabled={!paramsValid}
          title={paramsValid ? 'Later revisions run with the parameters above' : 'Fix the marked parameters first'}
          onClick={() => void applyCurrentParams(watch.id)}
        >
          Use current parameters
        </button>
        <button type="button" className="button button--small button--ghost" onClick={() => void stopWatching(watch.id)}>
          Stop watching
        </button>
      </div>
    </div>
  );
}

/**
 * The live loop with the artist's drawing app: pick a file they keep saving, and each save that
 * changes the drawing runs again with these parameters. Main does the watching; this shows it.
 */
export function WatchSketchFile() {
  const watches = useWatchesStore((state) => state.list);
  const paramsValid = useParamCheck().params !== null;
  const tokenSet = useSettingsStore((state) => state.view?.tokenSet ?? false);
  const reason = !tokenSet ? 'Add an API token in Settings first.' : !paramsValid ? 'Fix the marked parameters first.' : null;
  return (
    <div className="watch">
      <div className="watch-start">
        <button
          type="button"
          className="button button--small"
          disabled={reason !== null}
          aria-describedby={reason === null ? undefined : WATCH_REASON_ID}
          onClick={() => void startWatching()}
        >
          Watch a file…
        </button>
        <span id={WATCH_REASON_ID} className="watch-hint">
          {reason ?? 'Every save in your drawing app becomes a new revision.'}
        </span>
      </div>
      {watches.map((watch) => (
        <WatchStatus key={watch.id} watch={watch} paramsValid={paramsValid} />
      ))}
    </div>
  );
}
