import { useEffect } from 'react';
import { startApp } from '../app/start';
import { useJobFieldErrors } from '../hooks/use-job-field-errors';
import { useWindowFileEvents } from '../hooks/use-window-file-events';
import { useUiStore } from '../store/ui';
import { AlertBar } from './AlertBar';
import { AppHeader } from './AppHeader';
import { ComposePanel } from './ComposePanel';
import { HistoryGallery } from './HistoryGallery';
import { JobDetail } from './JobDetail';
import { SettingsPanel } from './SettingsPanel';
import { Toasts } from './Toasts';

export function App() {
  useEffect(() => startApp(), []);
  useWindowFileEvents();
  useJobFieldErrors();
  const settingsOpen = useUiStore((state) => state.settingsOpen);
  const detailOpen = useUiStore((state) => state.selectedJobId !== null);

  return (
    <div className={detailOpen ? 'app app--detail-open' : 'app'}>
      <AppHeader />
      <AlertBar />
      {settingsOpen && <SettingsPanel />}
      <main className="workspace">
        <ComposePanel />
        <HistoryGallery />
      </main>
      <JobDetail />
      <Toasts />
    </div>
  );
}
