/**
 * What the environment may change at start: a data folder and a demo server with its throwaway
 * token (`npm run demo`, the Electron e2e spec). Only for a development build: a packaged app
 * ignores them, so nothing in an artist's environment can point Redraw, or their token, elsewhere.
 */
export type EnvironmentOverrides = { dataDir?: string; demo?: { apiBaseUrl: string; token: string } };

export function environmentOverrides(env: Readonly<Record<string, string | undefined>>, packaged: boolean): EnvironmentOverrides {
  if (packaged) return {};
  const overrides: EnvironmentOverrides = {};
  if (env.REDRAW_DATA_DIR) overrides.dataDir = env.REDRAW_DATA_DIR;
  if (env.REDRAW_DEMO_API_BASE_URL && env.REDRAW_DEMO_TOKEN) overrides.demo = { apiBaseUrl: env.REDRAW_DEMO_API_BASE_URL, token: env.REDRAW_DEMO_TOKEN };
  return overrides;
}
