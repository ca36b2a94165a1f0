import { encodeITxt, PNG_SIGNATURE, TEXT_TYPES, textChunkKeyword, type TextEntry } from './png-chunks';

/** What comes before a PNG's image data is small (header, colour info, text); past this, leave the file alone. */
const MAX_PREFIX_BYTES = 1024 * 1024;

export type PngSize = { width: number; height: number };

type Prefix =
  | { kind: 'need-more' }
  | { kind: 'not-png' }
  /** The first IDAT starts at `idatAt`; `chunks` are the ones before it, as byte ranges with their type. */
  | { kind: 'found'; idatAt: number; size: PngSize | null; chunks: { type: string; start: number; end: number }[] };

/** Walks the chunk headers of what has arrived, up to the first IDAT. */
function readPrefix(bytes: Buffer): Prefix {
  if (bytes.length < PNG_SIGNATURE.length) return PNG_SIGNATURE.subarray(0, bytes.length).equals(bytes) ? { kind: 'need-more' } : { kind: 'not-png' };
  if (!bytes.subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE)) return { kind: 'not-png' };
  const chunks: { type: string; start: number; end: number }[] = [];
  let size: PngSize | null = null;
  for (let at = PNG_SIGNATURE.length; ; ) {
    if (at + 8 > bytes.length) return { kind: 'need-more' };
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (type === 'IDAT') return { kind: 'found', idatAt: at, size, chunks };
    const end = at + 12 + length;
    if (end > bytes.length) return { kind: 'need-more' };
    if (type === 'IHDR' && length >= 8) size = { width: bytes.readUInt32BE(at + 8), height: bytes.readUInt32BE(at + 12) };
    chunks.push({ type, start: at, end });
    at = end;
  }
}

/**
 * A PNG arriving as a stream, with text chunks put in right before its first image data chunk
 * (and any text chunk of the same keyword before it left out), so a download is stamped with its
 * recipe as it is written: one write, no second pass over the file. Only the part before the
 * image data is held (it is small); every byte from the first IDAT on passes through untouched.
 * Anything that is not a PNG, or whose start is not what a PNG's is, passes through unchanged.
 */
export async function* withTextChunksStreamed(
  source: AsyncIterable<Uint8Array>,
  entriesFor: (size: PngSize | null) => readonly TextEntry[],
): AsyncGenerator<Uint8Array> {
  let held = Buffer.alloc(0);
  let passing = false;
  for await (const piece of source) {
    if (passing) {
      yield piece;
      continue;
    }
    held = Buffer.concat([held, piece]);
    const prefix = readPrefix(held);
    if (prefix.kind === 'need-more' && held.length <= MAX_PREFIX_BYTES) continue;
    passing = true;
    if (prefix.kind !== 'found') {
      yield held;
      continue;
    }
    const entries = entriesFor(prefix.size);
    const keywords = new Set(entries.map((entry) => entry.keyword));
    const kept = prefix.chunks
      .filter((chunk) => {
        if (!TEXT_TYPES.has(chunk.type)) return true;
        const keyword = textChunkKeyword({ type: chunk.type, data: held.subarray(chunk.start + 8, chunk.end - 4), start: chunk.start, end: chunk.end });
        return keyword === null || !keywords.has(keyword);
      })
      .map((chunk) => held.subarray(chunk.start, chunk.end));
    yield Buffer.concat([PNG_SIGNATURE, ...kept, ...entries.map(encodeITxt), held.subarray(prefix.idatAt)]);
  }
  if (!passing && held.length > 0) yield held;
}
