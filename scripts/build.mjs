#!/usr/bin/env node
// Builds the server bundle (dist/*.js) and the browser assets (dist/public) from src/.
// Runs on `npm install` and before `npm start`; skips work when nothing changed since the last build.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const stamp = join(dist, '.build-stamp');
const force = process.argv.includes('--force');
const quiet = process.argv.includes('--quiet');

function newestMtime(path) {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const inputs = ['src', 'package-lock.json', 'scripts/build.mjs'].map((p) => join(root, p)).filter(existsSync);
const sourceTime = Math.max(...inputs.map(newestMtime));
if (!force && existsSync(stamp) && Number(readFileSync(stamp, 'utf8')) >= sourceTime) {
  if (!quiet) process.stdout.write('build: up to date\n');
  process.exit(0);
}

const started = Date.now();
const esbuild = await import('esbuild');
mkdirSync(join(dist, 'public'), { recursive: true });

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  jsx: 'automatic',
  jsxImportSource: 'preact',
  logLevel: 'warning',
});

await esbuild.build({
  absWorkingDir: root,
  entryPoints: { app: 'src/client/app.ts' },
  outdir: 'dist/public',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});

const tailwind = join(root, 'node_modules', '.bin', 'tailwindcss');
const css = spawnSync(tailwind, ['-i', 'src/client/app.css', '-o', 'dist/public/app.css', '--minify'], {
  cwd: root,
  encoding: 'utf8',
});
if (css.status !== 0) {
  process.stderr.write(`build: tailwind failed\n${css.stderr}\n`);
  process.exit(1);
}

writeFileSync(stamp, String(sourceTime));
if (!quiet) process.stdout.write(`build: done in ${Date.now() - started} ms\n`);
