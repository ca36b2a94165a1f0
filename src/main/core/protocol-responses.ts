import { readFile } from 'node:fs/promises';
import { appFileFor, appHeaders, mediaHeaders, mediaPathFor } from './protocol-paths';

/** What a protocol answers, as plain data: the Electron handler and the harness's server each send it their own way. */
export type ProtocolResponse = { status: 200 | 404; headers: Record<string, string>; body: Buffer | string };

const NOT_FOUND: ProtocolResponse = { status: 404, headers: { 'content-type': 'text/plain' }, body: 'Not found' };

/**
 * The app protocol (`redraw://app/<path>`): a file of the built renderer, with the app's CSP, or
 * 404 for anything outside it or unreadable (never a throw).
 */
export async function appResponse(pathname: string, rendererDir: string): Promise<ProtocolResponse> {
  const file = appFileFor(pathname, rendererDir);
  if (file === null) return NOT_FOUND;
  try {
    return { status: 200, headers: appHeaders(file), body: await readFile(file) };
  } catch {
    return NOT_FOUND;
  }
}

/**
 * The media protocol (`redraw-media://media/<path>`): a library image read through the library
 * file guard's own open handle (`readMedia`), so what was checked is what is served, or 404.
 */
export async function mediaResponse(pathname: string, readMedia: (mediaPath: string) => Promise<Buffer | null>): Promise<ProtocolResponse> {
  const mediaPath = mediaPathFor(pathname);
  if (mediaPath === null) return NOT_FOUND;
  const bytes = await readMedia(mediaPath).catch(() => null);
  return bytes === null ? NOT_FOUND : { status: 200, headers: mediaHeaders(mediaPath), body: bytes };
}
