import { describe, expect, it } from 'vitest';
import { NO_ELECTRON_NOTICE, planDemo } from './demo-plan';

const installed = { path: '/opt/electron/electron' };
const missing = { missing: 'the Electron binary is not downloaded on this machine' };

describe('what npm run demo opens', () => {
  it('the real app where an Electron binary exists', () => {
    expect(planDemo({ args: [], binary: installed, display: ':0' })).toEqual({ open: 'electron', binary: installed.path });
    // Electron needs no X display of ours to be decided on; it reports its own errors.
    expect(planDemo({ args: [], binary: installed, display: undefined })).toEqual({ open: 'electron', binary: installed.path });
  });

  it('the browser demo with one line of explanation where Electron is missing', () => {
    expect(planDemo({ args: [], binary: missing, display: ':99' })).toEqual({ open: 'browser', notice: NO_ELECTRON_NOTICE });
    expect(NO_ELECTRON_NOTICE).not.toContain('\n');
  });

  it('the browser demo, quietly, when asked for with --browser even where Electron exists', () => {
    expect(planDemo({ args: ['--browser'], binary: installed, display: ':0' })).toEqual({ open: 'browser', notice: null });
    expect(planDemo({ args: ['--browser'], binary: missing, display: ':0' })).toEqual({ open: 'browser', notice: null });
  });

  it('nothing, pointing at xvfb-run, when the browser demo would have no display', () => {
    const plain = planDemo({ args: [], binary: missing, display: undefined });
    expect(plain.open).toBe('nothing');
    expect(plain.open === 'nothing' && plain.error).toContain('xvfb-run npm run demo');
    const asked = planDemo({ args: ['--browser'], binary: installed, display: '' });
    expect(asked.open === 'nothing' && asked.error).toContain('xvfb-run npm run demo -- --browser');
  });
});
