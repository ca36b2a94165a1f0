import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { AppError } from '../../../shared/app-error';

/**
 * PNG chunks read and written by hand (PNG spec, 3rd edition, §5 and §11.3.3): no image library
 * rewrites the pixels, so an output keeps its exact bytes when a recipe is stamped into it.
 */

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Text metadata is a few KB in practice; more than this is a hostile or broken file. */
export const MAX_TEXT_BYTES = 8 * 1024 * 1024;
/** iTXt values above this many UTF-8 bytes are deflated (only if that makes them smaller). */
export const COMPRESS_TEXT_ABOVE_BYTES = 8 * 1024;
/** The spec's own limit on a chunk length (2^31 - 1). */
const MAX_CHUNK_LENGTH = 0x7fffffff;
export const TEXT_TYPES: ReadonlySet<string> = new Set(['tEXt', 'zTXt', 'iTXt']);

export type PngChunk = {
  type: string;
  /** A view into the original buffer, not a copy. */
  data: Buffer;
  /** Where the chunk (its length field) starts in the file. */
  start: number;
  /** Just past its CRC. */
  end: number;
};

export type TextEntry = { keyword: string; text: string };

function invalid(message: string): AppError {
  return new AppError('invalid-file', message);
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && asBuffer(bytes).subarray(0, PNG_SIGNATURE.length).equals(PNG_SIGNATURE);
}

/**
 * Every chunk up to and including IEND, each checked (length within the file, type of four
 * letters, CRC). Bytes after IEND are ignored. Throws AppError('invalid-file') on anything else.
 */
export function readPngChunks(png: Uint8Array): PngChunk[] {
  const bytes = asBuffer(png);
  if (!isPng(bytes)) throw invalid('This is not a PNG file (its signature is missing).');
  const chunks: PngChunk[] = [];
  let textBytes = 0;
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 12 > bytes.length) throw invalid('This PNG file is cut short (it ends before its IEND chunk).');
    const length = bytes.readUInt32BE(offset);
    if (length > MAX_CHUNK_LENGTH) throw invalid(`This PNG file has a chunk of impossible length (${length} bytes).`);
    const end = offset + 12 + length;
    if (end > bytes.length) throw invalid('This PNG file is cut short (a chunk runs past the end of the file).');
    const typeBytes = bytes.subarray(offset + 4, offset + 8);
    const type = typeBytes.toString('latin1');
    if (!/^[A-Za-z]{4}$/.test(type)) throw invalid(`This PNG file has a malformed chunk type at byte ${offset + 4}.`);
    if (chunks.length === 0 && type !== 'IHDR') throw invalid('This PNG file does not start with an IHDR chunk.');
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    const stored = bytes.readUInt32BE(offset + 8 + length);
    // The CRC covers the type and the data, not the length.
    if ((crc32(data, crc32(typeBytes)) >>> 0) !== stored) throw invalid(`This PNG file is damaged (the ${type} chunk at byte ${offset} fails its CRC check).`);
    if (TEXT_TYPES.has(type)) {
      textBytes += length;
      if (textBytes > MAX_TEXT_BYTES) throw invalid('This PNG file carries more than 8 MB of text metadata; it is not read.');
    }
    chunks.push({ type, data, start: offset, end });
    offset = end;
    if (type === 'IEND') return chunks;
  }
}

