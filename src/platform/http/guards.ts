/**
 * Route-level role guard for pages that show a form before any service call could refuse. The service
 * functions check the same rule again on submit: this only spares showing a form that would be refused.
 */
import type { FastifyRequest } from 'fastify';
import { type Action, can } from '../auth/policy.js';
import { hasRole, type Role } from '../auth/roles.js';
import { forbidden } from '../errors.js';

export const requireRoles =
  (...roles: Role[]) =>
  async (request: FastifyRequest) => {
    if (!hasRole(request.actor, ...roles)) throw forbidden();
  };

/** The same for an action of the policy (platform/auth/policy.ts). */
export const requireAction = (action: Action) => async (request: FastifyRequest) => {
  if (!can(request.actor, action)) throw forbidden();
};
