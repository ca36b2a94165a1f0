import { writeAtomicWith, type AtomicWriteOptions } from './atomic-write';

/**
 * writeFileAtomic for bytes that arrive as a stream (a downloaded output): each chunk goes to a
 * temp file as it comes, so memory holds one chunk, not the file. Only once the source has
 * ended are the bytes flushed and the temp file renamed over the target; if the source throws
 * (a cap, a dropped connection) the temp file is removed and the target never appears.
 * Returns the number of bytes written.
 */
export function writeStreamAtomic(target: string, source: AsyncIterable<Uint8Array>, options: AtomicWriteOptions = {}): Promise<number> {
  return writeAtomicWith(
    target,
    async (handle) => {
      let written = 0;
      for await (const chunk of source) {
        // Each write is awaited: the disk sets the pace, nothing piles up in memory.
        for (let offset = 0; offset < chunk.byteLength; ) {
          const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
          offset += bytesWritten;
        }
        written += chunk.byteLength;
      }
      return written;
    },
    options,
  );
}
