/**
 * `request.ctx`: the service context of a request (who acts, from where, with which request id and logger),
 * built once on first use and kept for the rest of the request. Transports pass it to services as it is.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Ctx, contextOf, type Deps } from '../../deps.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's service context (see installRequestContext). */
    readonly ctx: Ctx;
  }
}

const built = new WeakMap<FastifyRequest, Ctx>();

/** Decorates every request with `ctx`; install after authentication has set `request.actor`. */
export function installRequestContext(app: FastifyInstance, deps: Deps): void {
  app.decorateRequest('ctx', {
    getter(this: FastifyRequest) {
      let ctx = built.get(this);
      // The actor is read when the context is first asked for: after the auth hook, before any handler.
      if (!ctx || ctx.actor !== this.actor) {
        ctx = contextOf(deps, {
          actor: this.actor,
          ip: this.ip,
          userAgent: this.headers['user-agent'] ?? null,
          requestId: this.id,
          log: this.log as Ctx['log'],
        });
        built.set(this, ctx);
      }
      return ctx;
    },
  });
}