/** Bytes of `data` up to the first NUL, and where the rest starts; null when there is no NUL. */
function splitAtNul(data: Buffer, from = 0): { head: Buffer; rest: number } | null {
  const nul = data.indexOf(0, from);
  return nul < 0 ? null : { head: data.subarray(from, nul), rest: nul + 1 };
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

type TextBudget = { left: number };

function inflateBounded(data: Buffer, budget: TextBudget): Buffer {
  // maxOutputLength stops a small "zip bomb" chunk from inflating to gigabytes.
  const out = inflateSync(data, { maxOutputLength: Math.max(1, budget.left) });
  budget.left -= out.length;
  if (budget.left < 0) throw invalid('This PNG file carries more than 8 MB of text metadata; it is not read.');
  return out;
}

/** One text chunk as keyword and text; null when the chunk is malformed (it is then skipped). */
function decodeTextChunk(chunk: PngChunk, budget: TextBudget): TextEntry | null {
  const split = splitAtNul(chunk.data);
  if (split === null || split.head.length === 0) return null;
  const keyword = split.head.toString('latin1');
  const body = chunk.data.subarray(split.rest);
  try {
    if (chunk.type === 'tEXt') {
      budget.left -= body.length;
      return { keyword, text: body.toString('latin1') };
    }
    if (chunk.type === 'zTXt') {
      // One byte of compression method (0 = zlib deflate), then the zlib stream of Latin-1 text.
      if (body[0] !== 0) return null;
      return { keyword, text: inflateBounded(body.subarray(1), budget).toString('latin1') };
    }
    // iTXt: compression flag, method, language tag NUL, translated keyword NUL, UTF-8 text.
    const flag = body[0];
    const method = body[1];
    if (flag === undefined || method === undefined || flag > 1 || (flag === 1 && method !== 0)) return null;
    const language = splitAtNul(body, 2);
    const translated = language === null ? null : splitAtNul(body, language.rest);
    if (translated === null) return null;
    const raw = body.subarray(translated.rest);
    const textBytes = flag === 1 ? inflateBounded(raw, budget) : raw;
    if (flag === 0) budget.left -= raw.length;
    return { keyword, text: utf8.decode(textBytes) };
  } catch (error) {
    // Over the budget is the file's fault as a whole: say so. A single bad stream is skipped.
    if (error instanceof AppError) throw error;
    if (error instanceof RangeError) throw invalid('This PNG file carries more than 8 MB of text metadata; it is not read.');
    return null;
  }
}

/**
 * The text metadata of a PNG (tEXt as Latin-1, zTXt inflated, iTXt as UTF-8, compressed or not),
 * keyword -> text. A keyword seen twice keeps its last value, as Pillow (which A1111, ComfyUI and
 * InvokeAI read with) does. Malformed text chunks are skipped; a damaged file throws.
 */
export function readPngText(png: Uint8Array): Map<string, string> {
  const budget: TextBudget = { left: MAX_TEXT_BYTES };
  const texts = new Map<string, string>();
  for (const chunk of readPngChunks(png)) {
    if (!TEXT_TYPES.has(chunk.type)) continue;
    const entry = decodeTextChunk(chunk, budget);
    if (budget.left < 0) throw invalid('This PNG file carries more than 8 MB of text metadata; it is not read.');
    if (entry !== null) texts.set(entry.keyword, entry.text);
  }
  return texts;
}

/** The keyword of a text chunk (Latin-1, up to its NUL), or null if it has none. */
export function textChunkKeyword(chunk: PngChunk): string | null {
  const split = splitAtNul(chunk.data);
  return split === null ? null : split.head.toString('latin1');
}

/** PNG §11.3.3.2: 1-79 Latin-1 printable characters, no leading, trailing or doubled spaces. */
function isValidKeyword(keyword: string): boolean {
  if (keyword.length < 1 || keyword.length > 79) return false;
  if (keyword.startsWith(' ') || keyword.endsWith(' ') || keyword.includes('  ')) return false;
  return [...keyword].every((c) => {
    const code = c.charCodeAt(0);
    return (code >= 32 && code <= 126) || (code >= 161 && code <= 255);
  });
}

function encodeChunk(type: string, data: Buffer): Buffer {
  const typeBytes = Buffer.from(type, 'latin1');
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  typeBytes.copy(head, 4);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(data, crc32(typeBytes)) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** An iTXt chunk: UTF-8, no language tag or translated keyword; deflated when large and smaller so. */
export function encodeITxt(entry: TextEntry): Buffer {
  if (!isValidKeyword(entry.keyword)) throw new AppError('invalid-request', `"${entry.keyword}" is not a valid PNG text keyword.`);
  const text = Buffer.from(entry.text, 'utf8');
  const deflated = text.length > COMPRESS_TEXT_ABOVE_BYTES ? deflateSync(text) : null;
  const compress = deflated !== null && deflated.length < text.length;
  const header = Buffer.concat([Buffer.from(entry.keyword, 'latin1'), Buffer.from([0, compress ? 1 : 0, 0, 0, 0])]);
  return encodeChunk('iTXt', Buffer.concat([header, compress && deflated ? deflated : text]));
}

/**
 * A new PNG with `entries` as iTXt chunks right before the first IDAT, any existing text chunk
 * (tEXt, zTXt or iTXt) of the same keyword removed, and every other chunk copied byte for byte.
 */
export function withTextChunks(png: Uint8Array, entries: readonly TextEntry[]): Buffer {
  const keywords = new Set(entries.map((e) => e.keyword));
  if (keywords.size !== entries.length) throw new AppError('invalid-request', 'The same PNG text keyword was given twice.');
  const fresh = entries.map(encodeITxt);
  const bytes = asBuffer(png);
  const chunks = readPngChunks(bytes);
  if (!chunks.some((c) => c.type === 'IDAT')) throw invalid('This PNG file has no image data (no IDAT chunk).');
  const parts: Buffer[] = [PNG_SIGNATURE];
  let inserted = false;
  for (const chunk of chunks) {
    if (chunk.type === 'IDAT' && !inserted) {
      parts.push(...fresh);
      inserted = true;
    }
    if (TEXT_TYPES.has(chunk.type)) {
      const keyword = textChunkKeyword(chunk);
      if (keyword !== null && keywords.has(keyword)) continue;
    }
    parts.push(bytes.subarray(chunk.start, chunk.end));
  }
  return Buffer.concat(parts);
}
