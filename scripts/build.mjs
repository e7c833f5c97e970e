#!/usr/bin/env node
// Builds the server bundle (dist/*.js) and the browser assets (dist/public) from src/.
// Runs on `npm install` and before `npm start`; skips work when nothing changed since the last build.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

// Browser assets carry a hash of their content in their names (`app.3KX7Q2ZD.js`), so they are served with a
// year-long cache and a new build is never mixed with an old one; dist/assets.json maps each name to its file.
const publicDir = join(dist, 'public');
const browser = await esbuild.build({
  absWorkingDir: root,
  entryPoints: { app: 'src/client/app.ts' },
  outdir: 'dist/public',
  entryNames: '[name].[hash]',
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2020',
  minify: true,
  sourcemap: 'linked',
  metafile: true,
  logLevel: 'warning',
});
const scriptFile = Object.keys(browser.metafile.outputs)
  .map((out) => basename(out))
  .find((name) => name.endsWith('.js'));

const tailwind = join(root, 'node_modules', '.bin', 'tailwindcss');
const cssOut = join(dist, 'app.css');
const css = spawnSync(tailwind, ['-i', 'src/client/app.css', '-o', cssOut, '--minify'], {
  cwd: root,
  encoding: 'utf8',
});
if (css.status !== 0) {
  process.stderr.write(`build: tailwind failed\n${css.stderr}\n`);
  process.exit(1);
}

/** Copies `content` to dist/public as `<name>.<hash>.<ext>`; returns the file name. */
function hashed(name, content) {
  const dot = name.lastIndexOf('.');
  const hash = createHash('sha256').update(content).digest('hex').slice(0, 10);
  const file = `${name.slice(0, dot)}.${hash}${name.slice(dot)}`;
  writeFileSync(join(publicDir, file), content);
  return file;
}
const manifest = {
  'app.js': scriptFile,
  'app.css': hashed('app.css', readFileSync(cssOut)),
  'favicon.svg': hashed('favicon.svg', readFileSync(join(root, 'src', 'client', 'favicon.svg'))),
};
writeFileSync(join(dist, 'assets.json'), `${JSON.stringify(manifest, null, 2)}\n`);
// Earlier builds' files go: only what the manifest names (and the script's source map) is served.
const keep = new Set([...Object.values(manifest), `${scriptFile}.map`]);
for (const file of readdirSync(publicDir)) if (!keep.has(file)) rmSync(join(publicDir, file));

writeFileSync(stamp, String(sourceTime));
if (!quiet) process.stdout.write(`build: done in ${Date.now() - started} ms\n`);
