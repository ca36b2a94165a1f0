import { create } from 'zustand';
import type { AppErrorData } from '../../../shared/app-error';
import type { ParamName } from '../../../shared/model-input';
import type { ParamErrors } from '../params/param-fields';

/** What was being done when an error happened, so a later success of the same kind can clear it. */
export type ErrorSource = 'startup' | 'settings' | 'import' | 'generate' | 'job-action' | 'recipe';

export type ShownError = {
  data: AppErrorData;
  source: ErrorSource;
  /** Milliseconds since epoch; a rate limit's retryAfterSeconds counts from here. */
  receivedAt: number;
};

/** A toast may offer one follow-up (e.g. "Show in folder" after an export). */
export type ToastAction = { label: string; run: () => void };
export type Toast = { id: number; text: string; action?: ToastAction };

type UiState = {
  settingsOpen: boolean;
  /** The job shown in the detail view. */
  selectedJobId: string | null;
  /** The job the status line follows and Cancel acts on: the last one started here. */
  currentJobId: string | null;
  error: ShownError | null;
  /** Key of the job or queue condition the artist dismissed, so it stays dismissed until it changes. */
  dismissedJobError: string | null;
  /** Errors the service (or main) reported against particular parameters. */
  serverParamErrors: ParamErrors;
  /** Which job's field errors were already copied into serverParamErrors. */
  appliedJobFieldErrors: string | null;
  toasts: Toast[];
  /** An input image is being imported or picked; the drop zone says so. */
  importBusy: boolean;
  /** A jobs:create call is in flight; Generate waits for it so one click makes one job. */
  generateBusy: boolean;
};

export const useUiStore = create<UiState>(() => ({
  settingsOpen: false,
  selectedJobId: null,
  currentJobId: null,
  error: null,
  dismissedJobError: null,
  serverParamErrors: {},
  appliedJobFieldErrors: null,
  toasts: [],
  importBusy: false,
  generateBusy: false,
}));

export function setSettingsOpen(open: boolean): void {
  useUiStore.setState({ settingsOpen: open });
}

export function selectJob(jobId: string | null): void {
  useUiStore.setState({ selectedJobId: jobId });
}

export function setCurrentJob(jobId: string | null): void {
  useUiStore.setState({ currentJobId: jobId });
}

export function showError(data: AppErrorData, source: ErrorSource): void {
  useUiStore.setState({ error: { data, source, receivedAt: Date.now() } });
}

/** Clears the shown error only if it came from `source`, so one success does not hide an unrelated failure. */
export function clearError(source?: ErrorSource): void {
  useUiStore.setState((state) => (source === undefined || state.error?.source === source ? { error: null } : {}));
}

export function dismissJobError(key: string): void {
  useUiStore.setState({ dismissedJobError: key });
}

export function setServerParamErrors(errors: ParamErrors, appliedFromJob?: string): void {
  useUiStore.setState((state) => ({
    serverParamErrors: errors,
    appliedJobFieldErrors: appliedFromJob ?? state.appliedJobFieldErrors,
  }));
}

/** Editing a field answers the service's complaint about it, so the stale message goes. */
export function clearServerParamError(name: ParamName): void {
  useUiStore.setState((state) => {
    if (state.serverParamErrors[name] === undefined) return {};
    const rest = { ...state.serverParamErrors };
    delete rest[name];
    return { serverParamErrors: rest };
  });
}

let nextToastId = 1;
const TOAST_MS = 4500;
/** A toast with a button stays long enough to read it and reach for the button. */
const ACTION_TOAST_MS = 15_000;

export function toast(text: string, action?: ToastAction): void {
  const id = nextToastId++;
  useUiStore.setState((state) => ({ toasts: [...state.toasts.slice(-3), action ? { id, text, action } : { id, text }] }));
  setTimeout(() => dismissToast(id), action ? ACTION_TOAST_MS : TOAST_MS);
}

export function dismissToast(id: number): void {
  useUiStore.setState((state) => ({ toasts: state.toasts.filter((t) => t.id !== id) }));
}
