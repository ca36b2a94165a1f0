import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { join, normalize, sep } from 'node:path';
import { contentTypeFor } from '../src/main/core/library/content-types';
import { CONTENT_SECURITY_POLICY } from '../src/shared/content-security-policy';


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
      let file: string | null;
      if (url.pathname.startsWith('/media/')) {
        file = await resolveMedia(decodeURIComponent(url.pathname.slice('/media/'.length)));
      } else {
        const candidate = normalize(join(rendererDir, decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname)));
        file = candidate.startsWith(rendererDir + sep) ? candidate : null;
      }
      if (!file) {
        res.writeHead(404).end('Not found');
        return;
      }
      try {
        const body = await readFile(file);
        res.writeHead(200, {
          'content-type': contentTypeFor(file),
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'cache-control': 'no-cache',
        });
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
