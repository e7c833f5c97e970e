/** Every route the app registered, read from Fastify's route tree, for tests that must cover all of them. */
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  /** The path as declared (`/orders/:id`). */
  url: string;
}

/**
 * Parses `printRoutes({ commonPrefix: false })`: each line is a path segment at a depth of four characters per
 * level, with its methods; a route's path is its ancestors' segments joined.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const routes: RegisteredRoute[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = /^([│ ]*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const url = stack.join('').replace(/^\/+/, '/');
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}

/** A route's path with each parameter filled in (`:id` → `id`, `*` → `x`). */
export const concrete = (url: string, params: Record<string, string> = {}) =>
  url.replace(/:(\w+)/g, (_, name: string) => params[name] ?? '1').replace(/\*$/, 'x');
