/**
 * The few things only the desktop can do, passed in so the core stays free of `electron`:
 * Electron's dialog and shell in the app, plain functions in tests and the browser harness.
 */
export type DesktopShell = {
  /** Absolute paths of the images the artist picked (one or several), empty if they canceled. */
  pickImageFiles(): Promise<string[]>;
  /** Absolute path to save a copy to, or null if they canceled. */
  pickSavePath(defaultName: string): Promise<string | null>;
  showInFolder(path: string): Promise<void>;
  /** Puts a PNG image on the system clipboard. */
  copyImage(png: Buffer): Promise<void>;
  /** Absolute path of a folder the artist chose (an export goes inside it), or null if they canceled. */
  pickFolder(): Promise<string | null>;
  /**
   * Starts the OS drag of a file out of the window (into a file manager, an editor, a chat),
   * with `iconPng` under the pointer. Called while the page's drag gesture is still held.
   */
  startDrag(path: string, iconPng: Buffer): Promise<void>;
};
