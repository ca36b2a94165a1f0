import { useAppInfoStore } from '../store/app-info';
import { setSettingsOpen, useUiStore } from '../store/ui';
import { ConnectionStatus } from './ConnectionStatus';

export function AppHeader() {
  const version = useAppInfoStore((state) => state.info?.version ?? null);
  const settingsOpen = useUiStore((state) => state.settingsOpen);

  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true" />
        <h1>Redraw</h1>
        <span className="brand-tagline">sketch in, painting out</span>
        {version !== null && <span className="brand-version">{/^\d/.test(version) ? `v${version}` : version}</span>}
      </div>
      <div className="header-actions">
        <ConnectionStatus />
        <button
          type="button"
          className="button button--ghost"
          aria-expanded={settingsOpen}
          aria-controls="settings-panel"
          onClick={() => setSettingsOpen(!settingsOpen)}
        >
          Settings
        </button>
      </div>
    </header>
  );
}
