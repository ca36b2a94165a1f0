import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('the unit tests without a Secret Service', () => {
  it('say loudly that the keychain tests were skipped', () => {
    // The token store's tests alone, in a session with no bus at all.
    const env = { ...process.env };
    delete env.DBUS_SESSION_BUS_ADDRESS;
    // npm test demands the keychain; this run is about what happens without one.
    delete env.REDRAW_REQUIRE_KEYCHAIN;
    const run = spawnSync(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', 'src/main/core/secrets/token-stores.test.ts'], {
      env: { ...env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/redraw-no-bus' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    expect(run.stderr).toContain('KEYCHAIN TESTS SKIPPED');
  });
});
