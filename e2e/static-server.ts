import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { appFileFor, appHeaders, mediaHeaders, mediaPathFor } from '../src/main/core/protocol-paths';


/**
 * Serves the built renderer on loopback the way the app's `redraw://app` protocol does (same
 * CSP), plus `/media/<path>` through the core's media resolver, standing in for `redraw-media://`.
 */
export async function serveRenderer(
  rendererDir: string,
  resolveMedia: (mediaPath: string) => Promise<string | null>,
): Promise<{ origin: string; server: Server }> {
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // The app's own protocol decisions (src/main/core/protocol-paths.ts), not copies of them.
      const media = url.pathname.startsWith('/media/');
      const mediaPath = media ? mediaPathFor(url.pathname.slice('/media'.length)) : null;
      const file = media ? (mediaPath === null ? null : await resolveMedia(mediaPath)) : appFileFor(url.pathname, rendererDir);
      if (!file) {
        res.writeHead(404).end('Not found');
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, media ? mediaHeaders(file) : { ...appHeaders(file), 'cache-control': 'no-cache' });
        res.end(body);
      } catch {
        res.writeHead(404).end('Not found');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no port');
  return { origin: `http://127.0.0.1:${address.port}`, server };
}
