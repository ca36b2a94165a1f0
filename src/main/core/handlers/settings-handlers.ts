import { AppError } from '../../../shared/app-error';
import { createReplicateClient } from '../api/replicate-client';
import type { Handlers } from '../ipc/dispatch';
import { tokenOrigin } from '../secrets/token-store';
import { testConnection } from '../settings/test-connection';
import type { CoreContext } from './core-context';

type SettingsHandlers = Pick<Handlers, 'app:info' | 'settings:get' | 'settings:save' | 'settings:clear-token' | 'settings:test-connection'>;

/** Settings, the token and the connection check. */
export function settingsHandlers(ctx: CoreContext): SettingsHandlers {

  return {
    'app:info': async () => ctx.appInfo(),
    'settings:get': () => ctx.settingsView(),
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
      return ctx.settingsView();
    },
    'settings:clear-token': async () => {
      await ctx.tokenStore.clear(tokenOrigin(ctx.currentSettings().apiBaseUrl));
      return ctx.settingsView();
    },
    // What the form holds, saved or not: a pasted token is tested before it is kept, and with
    // none pasted the token stored for the form's service (not the saved one's) is used.
    'settings:test-connection': async (form) => {
      const origin = tokenOrigin(form.apiBaseUrl);
      const token = form.token ?? (await ctx.tokenStore.get(origin));
      const client = token ? createReplicateClient({ baseUrl: form.apiBaseUrl, token, dispatcher: ctx.dispatcher }) : null;
      return testConnection(client, form.modelVersion, (accepted) => {
        if (token) ctx.tokenVerdicts.record(origin, token, accepted);
      });
    },
  };
}
