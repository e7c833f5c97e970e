/**
 * `/metrics` behind a reverse proxy (issue 24, item 13): there every caller reaches Sova from the proxy's
 * loopback address, so with TRUST_PROXY the endpoint answers only to METRICS_TOKEN.
 */
import { describe, expect, it } from 'vitest';
import { useTestEnv } from '../../test/env.js';

const TOKEN = 'metrics-token-0123456789';
const scrape = (env: ReturnType<typeof useTestEnv>, headers: Record<string, string> = {}) =>
  env.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers });

describe('metrics access', () => {
  describe('behind a proxy without a token', () => {
    const env = useTestEnv('sqlite', { TRUST_PROXY: 'true' });
    it('refuses every caller, loopback included', async () => {
      expect((await scrape(env)).statusCode).toBe(403);
      expect((await scrape(env, { 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(403);
    });
  });

  describe('behind a proxy with a token', () => {
    const env = useTestEnv('sqlite', { TRUST_PROXY: 'true', METRICS_TOKEN: TOKEN });
    it('answers the token only', async () => {
      expect((await scrape(env)).statusCode).toBe(403);
      expect((await scrape(env, { authorization: 'Bearer wrong-token-0123456789' })).statusCode).toBe(403);
      const ok = await scrape(env, { authorization: `Bearer ${TOKEN}` });
      expect(ok.statusCode).toBe(200);
      expect(ok.body).toContain('# TYPE');
    });
  });

  describe('served directly', () => {
    const env = useTestEnv('sqlite');
    it('answers loopback callers and no others', async () => {
      expect((await scrape(env)).statusCode).toBe(200);
      expect((await env.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
    });
  });
});
