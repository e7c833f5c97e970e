/** Roles and the authenticated actor every service receives in its ctx, with the checks services make. */
import { forbidden, unauthenticated } from '../errors.js';

export const ROLES = ['admin', 'manager', 'marketer', 'operator'] as const;
export type Role = (typeof ROLES)[number];

export const API_SCOPES = ['read', 'write', 'leads'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface Actor {
  id: number;
  username: string;
  firstName: string;
  lastName: string;
  email: string;
  roles: Role[];
  locale: string | null;
  /** The user's own time zone (account setting); none: the company's. */
  timeZone?: string | null;
  departmentId: number | null;
  /** How this request proved who it is. */
  via: 'session' | 'jwt' | 'token' | 'job';
  /** Scopes of the API token (token auth only). */
  scopes?: ApiScope[];
  sessionId?: string;
}

export const hasRole = (actor: Pick<Actor, 'roles'> | null | undefined, ...roles: Role[]) =>
  !!actor && actor.roles.some((r) => roles.includes(r));

export const displayName = (u: { firstName: string; lastName: string; username: string }) =>
  [u.firstName, u.lastName].filter(Boolean).join(' ') || u.username;

/** The signed-in actor, or `auth.required` (unauthenticated). */
export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) throw unauthenticated();
  return actor;
}

/** The signed-in actor holding one of `roles`, or `auth.required` / `auth.forbidden`. */
export function requireRole(actor: Actor | null | undefined, ...roles: Role[]): Actor {
  const a = requireActor(actor);
  if (!hasRole(a, ...roles)) throw forbidden();
  return a;
}
