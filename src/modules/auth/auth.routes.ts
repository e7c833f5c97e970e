/**
 * JSON API for authentication. `/api/token/` and `/api/token/refresh/` keep seed 001's contract exactly
 * (simplejwt shapes: `{access, refresh}`, `{"detail": …}` on 401, `{"field": ["This field is required."]}` on
 * 400), accepting JSON, form and multipart bodies. `/api/v1/me` is the clean API's "who am I".
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.js';
import { ifMatchVersion, ROW_VERSION, withEtag } from '../../platform/http/api.js';
import { readFields } from '../../platform/http/body.js';
import { classify } from '../../platform/http/error-handler.js';
import { ProfilePatch, toUserResponse, UserResponse } from '../users/internal.js';
import { getUser, updateOwnProfile } from '../users/users.service.js';
import { DetailError, FieldErrorsBody, TokenPair } from './auth.contract.js';
import { knownDeviceOf, REFRESH_RATE_LIMIT } from './auth.hooks.js';
import { obtainTokenPair, refreshTokenPair } from './auth.service.js';

const REQUIRED = 'This field is required.';
/** simplejwt's throttling answer (DRF), with the wait the Retry-After header gives. */
const throttled = (seconds: unknown) => {
  const n = Number(seconds) || 60;
  return `Request was throttled. Expected available in ${n} second${n === 1 ? '' : 's'}.`;
};
const BLANK = 'This field may not be blank.';

function requireFields(
  fields: Record<string, unknown>,
  names: string[],
): Record<string, string[]> | undefined {
  const errors: Record<string, string[]> = {};
  for (const name of names) {
    const value = fields[name];
    if (value === undefined || value === null) errors[name] = [REQUIRED];
    else if (typeof value !== 'string') errors[name] = ['Not a valid string.'];
    else if (value.trim() === '') errors[name] = [BLANK];
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** Seed 001 token endpoints, in their own scope so their errors keep the seed's JSON shapes. */
export function seedTokenRoutes(app: FastifyInstance) {
  app.register(async (scope) => {
    const api = scope.withTypeProvider<ZodTypeProvider>();
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      const c = classify(err);
      if (!c.expected) request.log.error({ err }, 'request failed');
      if (c.status === 401) {
        return reply.code(401).send({ detail: 'Token is invalid or expired', code: 'token_not_valid' });
      }
      const detail =
        c.status === 413
          ? 'Request body is too large.'
          : c.status === 415
            ? `Unsupported media type "${request.headers['content-type'] ?? ''}" in request.`
            : c.status === 429
              ? throttled(reply.getHeader('retry-after'))
              : err instanceof SyntaxError ||
                  err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
                  c.code === 'request.bad'
                ? 'JSON parse error'
                : c.status >= 500
                  ? 'Internal server error.'
                  : 'Invalid request.';
      return reply.code(c.status).send({ detail });
    });
    const tokenResponses = { 200: TokenPair, 400: FieldErrorsBody, 401: DetailError, 429: DetailError };

    api.post(
      '/api/token/',
      {
        config: { public: true },
        onRequest: app.sovaPasswordLimit,
        schema: {
          tags: ['auth'],
          operationId: 'auth.obtain_token',
          summary: 'Obtain a JWT pair (the mobile app’s sign-in)',
          description:
            'Body as JSON, form-urlencoded or multipart: `username` (or email) and `password`. Access tokens live ' +
            'JWT_ACCESS_TTL_SECONDS, refresh tokens JWT_REFRESH_TTL_SECONDS.',
          body: z.object({ username: z.string(), password: z.string() }).optional(),
          response: tokenResponses,
        },
        // The body is validated by hand so form and multipart bodies get the same checks and error shapes.
        validatorCompiler: () => (data) => ({ value: data }),
      },
      async (request, reply) => {
        const fields = await readFields(request);
        const missing = requireFields(fields, ['username', 'password']);
        if (missing) return reply.code(400).send(missing);
        try {
          return await obtainTokenPair(
            request.ctx,
            { username: String(fields.username), password: String(fields.password) },
            { knownDeviceUserId: knownDeviceOf(request) },
          );
        } catch (err) {
          if (err instanceof AppError && err.kind === 'rate_limited') {
            const seconds = String(err.params.seconds);
            return reply
              .code(429)
              .header('retry-after', seconds)
              .send({ detail: throttled(seconds) });
          }
          if (err instanceof AppError && ['unauthenticated', 'forbidden', 'invalid'].includes(err.kind)) {
            return reply.code(401).send({ detail: 'No active account found with the given credentials' });
          }
          throw err;
        }
      },
    );

    api.post(
      '/api/token/refresh/',
      {
        config: { public: true, rateLimit: REFRESH_RATE_LIMIT },
        schema: {
          tags: ['auth'],
          operationId: 'auth.refresh_token',
          summary: 'Refresh a JWT pair (the mobile app’s token refresh)',
          description:
            'Returns a new access token and a new refresh token; the refresh token sent is revoked.',
          body: z.object({ refresh: z.string() }).optional(),
          response: tokenResponses,
        },
        validatorCompiler: () => (data) => ({ value: data }),
      },
      async (request, reply) => {
        const fields = await readFields(request);
        const missing = requireFields(fields, ['refresh']);
        if (missing) return reply.code(400).send(missing);
        return refreshTokenPair(request.ctx, String(fields.refresh));
      },
    );
  });
}

export function meRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/me',
    {
      schema: {
        tags: ['users'],
        operationId: 'users.me',
        summary: 'The signed-in user',
        security: [{ bearerJwt: [] }, { apiToken: [] }, { sessionCookie: [] }],
        response: { 200: UserResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const user = withEtag(reply, await getUser(ctx, ctx.actor!.id));
      return toUserResponse(user, user.roles);
    },
  );

  app.withTypeProvider<ZodTypeProvider>().patch(
    '/api/v1/me',
    {
      schema: {
        tags: ['users'],
        operationId: 'users.update_me',
        summary: 'Update the signed-in user (names, email, position, language)',
        security: [{ bearerJwt: [] }, { apiToken: [] }, { sessionCookie: [] }],
        body: ProfilePatch.optional(),
        response: { 200: UserResponse },
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      await updateOwnProfile(ctx, request.body ?? {}, {
        expectedVersion: ifMatchVersion(request),
      });
      const user = withEtag(reply, await getUser(ctx, ctx.actor!.id));
      return toUserResponse(user, user.roles);
    },
  );
}
