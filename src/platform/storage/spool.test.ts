/**
 * The spool's sweep, with two "processes" sharing one spool directory: orphans of a dead process go, files a
 * record needs stay wherever they are, and an upload in flight is never touched — in this process or in
 * another live one, however old.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSpool, type SpoolTiming } from './spool.js';

const timing: SpoolTiming = { touchMs: 50, staleMs: 400, sweepMs: 100 };
const known =
  (...names: string[]) =>
  async (asked: string[]) =>
    new Set(asked.filter((n) => names.includes(n)));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A spool directory as a process that died left it: its marker last touched `ageMs` ago. */
function deadProcessDir(root: string, ageMs: number, files: string[]) {
  const dir = join(root, 'otherhost-4242-deadbeef');
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), 'partial');
  const then = new Date(Date.now() - ageMs);
  writeFileSync(join(dir, '.alive'), '');
  utimesSync(join(dir, '.alive'), then, then);
  return dir;
}

describe('spool', () => {
  it('removes the files a dead process left that no record needs, and its directory once empty', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sova-spool-'));
    const dead = deadProcessDir(root, 10_000, ['import_2026_12_cut-off', 'audio_2026_12_pending']);
    const spool = createSpool(root, timing);
    expect(await spool.sweep(known('audio_2026_12_pending'))).toBe(1);
    expect(readdirSync(dead).sort()).toEqual(['.alive', 'audio_2026_12_pending']);
    // The record's file is found from any process, and once it is gone the dead directory goes too.
    const pending = await spool.find('audio_2026_12_pending');
    expect(pending).toBe(join(dead, 'audio_2026_12_pending'));
    expect(await spool.sweep(known())).toBe(1);
    expect(existsSync(dead)).toBe(false);
  });

  it('never removes an upload in flight in another live process, however old', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sova-spool-'));
    const other = createSpool(root, timing);
    other.start(known(), { swept: () => {}, failed: () => {} });
    const path = await other.reserve('audio_2026_12_slow-client');
    writeFileSync(path, 'first bytes');
    // Written long ago (a client that stalls), and this process started after it: still not an orphan.
    utimesSync(path, new Date(0), new Date(0));
    await sleep(timing.staleMs + 100);
    const mine = createSpool(root, timing);
    expect(await mine.sweep(known())).toBe(0);
    expect(existsSync(path)).toBe(true);
    // Its process dies (stops touching its marker): once the marker is stale, the file goes.
    await other.stop();
    await sleep(timing.staleMs + 100);
    expect(await mine.sweep(known())).toBe(1);
    expect(existsSync(dirname(path))).toBe(false);
  });

  it('keeps its own uploads in flight and removes its own orphans', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sova-spool-'));
    const spool = createSpool(root, timing);
    const flying = await spool.reserve('document_2026_12_flying');
    writeFileSync(flying, 'x');
    const left = await spool.reserve('document_2026_12_left');
    writeFileSync(left, 'x');
    spool.settle('document_2026_12_left');
    expect(await spool.sweep(known())).toBe(1);
    expect(existsSync(flying)).toBe(true);
    expect(existsSync(left)).toBe(false);
  });

  it('removes files of older versions, kept flat in the spool, once they stop changing', async () => {
    const root = mkdtempSync(join(tmpdir(), 'sova-spool-'));
    const old = join(root, 'import_2026_11_old');
    const fresh = join(root, 'import_2026_11_fresh');
    writeFileSync(old, 'x');
    writeFileSync(fresh, 'x');
    utimesSync(old, new Date(0), new Date(0));
    expect(await createSpool(root, timing).sweep(known())).toBe(1);
    expect(existsSync(old)).toBe(false);
    expect(existsSync(fresh)).toBe(true);
  });
});
