import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from './config.js';

const dataDir = join(tmpdir(), `sova-config-${process.pid}`);

describe('config', () => {
  it('starts embedded with zero configuration', () => {
    const c = loadConfig({ SOVA_DATA_DIR: dataDir });
    expect(c.db).toEqual({ driver: 'sqlite', file: join(dataDir, 'sova.db') });
    expect(c.port).toBe(3000);
    expect(c.host).toBe('0.0.0.0');
    expect(c.signup).toBe('approval');
    expect(c.secret.length).toBeGreaterThanOrEqual(32);
    // The generated secret is kept: a restart keeps sessions valid.
    expect(loadConfig({ SOVA_DATA_DIR: dataDir }).secret).toBe(c.secret);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    const c = loadConfig({ SOVA_DATA_DIR: dataDir, DATABASE_URL: 'postgres://u@localhost/sova' });
    expect(c.db).toEqual({ driver: 'postgres', url: 'postgres://u@localhost/sova' });
  });

  it('names every wrong variable', () => {
    try {
      loadConfig({ SOVA_DATA_DIR: dataDir, PORT: 'eighty', DATABASE_URL: 'mysql://x', SIGNUP: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      expect(message).toContain('PORT');
      expect(message).toContain('DATABASE_URL');
      expect(message).toContain('SIGNUP');
    }
    expect(() => loadConfig({ PORT: '70000' })).toThrow(/PORT/);
  });

  it('takes the currency amounts are in: RUB unless CURRENCY names one with cents', () => {
    expect(loadConfig({ SOVA_DATA_DIR: dataDir }).currency).toBe('RUB');
    expect(loadConfig({ SOVA_DATA_DIR: dataDir, CURRENCY: 'eur' }).currency).toBe('EUR');
    for (const wrong of ['EURO', 'XYZ', 'JPY', 'KWD'])
      expect(() => loadConfig({ SOVA_DATA_DIR: dataDir, CURRENCY: wrong }), wrong).toThrow(/CURRENCY/);
  });

  it('documents every key in .env.example', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    const documented = [...example.matchAll(/^([A-Z0-9_]+)=/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...CONFIG_KEYS].sort());
  });
});
