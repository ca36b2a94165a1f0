import { z } from 'zod';
import { create } from 'zustand';
import { draftInputSchema, type DraftInput } from '../../../shared/job';
import { DEFAULT_PARAMS, type GenerationParams, type ParamName } from '../../../shared/model-input';
import { fieldsFromParams, paramFieldsSchema, type ParamFields } from '../params/param-fields';

export const DRAFT_STORAGE_KEY = 'redraw.draft';

/**
 * The next job being put together. It is saved locally on every change so an artist can
 * draft offline and find the same prompt and sketch after a restart.
 */
type DraftState = {
  input: DraftInput | null;
  fields: ParamFields;
};

const storedDraftSchema = z.object({
  version: z.literal(1),
  input: draftInputSchema.nullable().catch(null),
  fields: paramFieldsSchema.partial().catch({}),
});
type StoredDraft = z.infer<typeof storedDraftSchema>;

function defaultDraft(): DraftState {
  return { input: null, fields: fieldsFromParams(DEFAULT_PARAMS) };
}

function storage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    // Access can throw when storage is disabled; drafting still works, it just is not kept.
    return null;
  }
}

function loadDraft(): DraftState {
  const fallback = defaultDraft();
  const text = storage()?.getItem(DRAFT_STORAGE_KEY);
  if (!text) return fallback;
  try {
    const stored = storedDraftSchema.safeParse(JSON.parse(text));
    if (!stored.success) return fallback;
    return { input: stored.data.input, fields: { ...fallback.fields, ...stored.data.fields } };
  } catch {
    return fallback;
  }
}

function saveDraft(state: DraftState): void {
  const stored: StoredDraft = { version: 1, input: state.input, fields: state.fields };
  try {
    storage()?.setItem(DRAFT_STORAGE_KEY, JSON.stringify(stored));
  } catch {
    // A full or disabled storage only costs the draft's survival across restarts.
  }
}

const initialDraft = loadDraft();

/**
 * The sketch restored from the last session. Main may have cleaned up its draft file since;
 * if its preview fails to load, the drop zone forgets it rather than show a broken image.
 */
export const restoredInputId: string | null = initialDraft.input?.inputId ?? null;

export const useDraftStore = create<DraftState>(() => initialDraft);

useDraftStore.subscribe((state, previous) => {
  if (state.input !== previous.input || state.fields !== previous.fields) saveDraft(state);
});

export function setDraftField(name: ParamName, value: string): void {
  useDraftStore.setState((state) => ({ fields: { ...state.fields, [name]: value } }));
}

export function setDraftParams(params: GenerationParams): void {
  useDraftStore.setState({ fields: fieldsFromParams(params) });
}

/** Fills the fields an image's recipe names and leaves the others as they are. */
export function mergeDraftParams(params: Partial<GenerationParams>): ParamName[] {
  const given = fieldsFromParams({ ...DEFAULT_PARAMS, ...params });
  const names = (Object.keys(params) as ParamName[]).filter((name) => name in given);
  useDraftStore.setState((state) => ({ fields: { ...state.fields, ...Object.fromEntries(names.map((name) => [name, given[name]])) } }));
  return names;
}

export function setDraftInput(input: DraftInput | null): void {
  useDraftStore.setState({ input });
}
