/**
 * The spool: where an upload is written on this machine while it is counted, hashed and type-checked, before
 * storage takes it. Several processes may share one data directory (scale mode: `sova serve` and `sova worker`
 * side by side), and any of them may die mid-upload, so files left behind must be found and removed — without
 * ever removing an upload still in flight in another process. "Older than my start" cannot tell the two apart.
 *
 * So each process writes into a directory of its own, `spool/<host>-<pid>-<random>/`, holding a marker file
 * `.alive` that it touches every few seconds. A process knows its own uploads in flight; about another's it
 * knows only whether its marker is fresh. A sweep (at start and periodically, in every process) therefore
 * removes the files no record needs (`known` decides, e.g. a pending file row):
 * - in its own directory, those not in flight;
 * - in a directory whose marker is stale (its process died, or was frozen longer than `staleMs`), all of them;
 *   an emptied dead directory goes too;
 * - in a live directory of another process, none.
 * Files written by versions before this scheme sit in `spool/` itself: they are removed once unchanged for
 * `staleMs` (an upload in flight keeps writing).
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm, rmdir, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';

const MARKER = '.alive';

export interface SpoolTiming {
  /** How often a process touches its marker. */
  touchMs: number;
  /** A marker untouched this long means its process is gone. */
  staleMs: number;
  /** How often a running process sweeps (it also sweeps once at start). */
  sweepMs: number;
}

export const SPOOL_TIMING: SpoolTiming = { touchMs: 10_000, staleMs: 60_000, sweepMs: 10 * 60_000 };

/** Which of these spool file names a record still needs (the others are orphans). */
export type KnownNames = (names: string[]) => Promise<Set<string>>;

export interface Spool {
  /** The path for a new spool file `name` in this process's directory; it counts as in flight until `settle`. */
  reserve(name: string): Promise<string>;
  /** The upload `name` is no longer in flight (its record is committed, or its file removed). */
  settle(name: string): void;
  /** Where the spool file `name` is, in any process's directory, or null. */
  find(name: string): Promise<string | null>;
  /** Removes orphan spool files (see the module comment); returns how many. */
  sweep(known: KnownNames): Promise<number>;
  /** Starts touching the marker and sweeping every `sweepMs` (and once now); `stop` ends both. */
  start(known: KnownNames, report: { swept(removed: number): void; failed(err: unknown): void }): void;
  stop(): Promise<void>;
}

const instanceName = () =>
  `${hostname().replace(/[^A-Za-z0-9.-]/g, '') || 'host'}-${process.pid}-${randomUUID().slice(0, 8)}`;

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException).code === 'ENOENT';
const ignoreMissing = (err: unknown) => {
  if (!isMissing(err)) throw err;
};

export function createSpool(root: string, timing: SpoolTiming = SPOOL_TIMING): Spool {
  const own = join(root, instanceName());
  const marker = join(own, MARKER);
  const inFlight = new Set<string>();
  let ready: Promise<void> | undefined;
  let touching: NodeJS.Timeout | undefined;
  let sweeping: NodeJS.Timeout | undefined;
  let users = 0;

  /** Creates this process's directory and marker (again, if a sweep of another process took them). */
  const ensure = () => {
    ready ??= (async () => {
      await mkdir(own, { recursive: true, mode: 0o700 });
      await writeFile(marker, '', { mode: 0o600 });
    })().catch((err) => {
      ready = undefined;
      throw err;
    });
    return ready;
  };

  const touch = async () => {
    const now = new Date();
    await utimes(marker, now, now).catch(async (err) => {
      if (!isMissing(err)) throw err;
      ready = undefined;
      await ensure();
    });
  };

  const entries = (dir: string) =>
    readdir(dir, { withFileTypes: true }).catch((err) => {
      ignoreMissing(err);
      return [];
    });

  const isStale = async (path: string) => {
    const info = await stat(path).catch((err) => {
      ignoreMissing(err);
      return null;
    });
    return !info || Date.now() - info.mtimeMs > timing.staleMs;
  };

  const spool: Spool = {
    async reserve(name) {
      await ensure();
      inFlight.add(name);
      return join(own, name);
    },
    settle(name) {
      inFlight.delete(name);
    },
    async find(name) {
      const candidates = [join(own, name)];
      for (const e of await entries(root)) if (e.isDirectory()) candidates.push(join(root, e.name, name));
      candidates.push(join(root, name));
      for (const path of candidates) {
        if (
          await stat(path).then(
            (s) => s.isFile(),
            () => false,
          )
        )
          return path;
      }
      return null;
    },
    async sweep(known) {
      // Each candidate: its path, and whether its directory is dead (then emptied and removed).
      const candidates: { name: string; path: string }[] = [];
      const dead: string[] = [];
      for (const e of await entries(root)) {
        const path = join(root, e.name);
        if (e.isFile()) {
          if (await isStale(path)) candidates.push({ name: e.name, path });
          continue;
        }
        if (!e.isDirectory()) continue;
        const mine = path === own;
        if (!mine && !(await isStale(join(path, MARKER)))) continue;
        if (!mine) dead.push(path);
        for (const f of await entries(path)) {
          if (f.name === MARKER || !f.isFile() || (mine && inFlight.has(f.name))) continue;
          candidates.push({ name: f.name, path: join(path, f.name) });
        }
      }
      const keep = candidates.length ? await known([...new Set(candidates.map((c) => c.name))]) : new Set();
      let removed = 0;
      for (const c of candidates) {
        if (keep.has(c.name)) continue;
        await rm(c.path, { force: true });
        removed++;
      }
      for (const dir of dead) {
        const left = (await entries(dir)).filter((f) => f.name !== MARKER);
        if (left.length) continue;
        await rm(join(dir, MARKER), { force: true });
        // Another sweeper may have removed it first; a file landing meanwhile keeps it (ENOTEMPTY).
        await rmdir(dir).catch(() => {});
      }
      return removed;
    },
    start(known, report) {
      users++;
      if (users > 1) return;
      const sweep = () => {
        ensure()
          .then(() => spool.sweep(known))
          .then((removed) => removed && report.swept(removed), report.failed);
      };
      touching = setInterval(() => touch().catch(report.failed), timing.touchMs);
      touching.unref();
      sweeping = setInterval(sweep, timing.sweepMs);
      sweeping.unref();
      sweep();
    },
    async stop() {
      users = Math.max(0, users - 1);
      if (users > 0) return;
      clearInterval(touching);
      clearInterval(sweeping);
      // Leaving cleanly: an empty directory of ours goes now rather than at another process's sweep.
      if (inFlight.size === 0 && (await entries(own)).every((f) => f.name === MARKER)) {
        await rm(marker, { force: true });
        await rmdir(own).catch(() => {});
        ready = undefined;
      }
    },
  };
  return spool;
}

const spools = new Map<string, Spool>();

/** The spool of this process under `root` (one per directory; `timing` applies when it is first made). */
export function spoolAt(root: string, timing?: SpoolTiming): Spool {
  let spool = spools.get(root);
  if (!spool) {
    spool = createSpool(root, timing);
    spools.set(root, spool);
  }
  return spool;
}
