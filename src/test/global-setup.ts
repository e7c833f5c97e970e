/**
 * Runs once before any test file: brings `dist/` up to date (the command-line and browser suites run the
 * built server and its assets), so `npx vitest run` works from a clean clone as `npm test` does. The build
 * skips itself when nothing changed since the last one.
 */
import { spawnSync } from 'node:child_process';

export default function setup() {
  const r = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the build failed: see its output above');
}
