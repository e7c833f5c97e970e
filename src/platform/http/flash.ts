/** One-shot messages shown after a redirect, kept in a signed cookie (so they cannot be forged). */
import type { FastifyReply, FastifyRequest } from 'fastify';

export type FlashKind = 'success' | 'info' | 'warning' | 'error';
export interface Flash {
  kind: FlashKind;
  key: string;
  params?: Record<string, string | number>;
  /** Where an "Undo" button beside the message posts (a deletion that can be undone for a while). */
  undo?: string;
}
const COOKIE = 'sova_flash';

export function setFlash(reply: FastifyReply, flash: Flash) {
  reply.setCookie(COOKIE, Buffer.from(JSON.stringify(flash)).toString('base64url'), {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    signed: true,
    maxAge: 60,
  });
}

export function takeFlash(request: FastifyRequest, reply: FastifyReply): Flash | undefined {
  const raw = request.cookies[COOKIE];
  if (!raw) return undefined;
  reply.clearCookie(COOKIE, { path: '/' });
  const unsigned = request.unsignCookie(raw);
  if (!unsigned.valid || !unsigned.value) return undefined;
  try {
    const f = JSON.parse(Buffer.from(unsigned.value, 'base64url').toString('utf8')) as Flash;
    return typeof f.key === 'string' ? f : undefined;
  } catch {
    return undefined;
  }
}
