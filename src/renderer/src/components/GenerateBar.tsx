import { useEffect } from 'react';
import { cancelRunningJob, generate } from '../jobs/job-actions';
import { useCancelTargetId } from '../jobs/use-current-job';
import { useParamCheck } from '../params/use-param-check';
import { useDraftStore } from '../store/draft';
import { useSettingsStore } from '../store/settings';
import { useUiStore } from '../store/ui';
import { JobStatusLine } from './JobStatusLine';

const REASON_ID = 'generate-blocked-reason';

/** Why Generate cannot run yet, in the order the artist would fix things. */
function useBlockedReasons(): string[] {
  const hasInput = useDraftStore((state) => state.input !== null);
  const settings = useSettingsStore((state) => state.view);
  const { params } = useParamCheck();
  const reasons: string[] = [];
  if (settings === null) reasons.push('Loading settings…');
  else if (!settings.tokenSet) reasons.push('Add an API token in Settings first.');
  if (!hasInput) reasons.push('Choose an input image first.');
  if (params === null) reasons.push('Fix the marked parameters first.');
  return reasons;
}

/** Ctrl/Cmd+Enter generates from anywhere, including while typing the prompt. */
function useGenerateShortcut(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.repeat) {
        event.preventDefault();
        void generate();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

export function GenerateBar() {
  const reasons = useBlockedReasons();
  const busy = useUiStore((state) => state.generateBusy);
  const cancelTarget = useCancelTargetId();
  useGenerateShortcut(reasons.length === 0);

  return (
    <div className="card generate-bar">
      <div className="generate-actions">
        <button
          type="button"
          className="button button--primary button--large"
          disabled={reasons.length > 0 || busy}
          aria-describedby={reasons.length > 0 ? REASON_ID : undefined}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          title="Generate (Ctrl+Enter)"
          onClick={() => void generate()}
        >
          Generate
        </button>
        <button type="button" className="button" disabled={cancelTarget === null} onClick={() => void cancelRunningJob()}>
          Cancel
        </button>
      </div>
      <p id={REASON_ID} className="generate-reason">
        {reasons.join(' ')}
      </p>
      <JobStatusLine />
    </div>
  );
}
