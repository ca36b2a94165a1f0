import { createHash } from 'node:crypto';
import { isoTime, randomId } from './http-util';

/** Uploaded files expire like Replicate's (about an hour), then GET answers 404. */
export const FILE_TTL_MS = 3_600_000;

export type StoredFile = {
  id: string;
  name: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
  md5: string;
  metadata: Record<string, unknown>;
  createdAt: number;
  expiresAt: number;
};

export type NewFile = { name: string; contentType: string; bytes: Buffer; metadata: Record<string, unknown> };

export class FileStore {
  private readonly files = new Map<string, StoredFile>();

  add(file: NewFile): StoredFile {
    const createdAt = Date.now();
    const stored: StoredFile = {
      ...file,
      id: randomId(20),
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      md5: createHash('md5').update(file.bytes).digest('hex'),
      createdAt,
      expiresAt: createdAt + FILE_TTL_MS,
    };
    this.files.set(stored.id, stored);
    return stored;
  }

  get(id: string): StoredFile | undefined {
    const file = this.files.get(id);
    if (file && Date.now() >= file.expiresAt) {
      this.files.delete(id);
      return undefined;
    }
    return file;
  }

  delete(id: string): boolean {
    return this.files.delete(id);
  }

  toJson(file: StoredFile, apiBase: string): Record<string, unknown> {
    return {
      id: file.id,
      name: file.name,
      content_type: file.contentType,
      size: file.bytes.length,
      etag: `"${file.md5}"`,
      checksums: { sha256: file.sha256, md5: file.md5 },
      metadata: file.metadata,
      created_at: isoTime(file.createdAt),
      expires_at: isoTime(file.expiresAt),
      urls: { get: `${apiBase}/files/${file.id}` },
    };
  }
}
