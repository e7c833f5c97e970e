/** JWT access/refresh tokens compatible with seed 001's mobile app (djangorestframework-simplejwt shape). */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { SignJWT } from 'jose';
import { hmac, randomToken } from './crypto.js';

export type JwtKind = 'access' | 'refresh';
export interface JwtClaims {
  userId: number;
  jti: string;
  kind: JwtKind;
  expiresAt: Date;
}

/** The HS256 key derived from the instance secret (derived once per secret: every API request verifies). */
const keys = new Map<string, Buffer>();
function keyFor(secret: string): Buffer {
  let key = keys.get(secret);
  if (!key) {
    key = Buffer.from(hmac(secret, 'sova-jwt-v1'), 'utf8');
    keys.set(secret, key);
  }
  return key;
}

const decodeJson = (part: string): Record<string, unknown> | undefined => {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
};

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

interface Verified {
  userId: number;
  jti: string;
  kind: unknown;
  exp: number;
  nbf: number | undefined;
}

/**
 * Tokens whose signature and claims' shape were checked, per secret: a mobile app sends the same access token on
 * every request for its 5-minute life, and checking a signature again gives the same answer. Only the time
 * bounds are checked per call. Bounded (oldest dropped first); forged tokens are never stored.
 */
const verified = new Map<Buffer, Map<string, Verified>>();
const VERIFIED_MAX = 4096;

/** Signature, header and claim types, or undefined: the part of verification that depends only on the token. */
function checkSignature(key: Buffer, token: string): Verified | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  const [h, p, s] = parts as [string, string, string];
  const expected = createHmac('sha256', key).update(`${h}.${p}`).digest();
  const sent = Buffer.from(s, 'base64url');
  if (
    sent.length !== expected.length ||
    sent.toString('base64url') !== s ||
    !timingSafeEqual(sent, expected)
  ) {
    return undefined;
  }
  const header = decodeJson(h);
  const payload = decodeJson(p);
  if (!header || !payload || header.alg !== 'HS256') return undefined;
  if (typeof payload.exp !== 'number' || (payload.nbf !== undefined && typeof payload.nbf !== 'number')) {
    return undefined;
  }
  if (typeof payload.user_id !== 'number' || typeof payload.jti !== 'string') return undefined;
  return {
    userId: payload.user_id,
    jti: payload.jti,
    kind: payload.token_type,
    exp: payload.exp,
    nbf: payload.nbf as number | undefined,
  };
}

/**
 * Returns the claims of a valid, unexpired token of the given kind, or undefined. Verified synchronously with
 * node:crypto (HS256 only, constant-time signature compare, canonical base64url), which is several times cheaper
 * per request than a WebCrypto round trip through the thread pool; a token already verified is looked up.
 */
export async function verifyJwt(secret: string, token: string, kind: JwtKind, now: Date) {
  const key = keyFor(secret);
  let known = verified.get(key);
  if (!known) {
    known = new Map();
    verified.set(key, known);
  }
  let v = known.get(token);
  if (!v) {
    v = checkSignature(key, token);
    if (!v) return undefined;
    if (known.size >= VERIFIED_MAX) known.delete(known.keys().next().value as string);
    known.set(token, v);
  }
  const nowSec = now.getTime() / 1000;
  if (v.exp <= nowSec || (v.nbf !== undefined && v.nbf > nowSec) || v.kind !== kind) return undefined;
  return { userId: v.userId, jti: v.jti, kind, expiresAt: new Date(v.exp * 1000) } satisfies JwtClaims;
}
