import { AppError } from '../../../shared/app-error';
import type { SettingsView } from '../../../shared/settings';
import { createReplicateClient } from '../api/replicate-client';
import type { Handlers } from '../ipc/dispatch';
import { tokenOrigin } from '../secrets/token-store';
import { testConnection } from '../settings/test-connection';
import type { CoreContext } from './core-context';

type SettingsHandlers = Pick<Handlers, 'app:info' | 'settings:get' | 'settings:save' | 'settings:clear-token' | 'settings:test-connection'>;

/** Settings, the token and the connection check. */
export function settingsHandlers(ctx: CoreContext): SettingsHandlers {
  async function settingsView(): Promise<SettingsView> {
    const token = await ctx.currentToken();
    return {
      ...ctx.currentSettings(),
      tokenSet: token !== null,
      tokenLast4: token ? token.slice(-4) : null,
      tokenStorage: ctx.tokenStore.kind,
      tokenStorageNote: ctx.tokenStore.note,
    };
  }

  return {
    'app:info': async () => ctx.appInfo(),
    'settings:get': settingsView,
    'settings:save': async (update) => {
      const previous = ctx.currentSettings();
      await ctx.settings.save({
        apiBaseUrl: update.apiBaseUrl,
        modelVersion: update.modelVersion,
        concurrency: update.concurrency ?? previous.concurrency,
        pricePerSecondUsd: update.pricePerSecondUsd ?? previous.pricePerSecondUsd,
        confirmCostOverUsd: update.confirmCostOverUsd ?? previous.confirmCostOverUsd,
      });
      if (update.token !== undefined) {
        try {
          await ctx.tokenStore.set(tokenOrigin(update.apiBaseUrl), update.token);
        } catch (cause) {
          throw new AppError('internal', 'The token could not be stored in the keychain.', { cause });
        }
      }
      ctx.engine.settingsChanged();
      return settingsView();
    },
    'settings:clear-token': async () => {
      await ctx.tokenStore.clear(tokenOrigin(ctx.currentSettings().apiBaseUrl));
      return settingsView();
    },
    'settings:test-connection': async () => {
      const token = await ctx.currentToken();
      const current = ctx.currentSettings();
      const client = token ? createReplicateClient({ baseUrl: current.apiBaseUrl, token, dispatcher: ctx.dispatcher }) : null;
      return testConnection(client, current.modelVersion);
    },
  };
}
