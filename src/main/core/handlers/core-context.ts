import type { Dispatcher } from 'undici';
import type { EventName, EventPayload } from '../../../shared/ipc-contract';
import type { Settings, SettingsView } from '../../../shared/settings';
import type { Clock } from '../catalog/job-store';
import type { DesktopShell } from '../desktop-shell';
import type { OneAtATime } from '../image/one-at-a-time';
import type { JobEngine } from '../jobs/job-engine';
import type { Library } from '../library/open-library';
import type { TokenStore } from '../secrets/token-store';
import type { TokenVerdicts } from '../secrets/token-verdicts';
import type { SettingsStore } from '../settings/settings-store';

/** What the feature handlers share: built once by createCore and handed to each. */
export type CoreContext = {
  library: Library;
  engine: JobEngine;
  settings: SettingsStore;
  tokenStore: TokenStore;
  desktop: DesktopShell;
  clock: Clock;
  dispatcher: Dispatcher | undefined;
  emit: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Read when asked: the browser harness learns its media address only after the core exists. */
  appInfo(): { version: string; mediaBaseUrl: string; dataDir: string };
  /** The token for the service the settings point at now. */
  currentToken(): Promise<string | null>;
  currentSettings(): Settings;
  /** What the service last said of each token (shown with the token's status). */
  tokenVerdicts: TokenVerdicts;
  /** Settings as the renderer may see them: the token's last 4 characters and state, never the token. */
  settingsView(): Promise<SettingsView>;
  /**
   * Sketches are read and decoded one at a time, whoever brings them (a drop, a pick, a watched
   * file's save): a decode's memory is bounded by the input limits, and this keeps it to one.
   */
  oneImport: OneAtATime;
};
