import type { Locator, Page } from 'playwright-core';

type DroppedFile = { name: string; mime: string; bytes: Buffer };

/**
 * Drops files from "the OS" onto an element: a real DataTransfer with real Files in it. The page
 * side is source text, so scripts type-checked without the DOM's types can use this too.
 */
export async function dropFiles(page: Page, target: Locator, files: DroppedFile[]): Promise<void> {
  const list = JSON.stringify(files.map((file) => ({ name: file.name, mime: file.mime, base64: file.bytes.toString('base64') })));
  const dataTransfer = await page.evaluateHandle(`(() => {
    const transfer = new DataTransfer();
    for (const { name, mime, base64 } of ${list}) {
      const binary = atob(base64);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      transfer.items.add(new File([bytes], name, { type: mime }));
    }
    return transfer;
  })()`);
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}

/** Drops one file. */
export function dropFile(page: Page, target: Locator, file: DroppedFile): Promise<void> {
  return dropFiles(page, target, [file]);
}
