import { AppError } from '../../../shared/app-error';
import type { Handlers } from '../ipc/dispatch';
import { readRecipe } from '../recipes/read-recipe';

type RecipeHandlers = Pick<Handlers, 'recipes:read'>;

/** Reading the recipe out of an image the artist dropped on the parameters. */
export function recipeHandlers(): RecipeHandlers {
  return {
    'recipes:read': async ({ name, bytes }) => {
      try {
        return readRecipe(bytes);
      } catch (error) {
        // A damaged PNG: say which file, in the words the reader found.
        if (error instanceof AppError) throw new AppError('invalid-file', `${name}: ${error.message}`);
        throw error;
      }
    },
  };
}
