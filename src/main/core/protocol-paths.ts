import { join, normalize, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { contentTypeFor } from './library/content-types';

/**
 * What the app's two protocols decide, as plain functions: the Electron handlers
 * (`src/main/electron/protocols.ts`) and the browser harness's server both call these, so the
 * decisions tested in Node are the ones the app makes.
 */

/** A URL path decoded, or null when its %-escapes are malformed (answered 404, never thrown). */
function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/** The built renderer's file for an app path (`/` is index.html), or null outside the renderer. */
export function appFileFor(pathname: string, rendererDir: string): string | null {
  const relative = decodedPath(pathname === '/' ? '/index.html' : pathname);
  if (relative === null || relative.includes('\0')) return null;
  const file = normalize(join(rendererDir, relative));
  return file.startsWith(rendererDir + sep) ? file : null;
}

/** The library path a media URL names (`/jobs/<id>/output-1.png` -> `jobs/<id>/output-1.png`), or null. */
export function mediaPathFor(pathname: string): string | null {
  const path = decodedPath(pathname.replace(/^\//, ''));
  return path === null || path.includes('\0') ? null : path;
}

/** Headers of an app file: its type and the app's CSP. */
export function appHeaders(file: string): Record<string, string> {
  return { 'content-type': contentTypeFor(file), 'content-security-policy': CONTENT_SECURITY_POLICY };
}

/** Headers of a library image. */
export function mediaHeaders(file: string): Record<string, string> {
  return { 'content-type': contentTypeFor(file), 'cache-control': 'no-cache' };
}
