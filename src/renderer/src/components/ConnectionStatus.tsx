import { useQueueStore } from '../store/queue';

const OFFLINE_TEXT = 'Offline — jobs will go out when the connection is back';

/**
 * Whether the image service can be reached, as main last found out. It is the one place
 * that says so (the alert bar leaves a dropped connection to it), and being a status region
 * it is announced politely when it changes. Why it is offline is in the tooltip.
 */
export function ConnectionStatus() {
  // Until main has answered, assume the usual: it only reports offline after a request failed.
  const online = useQueueStore((state) => state.queue?.online ?? true);
  const reason = useQueueStore((state) => state.queue?.offlineMessage ?? null);
  return (
    <span
      role="status"
      aria-label="Connection"
      className={online ? 'connection connection--online' : 'connection connection--offline'}
      title={online ? undefined : (reason ?? undefined)}
    >
      <span className="connection-dot" aria-hidden="true" />
      <span className="connection-text">{online ? 'Online' : OFFLINE_TEXT}</span>
    </span>
  );
}
