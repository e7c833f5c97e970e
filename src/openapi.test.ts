import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { useTestEnv } from './test/env.js';

const SNAPSHOT = new URL('../docs/openapi.json', import.meta.url);

describe('OpenAPI document', () => {
  const env = useTestEnv('sqlite');

  it('matches the committed snapshot (UPDATE_OPENAPI=1 npx vitest run src/openapi.test.ts to refresh)', async () => {
    const res = await env.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const spec = res.json();
    const text = `${JSON.stringify(spec, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(SNAPSHOT, text);
    expect(JSON.parse(readFileSync(SNAPSHOT, 'utf8'))).toEqual(spec);
  });

  it('documents the seed token endpoints and both security schemes', async () => {
    const spec = (await env.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/token/', '/api/token/refresh/', '/api/v1/me']),
    );
    expect(Object.keys(spec.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearerJwt', 'apiToken']),
    );
    for (const [path, item] of Object.entries(
      spec.paths as Record<string, Record<string, { operationId?: string }>>,
    )) {
      for (const op of Object.values(item)) expect(op.operationId, path).toMatch(/^[a-z_]+\.[a-z_]+$/);
    }
  });
});
