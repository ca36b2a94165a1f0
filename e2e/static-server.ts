import { createServer, type Server } from 'node:http';
import { appResponse, mediaResponse } from '../src/main/core/protocol-responses';

/**
 * Serves the built renderer on loopback the way the app's `redraw://app` protocol does (same
 * CSP), plus `/media/<path>` through the core's media reader, standing in for `redraw-media://`.
 * What it answers comes from the app's own protocol decisions (src/main/core/protocol-responses.ts).
 */
export async function serveRenderer(
  rendererDir: string,
  readMedia: (mediaPath: string) => Promise<Buffer | null>,
): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const media = url.pathname.startsWith('/media/');
      const answer = media ? await mediaResponse(url.pathname.slice('/media'.length), readMedia) : await appResponse(url.pathname, rendererDir);
      // Every start reads the renderer anew (the app's own files come from its asar instead).
      res.writeHead(answer.status, media ? answer.headers : { ...answer.headers, 'cache-control': 'no-cache' });
      res.end(answer.body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no port');
  return { origin: `http://127.0.0.1:${address.port}`, server };
}
