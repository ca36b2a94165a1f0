import type { z } from 'zod';
import type { AppErrorData } from '../../../shared/app-error';
import type { ConnectionCheck, connectionTestSchema, settingsUpdateSchema } from '../../../shared/settings';
import { call, toAppErrorData } from '../api/client';
import { setSettingsView } from '../store/settings';
import { clearError, showError } from '../store/ui';

export type SettingsUpdateInput = z.input<typeof settingsUpdateSchema>;
export type ConnectionTestInput = z.input<typeof connectionTestSchema>;
export const SETTINGS_FIELDS = ['apiBaseUrl', 'modelVersion', 'concurrency', 'pricePerSecondUsd', 'confirmCostOverUsd', 'token'] as const;
export type SettingsField = (typeof SETTINGS_FIELDS)[number];
export type SettingsErrors = Partial<Record<SettingsField, string>>;

function isSettingsField(value: unknown): value is SettingsField {
  return typeof value === 'string' && (SETTINGS_FIELDS as readonly string[]).includes(value);
}

/** Main's field errors, keyed by the settings control they belong to. */
export function settingsErrorsFromData(error: AppErrorData): SettingsErrors {
  const errors: SettingsErrors = {};
  for (const field of error.fields ?? []) {
    const name = isSettingsField(field.param) ? field.param : isSettingsField(field.field) ? field.field : null;
    if (name !== null && errors[name] === undefined) errors[name] = field.message;
  }
  return errors;
}

/** Returns null when saved, else the field errors to show (other failures go to the alert). */
export async function saveSettings(update: SettingsUpdateInput): Promise<SettingsErrors | null> {
  try {
    setSettingsView(await call('settings:save', update));
    clearError('settings');
    return null;
  } catch (error) {
    const data = toAppErrorData(error);
    showError(data, 'settings');
    return settingsErrorsFromData(data);
  }
}

export async function clearToken(): Promise<boolean> {
  try {
    setSettingsView(await call('settings:clear-token', undefined));
    clearError('settings');
    return true;
  } catch (error) {
    showError(toAppErrorData(error), 'settings');
    return false;
  }
}

/** Tests what the form holds (a pasted token included), whether or not it is saved. */
export async function testConnection(form: ConnectionTestInput): Promise<ConnectionCheck | null> {
  try {
    const result = await call('settings:test-connection', form);
    clearError('settings');
    return result;
  } catch (error) {
    showError(toAppErrorData(error), 'settings');
    return null;
  }
}
