import { formatUsd } from '../format/money';
import { useAppInfoStore } from '../store/app-info';
import { useCostsStore } from '../store/costs';
import { setSettingsOpen, useUiStore } from '../store/ui';
import { ConnectionStatus } from './ConnectionStatus';

/** What today's and this month's jobs cost (estimated from their model time and the price per second). */
function CostTotals() {
  const totals = useCostsStore((state) => state.totals);
  if (totals === null) return null;
  return (
    <span
      className="cost-totals"
      role="status"
      aria-label="Spending"
      title={`Estimated from model time at ${formatUsd(totals.pricePerSecondUsd)} a second (a setting). Today: ${totals.today.jobs} jobs, this month: ${totals.month.jobs}.`}
    >
      Today {formatUsd(totals.today.costUsd)} · This month {formatUsd(totals.month.costUsd)}
    </span>
  );
}

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
        <CostTotals />
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
