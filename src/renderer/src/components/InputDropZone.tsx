import type { KeyboardEvent } from 'react';
import { MAX_INPUT_BYTES } from '../../../shared/ipc-contract';
import { formatBytes } from '../format/bytes';
import { useFileDrop } from '../hooks/use-file-drop';
import { importFile, importSketches, pickInputFile } from '../input/import-input';
import { filesFromTransfer, firstUsableFile, imageFiles } from '../input/transfer-files';
import { mediaUrl } from '../jobs/media-url';
import { useMediaBaseUrl } from '../store/app-info';
import { restoredInputId, setDraftInput, useDraftStore } from '../store/draft';
import { showError, useUiStore } from '../store/ui';

const HINT_ID = 'input-image-hint';

function onDrop(transfer: DataTransfer): void {
  const files = filesFromTransfer(transfer);
  // Several images: one job per sketch, with the current parameters (estimated first); any
  // other file among them is named as not used.
  if (imageFiles(files).length > 1) {
    void importSketches(files);
    return;
  }
  const file = firstUsableFile(files);
  if (file === null) {
    showError({ code: 'invalid-file', message: 'Nothing usable was dropped. Drop a PNG, JPEG, WebP or TIFF file.' }, 'import');
    return;
  }
  void importFile(file);
}

/**
 * Where a sketch comes in: drop a file, press to open the file dialog (it runs in main),
 * or paste anywhere (handled window-wide). The preview sits beside the button in the DOM,
 * not inside it, so assistive tech still sees it as an image.
 */
export function InputDropZone() {
  const input = useDraftStore((state) => state.input);
  const busy = useUiStore((state) => state.importBusy);
  const mediaBaseUrl = useMediaBaseUrl();
  const { dragging, handlers } = useFileDrop(onDrop);

  const open = (): void => {
    if (!busy) void pickInputFile();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>): void => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open();
    }
  };

  return (
    <div
      className={['drop-area', dragging ? 'drop-area--over' : '', input ? 'drop-area--filled' : ''].join(' ')}
      {...handlers}
    >
      {input !== null && mediaBaseUrl !== null && (
        <img
          key={input.inputId}
          className="drop-preview"
          alt="Input sketch preview"
          src={mediaUrl(mediaBaseUrl, input.mediaPath)}
          onError={() => {
            if (input.inputId === restoredInputId) setDraftInput(null);
          }}
        />
      )}
      <div
        role="button"
        tabIndex={0}
        aria-label="Input image"
        aria-describedby={HINT_ID}
        aria-busy={busy}
        className="drop-zone"
        onClick={open}
        onKeyDown={onKeyDown}
      >
        <span className="drop-zone-title">
          {busy ? 'Importing…' : input ? 'Drop, paste or click to replace' : 'Drop a sketch here'}
        </span>
        <span id={HINT_ID} className="drop-zone-hint">
          {input ? 'PNG, JPEG, WebP or TIFF' : 'or paste one, or click to choose a file'} · up to {formatBytes(MAX_INPUT_BYTES)}
        </span>
      </div>
    </div>
  );
}
