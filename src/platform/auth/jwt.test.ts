/** JWT verification: only untampered, unexpired HS256 tokens of the right kind from this secret pass. */
import { describe, expect, it } from 'vitest';
import { signJwt, verifyJwt } from './jwt.js';

const secret = 'a test secret that is long enough';
const now = new Date('2026-11-24T10:00:00Z');
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');

describe('jwt', () => {
  it('accepts its own token and reads the claims', async () => {
    const { token, jti } = await signJwt(secret, 42, 'access', 300, now);
    const claims = await verifyJwt(secret, token, 'access', now);
    expect(claims).toEqual({ userId: 42, jti, kind: 'access', expiresAt: new Date('2026-11-24T10:05:00Z') });
  });

  it('checks time and kind again for a token it has already verified', async () => {
    const { token } = await signJwt(secret, 7, 'access', 300, now);
    expect((await verifyJwt(secret, token, 'access', now))?.userId).toBe(7);
    expect((await verifyJwt(secret, token, 'access', now))?.userId).toBe(7);
    expect(await verifyJwt(secret, token, 'access', new Date('2026-11-24T10:05:00Z'))).toBeUndefined();
    expect(await verifyJwt(secret, token, 'refresh', now)).toBeUndefined();
    expect(await verifyJwt('another secret entirely, same length', token, 'access', now)).toBeUndefined();
    expect((await verifyJwt(secret, token, 'access', now))?.userId).toBe(7);
  });

  it('refuses expired, wrong-kind, foreign, tampered and unsigned tokens', async () => {
    const { token } = await signJwt(secret, 42, 'access', 300, now);
    expect(await verifyJwt(secret, token, 'access', new Date('2026-11-24T10:05:00Z'))).toBeUndefined();
    expect(await verifyJwt(secret, token, 'refresh', now)).toBeUndefined();
    expect(await verifyJwt('another secret entirely, same length', token, 'access', now)).toBeUndefined();
    const [h, p, s] = token.split('.') as [string, string, string];
    const payload = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${b64({ ...payload, user_id: 1 })}.${s}`;
    expect(await verifyJwt(secret, forged, 'access', now)).toBeUndefined();
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`;
    expect(await verifyJwt(secret, none, 'access', now)).toBeUndefined();
    // The same signature bytes written another way (padding) are not accepted.
    expect(await verifyJwt(secret, `${h}.${p}.${s}=`, 'access', now)).toBeUndefined();
    expect(await verifyJwt(secret, 'not.a.jwt', 'access', now)).toBeUndefined();
    expect(await verifyJwt(secret, 'garbage', 'access', now)).toBeUndefined();
  });
});
