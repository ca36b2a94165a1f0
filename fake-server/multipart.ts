/**
 * A small multipart/form-data parser for POST /v1/files. The whole body is already in memory
 * (it is capped at maxUploadBytes), so a Buffer scan is simpler than a streaming parser.
 */

export type Part = { name: string; filename?: string; contentType?: string; data: Buffer };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');

/** The boundary parameter of a multipart/form-data Content-Type, or null. */
export function boundaryOf(contentType: string | undefined): string | null {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return null;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2] ?? null;
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`;\\s*${name}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${name}=([^;\\s]+)`, 'i').exec(header);
  const raw = match?.[1] ?? match?.[2];
  return raw?.replace(/\\(.)/g, '$1');
}

function parsePartHeaders(block: string): { name?: string; filename?: string; contentType?: string } {
  const out: { name?: string; filename?: string; contentType?: string } = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon === -1) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    if (key === 'content-disposition') {
      out.name = headerParam(value, 'name');
      out.filename = headerParam(value, 'filename');
    } else if (key === 'content-type') out.contentType = value;
  }
  return out;
}

/** Parses the parts; null when the body is not well-formed multipart for this boundary. */
export function parseMultipart(body: Buffer, boundary: string): Part[] | null {
  const delimiter = Buffer.from(`--${boundary}`);
  // Parts are separated by CRLF + delimiter; the first delimiter may start the body.
  const separator = Buffer.concat([CRLF, delimiter]);
  let pos = body.indexOf(delimiter);
  if (pos === -1) return null;
  pos += delimiter.length;
  const parts: Part[] = [];
  for (;;) {
    if (body.subarray(pos, pos + 2).toString() === '--') return parts; // closing delimiter
    if (!body.subarray(pos, pos + 2).equals(CRLF)) return null;
    const headerEnd = body.indexOf(HEADER_END, pos + 2);
    if (headerEnd === -1) return null;
    const headers = parsePartHeaders(body.subarray(pos + 2, headerEnd).toString('utf8'));
    const dataStart = headerEnd + HEADER_END.length;
    const next = body.indexOf(separator, dataStart);
    if (next === -1 || headers.name === undefined) return null;
    parts.push({
      name: headers.name,
      data: body.subarray(dataStart, next),
      ...(headers.filename === undefined ? {} : { filename: headers.filename }),
      ...(headers.contentType === undefined ? {} : { contentType: headers.contentType }),
    });
    pos = next + separator.length;
  }
}
