import { useJobFieldErrors } from '../hooks/use-job-field-errors';
import { useWindowFileEvents } from '../hooks/use-window-file-events';
import { useUiStore } from '../store/ui';
import { AlertBar } from './AlertBar';
import { AppHeader } from './AppHeader';
import { BatchDialog } from './BatchDialog';
import { BatchesSection } from './BatchesSection';
import { ContactSheet } from './ContactSheet';
import { ComposePanel } from './ComposePanel';
import { HistoryGallery } from './HistoryGallery';
import { JobDetail } from './JobDetail';
import { QueueSection } from './QueueSection';
import { SettingsPanel } from './SettingsPanel';
import { SketchesDialog } from './SketchesDialog';
import { Toasts } from './Toasts';
import { ViewerHost } from './ViewerHost';

/**
 * One screen, three columns that scroll on their own: compose on the left, settings, the
 * queue and the history in the middle, and the job detail on the right while one is open. Nothing covers
 * the compose column, so a job's parameters or outputs can be taken over while it is open.
 */
export function App() {
  useWindowFileEvents();
  useJobFieldErrors();
  const settingsOpen = useUiStore((state) => state.settingsOpen);
  const detailOpen = useUiStore((state) => state.selectedJobId !== null);

  return (
    <div className="app">
      <AppHeader />
      <AlertBar />
      <main className={detailOpen ? 'workspace workspace--detail-open' : 'workspace'}>
        <ComposePanel />
        <div className="side">
          {settingsOpen && <SettingsPanel />}
          <QueueSection />
          <BatchesSection />
          <HistoryGallery />
        </div>
        <JobDetail />
      </main>
      <BatchDialog />
      <ContactSheet />
      <SketchesDialog />
      <ViewerHost />
      <Toasts />
    </div>
  );
}
