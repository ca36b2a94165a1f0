import { useEffect } from 'react';
import { importFile } from '../input/import-input';
import { filesFromTransfer, firstUsableFile } from '../input/transfer-files';

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && !['button', 'checkbox', 'radio', 'range', 'file'].includes(target.type);
}

/**
 * Window-wide file handling:
 * - a paste with an image anywhere becomes the input (text pastes into fields are left alone);
 * - a file dropped outside the drop zone is swallowed, because the default would navigate
 *   the window to the file and lose the app.
 */
export function useWindowFileEvents(): void {
  useEffect(() => {
    const onPaste = (event: ClipboardEvent): void => {
      const data = event.clipboardData;
      if (!data) return;
      const files = filesFromTransfer(data);
      if (files.length === 0) return;
      if (isTextEntry(event.target) && data.types.includes('text/plain')) return;
      const file = firstUsableFile(files);
      if (!file) return;
      event.preventDefault();
      void importFile(file);
    };
    const swallow = (event: DragEvent): void => {
      if (event.defaultPrevented) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'none';
    };
    window.addEventListener('paste', onPaste);
    window.addEventListener('dragover', swallow);
    window.addEventListener('drop', swallow);
    return () => {
      window.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', swallow);
      window.removeEventListener('drop', swallow);
    };
  }, []);
}
