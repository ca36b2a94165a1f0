import { dismissToast, useUiStore } from '../store/ui';

/** Confirmations ("Saved to …") that need no answer; announced politely, gone after a few seconds. */
export function Toasts() {
  const toasts = useUiStore((state) => state.toasts);
  return (
    <div className="toasts" aria-live="polite">
      {toasts.map((item) => (
        <div key={item.id} className="toast">
          <span>{item.text}</span>
          {item.action !== undefined && (
            <button type="button" className="button button--small toast-action" onClick={item.action.run}>
              {item.action.label}
            </button>
          )}
          <button type="button" className="toast-dismiss" aria-label="Dismiss message" onClick={() => dismissToast(item.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
