// `npm run bench -- --only extract`: the built-in call-text extractor (src/modules/processing/extract) on the
// labelled texts in test/fixtures/extract — cases.json (written before the extractor), holdout.json and
// blind.json (each written before the extractor ever ran on it). Prints precision and recall per field and set
// (exact match after normalisation: phones E.164, e-mails lower case, money as cents and currency, company names
// without quotes and dots, person names case- and order-insensitive, a next step holding the labelled word and
// day), then the time per text: the first call (module and phone metadata warm-up) and warm calls.
// The extractor is not part of the server bundle yet, so it is bundled here into dist/bench/extract.mjs.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const SETS = ['cases', 'holdout', 'blind'];
const GOALS = { phone: 0.95, email: 0.95, amount: 0.8, company: 0.8 };
const ROUNDS = Number(process.env.BENCH_EXTRACT_ROUNDS ?? 30);

export async function benchExtract() {
  await build({
    entryPoints: ['src/modules/processing/extract/score.ts'],
    outfile: 'dist/bench/extract.mjs',
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  const loaded = performance.now();
  const { extractCase, scoreCases } = await import(`../dist/bench/extract.mjs?${Date.now()}`);
  const importMs = performance.now() - loaded;
  const sets = SETS.map((name) => [
    name,
    JSON.parse(readFileSync(new URL(`../test/fixtures/extract/${name}.json`, import.meta.url), 'utf8')),
  ]);

  // The very first text pays for loading libphonenumber's metadata and chrono's parsers.
  const [, first] = sets[0];
  let started = performance.now();
  extractCase(first, first.cases[0]);
  const firstMs = performance.now() - started;

  const all = { ...first, cases: sets.flatMap(([, s]) => s.cases) };
  const tables = [];
  for (const [name, file] of [...sets, ['all', all]]) {
    const result = scoreCases(file);
    const rows = result.fields.map((f) => ({
      field: f.field,
      precision: f.precision.toFixed(3),
      recall: f.recall.toFixed(3),
      tp: f.tp,
      fp: f.fp,
      fn: f.fn,
      goal:
        GOALS[f.field] === undefined
          ? ''
          : f.precision >= GOALS[f.field] && f.recall >= GOALS[f.field]
            ? 'met'
            : 'MISSED',
    }));
    tables.push([
      `${name}: ${file.cases.length} texts, language told right ${(result.languageAccuracy * 100).toFixed(0)}%`,
      rows,
    ]);
  }

  const times = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const c of all.cases) {
      started = performance.now();
      extractCase(all, c);
      times.push(performance.now() - started);
    }
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(3);
  const mean = (times.reduce((a, b) => a + b, 0) / times.length).toFixed(3);

  console.log(`\nSova bench — built-in extractor, node ${process.version}`);
  for (const [title, rows] of tables) {
    console.log(`\n${title}`);
    console.table(rows);
  }
  console.log(
    `\nTime per text (${all.cases.length} texts × ${ROUNDS} rounds, warm): mean ${mean} ms, median ${at(0.5)} ms, p99 ${at(0.99)} ms`,
  );
  console.log(`First text after start: ${firstMs.toFixed(1)} ms (bundle import ${importMs.toFixed(1)} ms)`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchExtract();
