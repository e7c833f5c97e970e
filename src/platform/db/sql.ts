/**
 * The one place where SQLite and PostgreSQL differ for queries: case-insensitive search, JSON columns,
 * unique-violation detection, pagination.
 */

/** Folds case and diacritics so `elodie` finds `Élodie` and `иван` finds `Иван`, on both databases. */
export const foldForSearch = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('und')
    .replace(/ё/g, 'е')
    .replace(/\s+/g, ' ')
    .trim();

/** A LIKE pattern matching `term` anywhere; use with `escape '\'`. */
export const containsPattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const toJson = (value: unknown) => JSON.stringify(value);
export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** True when the error is a unique-constraint violation (SQLite or PostgreSQL). */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | null;
  return (
    !!e &&
    (e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || e.code === '23505')
  );
}

export interface PageRequest {
  page: number;
  perPage: number;
}
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  perPage: number;
  pages: number;
}
export const PER_PAGE_CHOICES = [10, 25, 50, 100] as const;

export const offsetOf = (p: PageRequest) => (p.page - 1) * p.perPage;
export const pageOf = <T>(items: T[], total: number, p: PageRequest): Page<T> => ({
  items,
  total,
  page: p.page,
  perPage: p.perPage,
  pages: Math.max(1, Math.ceil(total / p.perPage)),
});
