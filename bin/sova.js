#!/usr/bin/env node
// The `sova` command: runs the built CLI (built by `npm install`; rebuilt by `npm start`).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) {
  process.stderr.write('Sova is not built yet: run `npm install` (or `npm run build`) first.\n');
  process.exit(1);
}
await import(pathToFileURL(cli).href);
