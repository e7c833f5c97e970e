/** JWT access/refresh tokens compatible with seed 001's mobile app (djangorestframework-simplejwt shape). */
import { errors, jwtVerify, SignJWT } from 'jose';
import { hmac, randomToken } from './crypto.js';

export type JwtKind = 'access' | 'refresh';
export interface JwtClaims {
  userId: number;
  jti: string;
  kind: JwtKind;
  expiresAt: Date;
}

const keyFor = (secret: string) => new TextEncoder().encode(hmac(secret, 'sova-jwt-v1'));

export async function signJwt(secret: string, userId: number, kind: JwtKind, ttlSeconds: number, now: Date) {
  const jti = randomToken(16);
  const iat = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ token_type: kind, user_id: userId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ttlSeconds)
    .sign(keyFor(secret));
  return { token, jti, expiresAt: new Date((iat + ttlSeconds) * 1000) };
}

/** Returns the claims of a valid, unexpired token of the given kind, or undefined. */
export async function verifyJwt(secret: string, token: string, kind: JwtKind, now: Date) {
  try {
    const { payload } = await jwtVerify(token, keyFor(secret), {
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (
      payload.token_type !== kind ||
      typeof payload.user_id !== 'number' ||
      typeof payload.jti !== 'string'
    ) {
      return undefined;
    }
    return {
      userId: payload.user_id,
      jti: payload.jti,
      kind,
      expiresAt: new Date((payload.exp ?? 0) * 1000),
    } satisfies JwtClaims;
  } catch (err) {
    if (err instanceof errors.JOSEError) return undefined;
    throw err;
  }
}
