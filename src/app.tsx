/**
 * Builds the Fastify application without listening (tests use `inject()` or listen themselves). Modules are
 * registered in the explicit list below, top to bottom; nothing is discovered by magic.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import type { Config } from './config.js';
import type { Database } from './database.js';
import type { Clock, Deps } from './deps.js';
import { installAuth } from './modules/auth/index.js';
import { MODULES } from './modules/index.js';
import { hmac, safeEqual } from './platform/auth/crypto.js';
import type { DbHandle } from './platform/db/db.js';
import { documentRowVersion } from './platform/http/api.js';
import { installRequestContext } from './platform/http/context.js';
import { installErrorHandlers } from './platform/http/error-handler.js';
import { installInputGuard } from './platform/http/input-guard.js';
import { installMetrics } from './platform/http/metrics.js';
import { setAssets, setNavigation, viewContext } from './platform/http/render.js';
import { installSecurityHeaders } from './platform/http/security-headers.js';
import { contractValidator } from './platform/http/validate.js';
import { realtimeRoutes } from './platform/realtime/sse.js';
import './platform/http/types.js';

import { AppPage, AuthPage, type NavItem } from './platform/views/layout.js';
import { createRuntime, type RuntimeOptions } from './runtime.js';

/**
 * The main menu: every module's entries, in the module list's order. An entry with an `action` shows to those
 * the policy allows it (platform/auth/policy.ts), whose page refuses everyone else.
 */
export const NAVIGATION: NavItem[] = MODULES.flatMap((m) => m.nav ?? []);

export interface BuildOptions {
  config: Config;
  clock?: Clock;
  /** An already-open database (tests); otherwise opened from config and closed with the app. */
  dbHandle?: DbHandle<Database>;
  /** Log to stdout as JSON (default) or stay silent (tests). */
  logger?: boolean;
  /** Run job workers in this process (default: the WORKERS setting). */
  workers?: boolean;
  /** Jobs beyond the product's own (tests and benchmarks). */
  extraJobs?: RuntimeOptions['extraJobs'];
  extraSchedules?: RuntimeOptions['extraSchedules'];
  pgBoss?: RuntimeOptions['pgBoss'];
  jobLeaseSeconds?: RuntimeOptions['jobLeaseSeconds'];
  spool?: RuntimeOptions['spool'];
}

/** Finds the folder holding package.json, from src/ (tests) or dist/ (bundle). */
function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

