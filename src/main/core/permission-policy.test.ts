import { describe, expect, it } from 'vitest';
import { APP_ORIGIN } from './navigation-policy';
import { mayGrantPermission } from './permission-policy';

// Every permission name Electron 45's session handlers can be asked about (electron.d.ts), and
// the device types of its device permission handler.
const ELECTRON_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control',
  'clipboard-read', 'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture',
  'fileSystem', 'fullscreen', 'geolocation', 'geolocation-approximate', 'hand-tracking', 'hid',
  'idle-detection', 'keyboardLock', 'local-fonts', 'local-network', 'local-network-access',
  'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock',
  'screen-wake-lock', 'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access',
  'system-wake-lock', 'top-level-storage-access', 'usb', 'vr', 'web-app-installation', 'web-printing',
  'window-management', 'unknown',
];

describe('permissions', () => {
  it('are all refused to our own page (copying an image goes through main, not the page)', () => {
    for (const permission of ELECTRON_PERMISSIONS) {
      expect(mayGrantPermission(permission, 'redraw://app/index.html', APP_ORIGIN), permission).toBe(false);
      expect(mayGrantPermission(permission, APP_ORIGIN, APP_ORIGIN), permission).toBe(false);
    }
  });

  it('are all refused to any other page, and to a request with no origin', () => {
    for (const permission of ELECTRON_PERMISSIONS) {
      for (const from of ['https://replicate.com/', 'file:///tmp/x.html', 'about:blank', 'redraw-media://media/a.png', '', null, undefined]) {
        expect(mayGrantPermission(permission, from, APP_ORIGIN), `${permission} from ${String(from)}`).toBe(false);
      }
    }
  });

  it('refuses names it does not know', () => {
    expect(mayGrantPermission('clipboard-write', APP_ORIGIN, APP_ORIGIN)).toBe(false);
    expect(mayGrantPermission('', APP_ORIGIN, APP_ORIGIN)).toBe(false);
  });
});
