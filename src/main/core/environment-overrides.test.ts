import { describe, expect, it } from 'vitest';
import { environmentOverrides } from './environment-overrides';

const env = { REDRAW_DATA_DIR: '/tmp/redraw-demo', REDRAW_DEMO_API_BASE_URL: 'http://127.0.0.1:5555/v1', REDRAW_DEMO_TOKEN: 'r8_demo' };

describe('environment overrides', () => {
  it('apply to a development build (the demo, the Electron e2e spec)', () => {
    expect(environmentOverrides(env, false)).toEqual({ dataDir: '/tmp/redraw-demo', demo: { apiBaseUrl: 'http://127.0.0.1:5555/v1', token: 'r8_demo' } });
    // A demo server without its token is no demo.
    expect(environmentOverrides({ REDRAW_DEMO_API_BASE_URL: 'http://127.0.0.1:5555/v1' }, false)).toEqual({});
  });

  it('never apply to a packaged app', () => {
    expect(environmentOverrides(env, true)).toEqual({});
  });
});
