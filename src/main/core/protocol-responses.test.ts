import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/content-security-policy';
import { sketchPng } from '../../../test-support/images';
import { openJobFiles } from './library/job-files';
import { appResponse, mediaResponse } from './protocol-responses';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'redraw-protocols-'));
  dirs.push(dir);
  return dir;
}

describe('what the protocols answer (the Electron handlers and the harness send exactly this)', () => {
  it('media: a library image from the guard, and 404 for a link out, a record, traversal and bad escapes', async () => {
    const dataDir = await tempDir();
    const files = await openJobFiles(dataDir, { now: () => Date.now() });
    const id = '20260101-000000-abcd';
    await files.createJobFolder(id);
    const png = await sketchPng(64, 48);
    await files.writeJobFile(id, 'output-1.png', png);
    const secret = join(await tempDir(), 'private.png');
    await writeFile(secret, png);
    await symlink(secret, join(dataDir, 'library/jobs', id, 'output-2.png'));
    await writeFile(join(dataDir, 'library/jobs', id, 'job.json'), '{"id":"x"}');

    const ok = await mediaResponse(`/jobs/${id}/output-1.png`, files.readMediaFile);
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('image/png');
    expect(Buffer.from(ok.body).equals(png)).toBe(true);

    for (const path of [`/jobs/${id}/output-2.png`, `/jobs/${id}/job.json`, `/jobs/${id}/%2e%2e/%2e%2e/x.png`, `/jobs/${id}/%E0%A4%A`, '/../../etc/passwd', `/jobs/${id}/output-9.png`]) {
      const answer = await mediaResponse(path, files.readMediaFile);
      expect(answer.status, path).toBe(404);
    }
  });

  it("app: the renderer's files with the CSP, and 404 outside it", async () => {
    const root = await tempDir();
    const rendererDir = join(root, 'renderer');
    await mkdir(rendererDir);
    await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Redraw</title>');
    await writeFile(join(root, 'secret.txt'), 'not for the page');

    const index = await appResponse('/', rendererDir);
    expect(index.status).toBe(200);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(String(index.body)).toContain('<title>Redraw</title>');
    for (const path of ['/%2e%2e/secret.txt', '/../secret.txt', '/missing.js', '/%E0%A4%A', '/a%00b']) {
      expect((await appResponse(path, rendererDir)).status, path).toBe(404);
    }
  });
});