export async function buildApp(options: BuildOptions): Promise<{ app: FastifyInstance; deps: Deps }> {
  const { config } = options;
  const runtime = await createRuntime(options);
  const { deps } = runtime;
  const log = deps.log;

  // Typed as the plain instance: modules take FastifyInstance and need not know the logger's concrete type.
  const app = Fastify({
    loggerInstance: log,
    trustProxy: config.trustProxy,
    bodyLimit: config.bodyLimit,
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    routerOptions: { ignoreTrailingSlash: false, maxParamLength: 200 },
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(contractValidator);
  app.setSerializerCompiler(serializerCompiler);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Error handlers and the public-docs rule come first so that plugins registered below inherit them.
  installErrorHandlers(app, (request, reply, e) => {
    const v = viewContext(request, reply);
    const body = (
      <div class="card bg-base-100 border border-base-300 max-w-xl" data-error-status={e.status}>
        <div class="card-body">
          <p class="text-5xl font-bold opacity-30">{e.status}</p>
          <p>{request.t(e.text)}</p>
          <p class="text-xs opacity-60">
            {request.t('common.label', { label: request.t('error.request_id') })} <code>{request.id}</code>
          </p>
          <a href="/welcome" class="btn btn-sm mt-2 self-start">
            {request.t('nav.welcome')}
          </a>
        </div>
      </div>
    );
    return request.actor ? (
      <AppPage v={v} title={request.t(e.title)}>
        {body}
      </AppPage>
    ) : (
      <AuthPage v={v} title={request.t(e.title)}>
        {body}
      </AuthPage>
    );
  });
  app.addHook('onRoute', (route) => {
    // The docs and their assets are public, like the spec they describe; so are the pages' own assets.
    if (route.url.startsWith('/api/docs') || route.url.startsWith('/assets/'))
      route.config = { ...(route.config as object), public: true };
  });

  await app.register(cookie, { secret: hmac(config.secret, 'sova-cookie-v1') });
  await app.register(formbody, { bodyLimit: config.bodyLimit });
  await app.register(multipart, { limits: { fileSize: config.bodyLimit, files: 1, fields: 100 } });
  installInputGuard(app);
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: config.trustProxy ? undefined : false,
  });
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'auth.rate_limited',
      message: `Rate limit exceeded, retry in ${context.after}`,
    }),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Sova CRM API',
        version: '1.0.0',
        description:
          'Clean REST API under `/api/v1/`, plus the endpoints of the systems Sova replaces, kept for their existing clients. ' +
          'Authenticate with a JWT from `POST /api/token/` or a Sova API token (`sova_…`) as `Authorization: Bearer`.',
      },
      components: {
        securitySchemes: {
          bearerJwt: {
            type: 'http',
            scheme: 'bearer',
            bearerFormat: 'JWT',
            description: 'Access token from POST /api/token/',
          },
          apiToken: {
            type: 'http',
            scheme: 'bearer',
            description: 'Personal or integration token (sova_…), scoped',
          },
          sessionCookie: {
            type: 'apiKey',
            in: 'cookie',
            name: 'sova_session',
            description: 'Browser session',
          },
        },
      },
      security: [{ bearerJwt: [] }, { apiToken: [] }],
    },
    hideUntagged: true,
    transform: (route) => documentRowVersion(jsonSchemaTransform(route)),
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
    uiHooks: {},
  });

  // Browser assets are public (the sign-in page needs its stylesheet and script) and named by their content
  // hash, so they are cached for a year; the build's manifest says which file each one is.
  const urls = assetUrls(projectRoot());
  setAssets({ script: urls.script, stylesheet: urls.stylesheet, icon: urls.icon });
  await app.register(fastifyStatic, {
    root: existsSync(urls.dir) ? urls.dir : projectRoot(),
    prefix: '/assets/',
    decorateReply: false,
    serve: existsSync(urls.dir),
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader(
        'cache-control',
        HASHED_NAME.test(path) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      );
    },
  });
  // Browsers ask for /favicon.ico by themselves (on a JSON or file answer, say).
  app.get('/favicon.ico', { config: { public: true } }, async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').redirect(urls.icon, 301),
  );

  const metrics = installMetrics(app);
  installAuth(app, deps);
  installRequestContext(app, deps);
  setNavigation(NAVIGATION);

  // Operations endpoints.
  app.get('/api/openapi.json', { config: { public: true } }, async () => app.swagger());
  app.get('/healthz', { config: { public: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true } }, async (_request, reply) => {
    try {
      await sql`select 1`.execute(deps.db);
      return { status: 'ready', database: deps.dialect };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: deps.dialect });
    }
  });
  app.get('/metrics', { config: { public: true } }, async (request, reply) => {
    const loopback = ['127.0.0.1', '::1', '::ffff:127.0.0.1'].includes(request.socket.remoteAddress ?? '');
    const token = request.headers.authorization?.replace(/^Bearer\s+/i, '') ?? '';
    // Behind a reverse proxy every caller arrives from the proxy, often on loopback: only the token counts there.
    const allowed = config.metricsToken
      ? safeEqual(token, config.metricsToken)
      : loopback && !config.trustProxy;
    if (!allowed) return reply.code(403).type('text/plain').send('forbidden\n');
    return reply.type(metrics.contentType).send(await metrics.metrics());
  });

  // Feature modules, each on a Fastify scope of its own; errors on `/api/` answer as problem+json, others as pages.
  for (const m of MODULES) {
    const { api, pages } = m;
    if (pages) await app.register(async (scope) => pages(scope, deps), { name: `${m.name}-pages` } as object);
    if (api) await app.register(async (scope) => api(scope, deps), { name: `${m.name}-api` } as object);
  }
  realtimeRoutes(app, deps);

  await runtime.start({ workers: options.workers ?? config.workers });
  app.addHook('onClose', async () => {
    await runtime.stop();
  });
  return { app, deps };
}

/** A file name carrying a content hash (`app.3KX7Q2ZD.js`, `favicon.0f1e2d3c4b.svg`). */
const HASHED_NAME = /\.[0-9A-Za-z_-]{8,}\.(js|css|svg|map)$/;

/** The browser assets' URLs from the build's manifest (dist/assets.json); plain names before any build. */
function assetUrls(root: string) {
  const dir = join(root, 'dist', 'public');
  const manifestFile = join(root, 'dist', 'assets.json');
  const files: Record<string, string> = existsSync(manifestFile)
    ? JSON.parse(readFileSync(manifestFile, 'utf8'))
    : {};
  const url = (name: string) => `/assets/${files[name] ?? name}`;
  return { dir, script: url('app.js'), stylesheet: url('app.css'), icon: url('favicon.svg') };
}
