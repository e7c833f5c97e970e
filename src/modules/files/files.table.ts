import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { UploadKind } from '../../config.js';

export type FileState = 'pending' | 'stored' | 'failed';

export interface FilesTable {
  id: Generated<number>;
  storageKey: string;
  kind: UploadKind;
  originalName: string;
  size: number;
  sha256: string;
  /** Detected from the content, never taken from the name or the client's header. */
  mimeType: string;
  /** pending: kept on this machine until the store accepts it; failed: gave up (retry from /admin/jobs). */
  state: FileState;
  error: string | null;
  uploadedBy: number | null;
  createdAt: string;
  storedAt: string | null;
}
export type FileRow = Selectable<FilesTable>;
export type NewFileRow = Insertable<FilesTable>;
export type FileRowUpdate = Updateable<FilesTable>;

declare module '../../database.js' {
  interface Database {
    files: FilesTable;
  }
}
