import { useState, type DragEvent } from 'react';

/**
 * A place files can be dropped on: whether files are held over it (for its highlight), and the
 * handlers that take the drop. Only drags that carry files are taken, so text dragged into a
 * field inside still lands in the field.
 */
export function useFileDrop(onDrop: (transfer: DataTransfer) => void) {
  const [dragging, setDragging] = useState(false);
  const carriesFiles = (event: DragEvent<HTMLElement>): boolean => event.dataTransfer.types.includes('Files');
  return {
    dragging,
    handlers: {
      onDragOver: (event: DragEvent<HTMLElement>): void => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      },
      onDragLeave: (event: DragEvent<HTMLElement>): void => {
        if (!(event.relatedTarget instanceof Node && event.currentTarget.contains(event.relatedTarget))) setDragging(false);
      },
      onDrop: (event: DragEvent<HTMLElement>): void => {
        setDragging(false);
        if (!carriesFiles(event)) return;
        event.preventDefault();
        onDrop(event.dataTransfer);
      },
    },
  };
}
