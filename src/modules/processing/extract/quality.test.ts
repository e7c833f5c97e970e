/**
 * The extractor's quality on the labelled call texts (test/fixtures/extract): the goals on the main set
 * and on all sets together, so a change that makes it worse fails here. `npm run bench -- --only extract` prints
 * every field's figures per set (the blind set's alone may dip below a goal on a single text).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { type CaseFile, type ScoredField, scoreCases } from './score.js';

const load = (name: string): CaseFile =>
  JSON.parse(
    readFileSync(new URL(`../../../../test/fixtures/extract/${name}.json`, import.meta.url), 'utf8'),
  );

/** Precision and recall each field must reach: the goals. */
const GOALS: [ScoredField, number][] = [
  ['phone', 0.95],
  ['email', 0.95],
  ['amount', 0.8],
  ['company', 0.8],
];

const SETS = ['cases', 'holdout', 'blind'];
const sets = SETS.map(load);
/** The three sets as one (they share a clock and time zones). */
const all: CaseFile = { ...sets[0]!, cases: sets.flatMap((s) => s.cases) };

describe.each([
  ['cases.json', sets[0]!],
  ['all labelled sets', all],
])('extractor quality on %s', (_, file) => {
  const result = scoreCases(file);

  it.each(GOALS)('reads %s with precision and recall of at least %s', (field, goal) => {
    const score = result.fields.find((f) => f.field === field)!;
    const misses = result.misses.filter((m) => m.field === field);
    expect(score.tp, 'the set labels this field').toBeGreaterThan(5);
    expect({ precision: score.precision >= goal, recall: score.recall >= goal, misses }).toMatchObject({
      precision: true,
      recall: true,
    });
  });

  it('tells each text’s language', () => {
    expect(result.languageAccuracy).toBe(1);
  });
});

describe('the labelled set', () => {
  it('holds at least 60 texts, 20 or more in each language', () => {
    const { cases } = sets[0]!;
    expect(cases.length).toBeGreaterThanOrEqual(60);
    for (const language of ['ru', 'fr', 'en'])
      expect(cases.filter((c) => c.language === language).length, language).toBeGreaterThanOrEqual(20);
    expect(new Set(all.cases.map((c) => c.id)).size).toBe(all.cases.length);
    for (const s of sets) expect([s.now, s.timeZones]).toEqual([all.now, all.timeZones]);
  });
});
