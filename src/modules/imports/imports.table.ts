import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export const IMPORT_STATES = ['draft', 'queued', 'running', 'done', 'failed'] as const;
export type ImportState = (typeof IMPORT_STATES)[number];

export interface ImportsTable {
  id: Generated<number>;
  /** Which importer reads it: `contacts`, `orders`, `call_targets`. */
  entity: string;
  fileId: number | null;
  fileName: string;
  /** JSON `TableOptions`. */
  options: string;
  /** JSON array: the target field of each column, '' for an ignored column. */
  mapping: Generated<string>;
  mode: string;
  state: ImportState;
  totalRows: Generated<number>;
  processedRows: Generated<number>;
  bytesRead: Generated<number>;
  fileSize: number;
  createdCount: Generated<number>;
  updatedCount: Generated<number>;
  skippedCount: Generated<number>;
  errorCount: Generated<number>;
  /** JSON array of `RowError` (the first few hundred). */
  errors: Generated<string>;
  failure: string | null;
  /** The record the import writes into (a call campaign), when its entity needs one. */
  scopeId: number | null;
  createdBy: number | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
}
export type ImportRow = Selectable<ImportsTable>;
export type NewImportRow = Insertable<ImportsTable>;
export type ImportRowUpdate = Updateable<ImportsTable>;

declare module '../../database.js' {
  interface Database {
    imports: ImportsTable;
  }
}
