import { isTrustedUrl } from './navigation-policy';

/**
 * Permissions our page is granted: none. "Copy image" goes through main (the contract's copy
 * call puts the PNG on the clipboard there), pasting a sketch is a paste event (no permission),
 * and the page asks for no camera, microphone, location, notifications, devices or fullscreen.
 * A permission added here would be granted to our own origin only.
 */
const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set<string>();

/**
 * Whether to grant `permission` (Electron's name for it: 'media', 'clipboard-read', 'hid', ...)
 * to the page at `requestingUrl` (a URL or an origin). Used for permission requests, permission
 * checks and device access alike.
 */
export function mayGrantPermission(permission: string, requestingUrl: string | null | undefined, trusted: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isTrustedUrl(requestingUrl, trusted);
}
