/**
 * Security headers on every response (CSP, frame, referrer, MIME-sniffing, cross-origin policies…), computed
 * once. helmet decides which headers and values; they do not depend on the request, so instead of running its
 * middleware per request (the Fastify plugin rebuilds and re-parses the whole configuration every time: ~50 µs
 * of each request) the headers it sets are recorded at start-up and copied onto each reply.
 */
import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** The headers helmet's middleware sets for `options`, by running it once against a recording response. */
export function helmetHeaders(options: Readonly<HelmetOptions>): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown;
  // helmet's middleware is synchronous: `next` has run (or an error was passed) when the call returns.
  helmet(options)({} as never, res as never, (err?: unknown) => {
    failed = err;
  });
  if (failed) throw failed;
  return headers;
}

export function installSecurityHeaders(app: FastifyInstance, options: Readonly<HelmetOptions>): void {
  const headers = helmetHeaders(options);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
