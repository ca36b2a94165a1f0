import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  API_BASE_PRESETS,
  CONCURRENCY_LIMITS,
  DEFAULT_SETTINGS,
  settingsUpdateSchema,
  type ConnectionCheck,
  type SettingsView,
  type TokenStorage,
} from '../../../shared/settings';
import {
  clearToken,
  saveSettings,
  testConnection,
  SETTINGS_FIELDS,
  type SettingsErrors,
  type SettingsField,
  type SettingsUpdateInput,
} from '../settings/settings-actions';
import { useAppInfoStore } from '../store/app-info';
import { useSettingsStore } from '../store/settings';
import { toast } from '../store/ui';

const STORAGE_WORDS: Record<TokenStorage, string> = {
  keychain: 'in the system keychain.',
  'safe-storage': 'on this computer, encrypted with the OS (safeStorage).',
  session: 'for this session only — will be forgotten when the app closes.',
};

function storageText(view: SettingsView): string {
  return `${view.tokenSet ? 'Kept' : 'A saved token will be kept'} ${STORAGE_WORDS[view.tokenStorage]}`;
}

function tokenStatus(view: SettingsView | null): string {
  if (view === null) return 'Loading settings…';
  if (!view.tokenSet) return 'No token set';
  const last4 = view.tokenLast4 ? ` (…${view.tokenLast4})` : '';
  // A token the service refused is never shown as a good one.
  return view.tokenState === 'refused' ? `Token refused${last4}: paste a new one` : `Token set${last4}`;
}

function tokenStatusClass(view: SettingsView | null): string {
  if (!view?.tokenSet) return 'token-status';
  return view.tokenState === 'refused' ? 'token-status token-status--refused' : 'token-status token-status--set';
}

/** The form's text, and the update it makes: an empty token field means "keep the stored token". */
type CostFields = { pricePerSecondUsd: string; confirmCostOverUsd: string };

/** A typed number, NaN when empty (so the schema names the field instead of taking 0). */
const numberOf = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text.trim()));

function toUpdate(apiBaseUrl: string, modelVersion: string, concurrency: string, costs: CostFields, token: string): SettingsUpdateInput {
  return {
    apiBaseUrl,
    modelVersion,
    concurrency: numberOf(concurrency),
    pricePerSecondUsd: numberOf(costs.pricePerSecondUsd),
    confirmCostOverUsd: numberOf(costs.confirmCostOverUsd),
    ...(token === '' ? {} : { token }),
  };
}

function clientErrors(update: SettingsUpdateInput): SettingsErrors {
  const parsed = settingsUpdateSchema.safeParse(update);
  const errors: SettingsErrors = {};
  if (parsed.success) return errors;
  for (const issue of parsed.error.issues) {
    const name = issue.path[0];
    const field = SETTINGS_FIELDS.find((candidate) => candidate === name);
    if (field === undefined || errors[field] !== undefined) continue;
    const notANumber = issue.code === 'invalid_type';
    errors[field] =
      field === 'concurrency'
        ? `Concurrent jobs must be a whole number from ${CONCURRENCY_LIMITS.min} to ${CONCURRENCY_LIMITS.max}`
        : (field === 'pricePerSecondUsd' || field === 'confirmCostOverUsd') && notANumber
          ? 'Enter an amount in US dollars, e.g. 0.0014'
          : issue.message;
  }
  return errors;
}

