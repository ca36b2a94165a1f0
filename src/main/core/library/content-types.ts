import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
};

/** The Content-Type for a file the app serves to its page (the built renderer and library images). */
export function contentTypeFor(path: string): string {
  return TYPES[extname(path)] ?? 'application/octet-stream';
}
