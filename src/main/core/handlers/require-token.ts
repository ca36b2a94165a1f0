import { AppError } from '../../../shared/app-error';
import type { CoreContext } from './core-context';

/** Nothing is made before a token exists for the service the settings point at: say where it goes. */
export async function requireToken(ctx: CoreContext): Promise<void> {
  if (!(await ctx.currentToken())) {
    throw new AppError('no-token', `Set your API token for ${new URL(ctx.currentSettings().apiBaseUrl).host} in Settings before generating.`);
  }
}
