#!/usr/bin/env node
// `npm test`: build, lint, typecheck, then every vitest suite; ends with the plain line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  ['build', ['node', 'scripts/build.mjs', '--force']],
  ['lint', ['npx', 'biome', 'check', '.']],
  ['typecheck', ['npx', 'tsc', '--noEmit']],
];
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [name, [cmd, ...args]] of steps) {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stdout.write(`${name}: FAILED\n`);
  }
}

process.stdout.write('\n== vitest\n');
const report = '.vitest-result.json';
rmSync(report, { force: true });
const extra = process.argv.slice(2);
const r = spawnSync(
  'npx',
  ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...extra],
  { stdio: 'inherit' },
);
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed += result.numPassedTests;
  failed += result.numFailedTests;
  skipped += result.numPendingTests + result.numTodoTests;
  // A file that fails to load, or whose setup fails, has no failed test to count but must still fail the run.
  const brokenFiles = result.testResults.filter(
    (f) => f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed'),
  ).length;
  failed += brokenFiles;
} else {
  failed += 1;
}
if (r.status !== 0 && failed === 0) failed += 1;
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed === 0 ? 0 : 1);
