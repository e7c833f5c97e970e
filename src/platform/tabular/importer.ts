/**
 * What a module provides to be importable: its fields (with the header names people use for them in three
 * languages), its modes, a row check for the preview and a batch writer. The imports module does the rest —
 * reading the file, mapping, batching, progress, resuming after a crash, the error report.
 */
import type { Ctx } from '../../deps.js';
import type { FieldErrors } from '../errors.js';
import { getTranslate, LOCALES, type MessageKey } from '../i18n/index.js';

export interface ImportField {
  key: string;
  /** Header names that map to this field, compared after `headerKey`. */
  aliases: string[];
}

/** One data row of the file: its line number (1 = header) and its values by field key. */
export interface ImportLine {
  line: number;
  values: Record<string, string>;
}

export interface RowError {
  line: number;
  fields: FieldErrors;
}

export interface BatchResult {
  created: number;
  updated: number;
  skipped: number;
  errors: RowError[];
}

export interface Importer {
  entity: string;
  fields: ImportField[];
  /** The first is the default. */
  modes: readonly string[];
  /** Which mapped fields are enough to import (any one group fully mapped), e.g. [['email','last_name','first_name'], ['email','full_name']]. */
  required: string[][];
  /** Who may import. */
  allowed(ctx: Ctx): boolean;
  /**
   * For entities imported into a parent record (a campaign's targets): checks the parent exists and the actor
   * may fill it; throws otherwise. Imports of such entities carry the parent's id as their scope.
   */
  checkScope?(ctx: Ctx, scopeId: number | null): Promise<void>;
  /**
   * The whole file is written in one transaction (nothing is kept if any batch fails), instead of committing
   * batch by batch with resumption.
   */
  atomic?: boolean;
  /** Tables the import fills, whose database statistics are refreshed after a run. */
  tables?: string[];
  /** The fields of the columns, in order, for files without a header row. */
  positional?: string[];
  /** Runs once, in the import's transaction, before the first batch (atomic importers), e.g. to clear rows a mode replaces. */
  begin?(tx: Ctx, mode: string, scopeId: number | null): Promise<void>;
  /** Tells the entity's open lists that rows arrived (after each committed batch and at the end). */
  announce?(ctx: Ctx, scopeId: number | null): Promise<void>;
  /** Checks one row without writing: null when it would import. */
  check(ctx: Ctx, values: Record<string, string>): FieldErrors | null;
  /**
   * Validates and writes a batch in the caller's transaction. Bad rows come back as errors; the method throws
   * only on a database failure (then the whole batch is retried or the import fails, nothing half-written).
   * `seen` holds the natural keys (e.g. emails) met earlier in the same file, to report duplicates within it.
   */
  writeBatch(
    tx: Ctx,
    lines: ImportLine[],
    mode: string,
    seen: Set<string>,
    scopeId: number | null,
  ): Promise<BatchResult>;
}

/** "E-mail", "e_mail", " Почта " → "email", "почта": how headers are compared. */
export const headerKey = (h: string) => h.toLowerCase().replace(/[\s_\-.'’"()]/g, '');

/** The names a field goes by: its key, its aliases and its label in every UI language (what exports write). */
function namesOf(importer: Importer, field: ImportField): Set<string> {
  const labels = LOCALES.map((l) =>
    getTranslate(l, 'UTC').dynamic(`imports.field.${importer.entity}.${field.key}`, {}, field.key),
  );
  return new Set([field.key, ...field.aliases, ...labels].map(headerKey));
}

/** The field each header most likely holds ('' when none). A field is used once. */
export function guessMapping(importer: Importer, header: string[]): string[] {
  const used = new Set<string>();
  const names = new Map(importer.fields.map((f) => [f.key, namesOf(importer, f)]));
  return header.map((h) => {
    const k = headerKey(h);
    const field = importer.fields.find((f) => !used.has(f.key) && names.get(f.key)!.has(k));
    if (!field) return '';
    used.add(field.key);
    return field.key;
  });
}

/** The value of an enum field as written in any UI language ("Выполнен", "terminé") or as its key. */
export function enumReader<T extends string>(values: readonly T[], labelKey: (v: T) => string) {
  // Built on first use: the modules' strings are added to the catalogs after the modules are loaded.
  let map: Map<string, T> | undefined;
  const labels = () => {
    map = new Map<string, T>();
    for (const v of values) {
      map.set(v.toLowerCase(), v);
      for (const l of LOCALES) map.set(getTranslate(l, 'UTC')(labelKey(v) as MessageKey).toLowerCase(), v);
    }
    return map;
  };
  return (text: string | undefined): T | string | undefined =>
    text === undefined || text === ''
      ? undefined
      : ((map ?? labels()).get(text.trim().toLowerCase()) ?? text);
}
