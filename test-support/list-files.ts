import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file below a folder, for tests that check what the app wrote to disk. */
export async function listFilesDeep(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFilesDeep(path)));
    else out.push(path);
  }
  return out;
}
