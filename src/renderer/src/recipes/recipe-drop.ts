import { create } from 'zustand';
import type { ParamName } from '../../../shared/model-input';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { call, toAppErrorData } from '../api/client';
import { PARAM_LABELS } from '../params/param-fields';
import { mergeDraftParams } from '../store/draft';
import { clearError, showError } from '../store/ui';

const SOURCE_NAMES = { redraw: 'Redraw', a1111: 'AUTOMATIC1111', comfyui: 'ComfyUI', invokeai: 'InvokeAI' } as const;

/** What the last image dropped on the parameters gave: shown above them until dismissed. */
export type RecipeNotice = { fileName: string; source: string | null; filled: string[]; notMapped: string[] };

export const useRecipeNoticeStore = create<{ notice: RecipeNotice | null }>(() => ({ notice: null }));

export function dismissRecipeNotice(): void {
  useRecipeNoticeStore.setState({ notice: null });
}

/**
 * An image dropped on the parameters: main reads the recipe it carries (Redraw's, A1111's,
 * ComfyUI's or InvokeAI's), every parameter it maps to is filled, and the notice says what was
 * filled and what could not be carried over. The sketch is not touched (dropped on the input,
 * the same image becomes the sketch).
 */
export async function applyRecipeFrom(file: File): Promise<void> {
  const fileName = file.name || 'image';
  if (file.size > MAX_INPUT_BYTES) {
    showError({ code: 'invalid-file', message: `${fileName} is too large to read a recipe from.` }, 'recipe');
    return;
  }
  try {
    const recipe = await call('recipes:read', { name: fileName, bytes: new Uint8Array(await file.arrayBuffer()) });
    clearError('recipe');
    if (recipe === null) {
      useRecipeNoticeStore.setState({ notice: { fileName, source: null, filled: [], notMapped: [] } });
      return;
    }
    const filled = mergeDraftParams(recipe.params).map((name: ParamName) => PARAM_LABELS[name]);
    useRecipeNoticeStore.setState({ notice: { fileName, source: SOURCE_NAMES[recipe.source], filled, notMapped: recipe.notMapped } });
  } catch (error) {
    showError(toAppErrorData(error), 'recipe');
  }
}
