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
};
