import { basename, dirname } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../shared/settings';
import { writeFileAtomic } from '../fs/atomic-write';
import { readLibraryFile } from '../library/library-file-guard';

/** Far more than any settings file; a bigger one is not ours. */
const MAX_SETTINGS_BYTES = 1024 * 1024;

export type SettingsStore = {
  get(): Settings;
  save(next: Settings): Promise<Settings>;
};

/**
 * settings.json under the data directory. A missing or damaged file falls back to defaults
 * field by field, so one bad value never loses the others.
 */
export async function openSettingsStore(filePath: string, defaults: Settings = DEFAULT_SETTINGS): Promise<SettingsStore> {
  let current = await readSettings(filePath, defaults);
  return {
    get: () => current,
    save: async (next) => {
      const parsed = settingsSchema.parse(next);
      await writeFileAtomic(filePath, `${JSON.stringify(parsed, null, 2)}\n`);
      current = parsed;
      return current;
    },
  };
}

async function readSettings(filePath: string, defaults: Settings): Promise<Settings> {
  let raw: unknown;
  try {
    // Through the data folder's file guard: a pipe, a device or a link in its place must not
    // hang or redirect start-up; it reads as no settings.
    raw = JSON.parse((await readLibraryFile(dirname(filePath), [basename(filePath)], { maxBytes: MAX_SETTINGS_BYTES })).toString('utf8'));
  } catch {
    return defaults;
  }
  if (typeof raw !== 'object' || raw === null) return defaults;
  const record = raw as Record<string, unknown>;
  const merged: Settings = { ...defaults };
  for (const key of Object.keys(settingsSchema.shape) as (keyof Settings)[]) {
    const field = settingsSchema.shape[key].safeParse(record[key]);
    if (field.success) Object.assign(merged, { [key]: field.data });
  }
  return merged;
}
