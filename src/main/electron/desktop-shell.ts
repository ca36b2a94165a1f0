import { clipboard, ClipboardItem, dialog, nativeImage, shell, type BrowserWindow } from 'electron';
import { INPUT_FILE_EXTENSIONS } from '../../shared/ipc-contract';
import type { DesktopShell } from '../core/desktop-shell';

export function electronDesktopShell(getWindow: () => BrowserWindow | null): DesktopShell {
  return {
    async pickImageFiles() {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: 'Choose a sketch (or several: one job each)',
        properties: ['openFile', 'multiSelections'],
        filters: [{ name: 'Images', extensions: [...INPUT_FILE_EXTENSIONS] }],
      };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? [] : result.filePaths;
    },
    async pickSavePath(defaultName) {
      const window = getWindow();
      const options: Electron.SaveDialogOptions = { title: 'Save image as', defaultPath: defaultName };
      const result = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async showInFolder(path) {
      shell.showItemInFolder(path);
    },
    async copyImage(png) {
      // Electron 45's clipboard follows the W3C async API: one item carrying a PNG blob.
      await clipboard.write([new ClipboardItem({ 'image/png': new Blob([new Uint8Array(png)], { type: 'image/png' }) })]);
    },
    async pickFolder() {
      const window = getWindow();
      const options: Electron.OpenDialogOptions = { title: 'Export to folder', buttonLabel: 'Export here', properties: ['openDirectory', 'createDirectory'] };
      const result = window ? await dialog.showOpenDialog(window, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async startDrag(path, iconPng) {
      // The path comes from core, already passed by the library file guard.
      const window = getWindow();
      if (window && !window.isDestroyed()) window.webContents.startDrag({ file: path, icon: nativeImage.createFromBuffer(iconPng) });
    },
  };
}
