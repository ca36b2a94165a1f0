import { protocol } from 'electron';
import type { Core } from '../core/create-core';
import { appResponse, mediaResponse, type ProtocolResponse } from '../core/protocol-responses';

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

function toResponse(answer: ProtocolResponse): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}

/**
 * `redraw://app/...` serves the built renderer (never file://); `redraw-media://media/<path>`
 * serves library images. What each answers is decided in core (protocol-responses.ts, tested in
 * Node and used by the harness too); this only hands Electron's requests to it.
 */
export function handleProtocols(core: Core, rendererDir: string): void {
  protocol.handle('redraw', async (request) => {
    const url = new URL(request.url);
    return toResponse(url.host === 'app' ? await appResponse(url.pathname, rendererDir) : { status: 404, headers: {}, body: 'Not found' });
  });
  protocol.handle('redraw-media', async (request) => {
    const url = new URL(request.url);
    return toResponse(url.host === 'media' ? await mediaResponse(url.pathname, core.readMedia) : { status: 404, headers: {}, body: 'Not found' });
  });
}
