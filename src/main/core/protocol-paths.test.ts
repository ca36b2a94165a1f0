import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appFileFor, appHeaders, mediaPathFor } from './protocol-paths';

const rendererDir = join('/opt', 'redraw', 'renderer');

describe('the app protocols’ decisions', () => {
  it('serves the renderer’s own files, index.html for the root, with the app’s CSP', () => {
    expect(appFileFor('/', rendererDir)).toBe(join(rendererDir, 'index.html'));
    expect(appFileFor('/assets/index-abc.js', rendererDir)).toBe(join(rendererDir, 'assets', 'index-abc.js'));
    expect(appHeaders(join(rendererDir, 'index.html'))['content-security-policy']).toContain("default-src 'none'");
  });

  it('answers "not found" (null), never throws, for malformed escapes, traversal and NUL bytes', () => {
    for (const path of ['/%E0%A4%A', '/%', '/assets/%zz.js', '/../../etc/passwd', '/..%2f..%2fetc%2fpasswd', '/index.html%00.js']) {
      expect(() => appFileFor(path, rendererDir), path).not.toThrow();
      expect(appFileFor(path, rendererDir), path).toBeNull();
    }
    for (const path of ['/%E0%A4%A', '/jobs/%', '/jobs/x%00/output-1.png']) expect(mediaPathFor(path), path).toBeNull();
    expect(mediaPathFor('/jobs/0mx1-abc/output%201.png')).toBe('jobs/0mx1-abc/output 1.png');
  });
});
