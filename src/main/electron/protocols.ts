import { readFile } from 'node:fs/promises';
import { protocol } from 'electron';
import type { Core } from '../core/create-core';
import { appFileFor, appHeaders, mediaHeaders, mediaPathFor } from '../core/protocol-paths';


/**
 * Must run before `app.ready`: both schemes behave like https (standard, secure). The app's own
 * scheme keeps V8's code cache, so from the second start on the renderer's script is not
 * compiled again (about a third of the time to the first thumbnails is evaluating it).
 */
export function registerSchemes(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: 'redraw', privileges: { standard: true, secure: true, codeCache: true } },
    { scheme: 'redraw-media', privileges: { standard: true, secure: true } },
  ]);
}

function notFound(): Response {
  return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain' } });
}

/**
 * `redraw://app/...` serves the built renderer (never file://); `redraw-media://media/<path>`
 * serves library images, through the core's resolver, which accepts only library paths and
 * refuses traversal and symlinks.
 */
export function handleProtocols(core: Core, rendererDir: string): void {
  protocol.handle('redraw', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'app') return notFound();
    const file = appFileFor(url.pathname, rendererDir);
    if (file === null) return notFound();
    try {
      return new Response(await readFile(file), { headers: appHeaders(file) });
    } catch {
      return notFound();
    }
  });

  protocol.handle('redraw-media', async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'media') return notFound();
    const mediaPath = mediaPathFor(url.pathname);
    const resolved = mediaPath === null ? null : await core.resolveMediaPath(mediaPath);
    if (!resolved) return notFound();
    try {
      return new Response(await readFile(resolved), { headers: mediaHeaders(resolved) });
    } catch {
      return notFound();
    }
  });
}
