import type { FileHandle } from 'node:fs/promises';

const COPY_CHUNK_BYTES = 1024 * 1024;

/**
 * Copies one open file into another, a chunk at a time (memory holds one chunk, not the file).
 * Plain reads and writes on the handles: streams made with autoClose off never signal their end
 * to pipeline(), which then waits forever. `readFailed` words an error of the source's (the
 * target's own errors pass as they are), so a caller can tell whose fault a failure was.
 */
export async function copyFileHandle(from: FileHandle, to: FileHandle, readFailed: (error: unknown) => Error = (error) => error as Error): Promise<void> {
  const chunk = Buffer.allocUnsafe(COPY_CHUNK_BYTES);
  for (let position = 0; ; ) {
    let bytesRead: number;
    try {
      ({ bytesRead } = await from.read(chunk, 0, chunk.byteLength, position));
    } catch (error) {
      throw readFailed(error);
    }
    if (bytesRead === 0) return;
    for (let offset = 0; offset < bytesRead; ) offset += (await to.write(chunk, offset, bytesRead - offset)).bytesWritten;
    position += bytesRead;
  }
}