export function SettingsPanel() {
  const view = useSettingsStore((state) => state.view);
  const dataDir = useAppInfoStore((state) => state.info?.dataDir ?? null);
  const ids = useId();
  const idOf = (name: string): string => `${ids}-${name}`;

  const [apiBaseUrl, setApiBaseUrl] = useState(view?.apiBaseUrl ?? DEFAULT_SETTINGS.apiBaseUrl);
  const [modelVersion, setModelVersion] = useState(view?.modelVersion ?? DEFAULT_SETTINGS.modelVersion);
  const [concurrency, setConcurrency] = useState(String(view?.concurrency ?? DEFAULT_SETTINGS.concurrency));
  const [pricePerSecondUsd, setPricePerSecond] = useState(String(view?.pricePerSecondUsd ?? DEFAULT_SETTINGS.pricePerSecondUsd));
  const [confirmCostOverUsd, setConfirmCostOver] = useState(String(view?.confirmCostOverUsd ?? DEFAULT_SETTINGS.confirmCostOverUsd));
  // The token lives only in the input element until it is saved: not in React state (a
  // controlled input would also mirror it into the value attribute), a store or storage.
  const tokenRef = useRef<HTMLInputElement>(null);
  const [errors, setErrors] = useState<SettingsErrors>({});
  const [busy, setBusy] = useState<null | 'save' | 'test' | 'remove'>(null);
  const [check, setCheck] = useState<ConnectionCheck | null>(null);

  // Main's answer is the truth: refill the form whenever it changes (first load, after a save).
  useEffect(() => {
    if (view === null) return;
    setApiBaseUrl(view.apiBaseUrl);
    setModelVersion(view.modelVersion);
    setConcurrency(String(view.concurrency));
    setPricePerSecond(String(view.pricePerSecondUsd));
    setConfirmCostOver(String(view.confirmCostOverUsd));
  }, [view]);

  // Typing in a field answers its error, so the stale message goes.
  const clearFieldError = (name: SettingsField): void => {
    setErrors((current) => {
      if (current[name] === undefined) return current;
      const rest = { ...current };
      delete rest[name];
      return rest;
    });
  };
  const edit =
    (name: SettingsField, set: (value: string) => void) =>
    (value: string): void => {
      set(value);
      clearFieldError(name);
    };

  const onSubmit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const update = toUpdate(apiBaseUrl, modelVersion, concurrency, { pricePerSecondUsd, confirmCostOverUsd }, tokenRef.current?.value ?? '');
    const found = clientErrors(update);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy('save');
    const serverErrors = await saveSettings(update);
    setBusy(null);
    if (serverErrors === null) {
      if (tokenRef.current) tokenRef.current.value = '';
      setErrors({});
      // A test of what the form held before is about settings that no longer exist.
      setCheck(null);
      toast('Settings saved');
    } else {
      setErrors(serverErrors);
    }
  };

  // Tests what the form holds, saved or not: a token just pasted is tried before it is kept.
  const onTest = async (): Promise<void> => {
    const token = tokenRef.current?.value.trim() ?? '';
    const form = { apiBaseUrl, modelVersion, ...(token === '' ? {} : { token }) };
    const found = clientErrors(form);
    setErrors(found);
    setCheck(null);
    if (Object.keys(found).length > 0) return;
    setBusy('test');
    setCheck(await testConnection(form));
    setBusy(null);
  };

  const onRemove = async (): Promise<void> => {
    setBusy('remove');
    if (await clearToken()) toast('Token removed');
    setBusy(null);
  };

  const describedBy = (name: SettingsField, help?: string): string | undefined => {
    const parts = [help, errors[name] === undefined ? undefined : idOf(`${name}-error`)].filter(Boolean);
    return parts.length > 0 ? parts.join(' ') : undefined;
  };
  const fieldError = (name: SettingsField) =>
    errors[name] === undefined ? null : (
      <p id={idOf(`${name}-error`)} className="field-error">
        {errors[name]}
      </p>
    );

  /** A number setting: label, input, error, wired together like the other fields. */
  const numberField = (
    name: 'concurrency' | 'pricePerSecondUsd' | 'confirmCostOverUsd',
    label: string,
    value: string,
    set: (value: string) => void,
    limits: { min: number; max?: number; step: number | 'any' },
  ) => (
    <div className="field field--narrow">
      <label htmlFor={idOf(name)}>{label}</label>
      <input
        id={idOf(name)}
        type="number"
        min={limits.min}
        max={limits.max}
        step={limits.step}
        value={value}
        aria-invalid={errors[name] !== undefined}
        aria-describedby={describedBy(name)}
        onChange={(event) => edit(name, set)(event.target.value)}
      />
      {fieldError(name)}
    </div>
  );

  return (
    <section id="settings-panel" className="settings card" aria-labelledby={idOf('heading')}>
      <div className="settings-head">
        <h2 id={idOf('heading')}>Settings</h2>
        <div className="token-state">
          <p className={tokenStatusClass(view)}>{tokenStatus(view)}</p>
          {view !== null && (
            <p className="token-storage">
              {storageText(view)}
              {view.tokenStorageNote !== '' && <span className="token-storage-note"> {view.tokenStorageNote}</span>}
            </p>
          )}
        </div>
      </div>

      <form className="settings-form" noValidate onSubmit={(event) => void onSubmit(event)}>
        <div className="field">
          <label htmlFor={idOf('token')}>API token</label>
          <input
            ref={tokenRef}
            id={idOf('token')}
            type="password"
            autoComplete="off"
            spellCheck={false}
            defaultValue=""
            placeholder={view?.tokenSet ? `•••• ${view.tokenLast4 ?? ''}`.trim() : 'r8_…'}
            aria-invalid={errors.token !== undefined}
            aria-describedby={describedBy('token', idOf('token-help'))}
            onChange={() => clearFieldError('token')}
          />
          <p id={idOf('token-help')} className="field-help">
            {view?.tokenSet
              ? 'Leave empty to keep the current token.'
              : 'Paste the token from your Replicate (or reseller) account.'}{' '}
            Once saved it is never shown again.
          </p>
          {fieldError('token')}
        </div>

        <div className="field">
          <label htmlFor={idOf('apiBaseUrl')}>API base URL</label>
          <input
            id={idOf('apiBaseUrl')}
            type="url"
            spellCheck={false}
            value={apiBaseUrl}
            aria-invalid={errors.apiBaseUrl !== undefined}
            aria-describedby={describedBy('apiBaseUrl')}
            onChange={(event) => edit('apiBaseUrl', setApiBaseUrl)(event.target.value)}
          />
          <div className="presets" role="group" aria-label="Service presets">
            {API_BASE_PRESETS.map((preset) => (
              <button
                key={preset.url}
                type="button"
                className="chip"
                aria-pressed={apiBaseUrl.replace(/\/+$/, '') === preset.url}
                onClick={() => edit('apiBaseUrl', setApiBaseUrl)(preset.url)}
              >
                {preset.label}
              </button>
            ))}
          </div>
          {fieldError('apiBaseUrl')}
        </div>

        <div className="field field--wide">
          <label htmlFor={idOf('modelVersion')}>Model version</label>
          <input
            id={idOf('modelVersion')}
            type="text"
            spellCheck={false}
            value={modelVersion}
            aria-invalid={errors.modelVersion !== undefined}
            aria-describedby={describedBy('modelVersion')}
            onChange={(event) => edit('modelVersion', setModelVersion)(event.target.value)}
          />
          {fieldError('modelVersion')}
        </div>

        {numberField('concurrency', 'Concurrent jobs', concurrency, setConcurrency, { min: CONCURRENCY_LIMITS.min, max: CONCURRENCY_LIMITS.max, step: 1 })}
        {numberField('pricePerSecondUsd', 'Price per second of model time (US$)', pricePerSecondUsd, setPricePerSecond, { min: 0, step: 'any' })}
        {numberField('confirmCostOverUsd', 'Confirm batches estimated over (US$)', confirmCostOverUsd, setConfirmCostOver, { min: 0, step: 'any' })}

        <div className="settings-actions">
          <button type="submit" className="button button--primary" disabled={busy !== null}>
            Save settings
          </button>
          <button type="button" className="button" disabled={busy !== null} onClick={() => void onTest()}>
            Test connection
          </button>
          <button
            type="button"
            className="button button--danger"
            disabled={busy !== null || !view?.tokenSet}
            onClick={() => void onRemove()}
          >
            Remove token
          </button>
          <span className="busy-note" aria-live="polite">
            {busy === 'save' ? 'Saving…' : busy === 'test' ? 'Testing these settings…' : busy === 'remove' ? 'Removing…' : ''}
          </span>
        </div>
      </form>

      {check !== null && (
        <div className="checks">
          <p className={check.ok ? 'checks-summary checks-summary--ok' : 'checks-summary checks-summary--bad'}>
            {check.ok ? 'Connection works.' : 'Connection has problems.'}
          </p>
          <ul aria-label="Connection checks" className="checks-list">
            {check.checks.map((item, index) => (
              <li key={`${item.name}-${index}`} className={item.ok ? 'check check--ok' : 'check check--bad'}>
                <span className="check-mark" aria-hidden="true">
                  {item.ok ? '✓' : '✕'}
                </span>
                <span className="check-name">{item.name}</span>
                <span className="check-result">{item.ok ? 'OK' : 'Failed'}</span>
                <span className="check-message">{item.message}</span>
              </li>
            ))}
          </ul>
        </div>
      )}

      {dataDir !== null && <p className="data-dir">Your jobs and images are kept in {dataDir}</p>}
    </section>
  );
}
