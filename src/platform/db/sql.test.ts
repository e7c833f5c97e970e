/** Page arithmetic, including lists larger than the count cap. */
import { describe, expect, it } from 'vitest';
import { COUNT_CAP, pageOf } from './sql.js';

describe('pageOf', () => {
  it('counts exactly up to the cap', () => {
    expect(pageOf([1, 2], 52, { page: 3, perPage: 25 })).toMatchObject({
      total: 52,
      pages: 3,
      capped: false,
    });
    expect(pageOf([], 0, { page: 1, perPage: 25 })).toMatchObject({ total: 0, pages: 1, capped: false });
  });

  it('past the cap says "at least", and always offers the next page', () => {
    const items = Array.from({ length: 25 }, (_, i) => i);
    const first = pageOf(items, COUNT_CAP + 1, { page: 1, perPage: 25 });
    expect(first).toMatchObject({ total: COUNT_CAP, capped: true, pages: COUNT_CAP / 25 + 1 });
    const deep = pageOf(items, COUNT_CAP + 1, { page: 600, perPage: 25 });
    expect(deep.total).toBe(599 * 25 + 25);
    expect(deep.pages).toBe(601);
  });
});
