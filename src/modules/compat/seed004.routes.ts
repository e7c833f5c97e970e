/**
 * The pages of seeds 004 (Naumur), 000 (client service) and 001 (orders and clients) at their old addresses,
 * leading to Sova's pages. Every one needs a signed-in user (the seeds left several open), except the old
 * sign-in and sign-up addresses: `/appels/acces/` (seed 004's password-only login), `/login/` and
 * `/accounts/login/` lead to Sova's real sign-in, `/signup/` to its sign-up. A bookmarked address keeps its
 * query (a filter, a page), its parameters renamed where Sova calls them otherwise.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { idParam } from '../../platform/http/query.js';

/** The seeds' query parameters that Sova names otherwise (any other passes as it is). */
const RENAMED: Record<string, string> = {
  lead_result: 'lead',
  date_from: 'from',
  date_to: 'to',
  search: 'q',
  statut: 'state',
  etat: 'state',
};

/**
 * `to` with the request's query added, renamed for Sova (`date` — seed 000's one-day filter — becomes `from` and
 * `to`); what `to` already says wins.
 */
export function withSeedQuery(to: string, request: FastifyRequest): string {
  const at = request.url.indexOf('?');
  if (at < 0) return to;
  const [path, own = ''] = to.split('?');
  const params = new URLSearchParams(own);
  const given = new Set(params.keys());
  for (const [key, value] of new URLSearchParams(request.url.slice(at + 1))) {
    const names = key === 'date' ? ['from', 'to'] : [RENAMED[key] ?? key];
    for (const name of names) if (!given.has(name)) params.append(name, value);
  }
  const query = params.toString();
  return query ? `${path}?${query}` : (path ?? to);
}

/** Old address → Sova's page, for signed-in users. */
const FIXED: [string, string][] = [
  // Seed 004
  ['/appels/', '/call-campaigns'],
  ['/import-entreprises/', '/call-campaigns'],
  ['/export/', '/calls'],
  ['/dashboard/', '/call-campaigns/dashboard'],
  ['/contacts/', '/companies'],
  // Seed 000
  ['/call/list/', '/calls?mine=1'],
  ['/call/list', '/calls?mine=1'],
  ['/new_call/', '/calls'],
  // Seed 001
  ['/clients/', '/contacts'],
  ['/orders/', '/orders'],
  ['/reports/', '/reports'],
];

/** Old sign-in and sign-up addresses, open to everyone like Sova's own. */
const PUBLIC: [string, string][] = [
  ['/appels/acces/', '/login'],
  ['/login/', '/login'],
  ['/accounts/login/', '/login'],
  ['/signup/', '/signup'],
];

export function seed004Pages(app: FastifyInstance) {
  for (const [from, to] of FIXED)
    app.get(from, async (request, reply) => reply.code(301).redirect(withSeedQuery(to, request)));
  for (const [from, to] of PUBLIC) {
    app.get(from, { config: { public: true } }, async (request, reply) =>
      reply.code(301).redirect(withSeedQuery(to, request)),
    );
  }
  app.get('/appels/:id/remplir/', async (request, reply) =>
    reply.code(302).redirect(withSeedQuery(`/call-targets/${idParam(request.params)}/call`, request)),
  );
  app.get('/call_item/edit/:id/', async (request, reply) =>
    reply.code(301).redirect(withSeedQuery(`/calls/${idParam(request.params)}/edit`, request)),
  );
  app.get('/call_item/delete/:id/', async (request, reply) =>
    reply.code(301).redirect(withSeedQuery(`/calls/${idParam(request.params)}/delete`, request)),
  );
  app.get('/orders/:id/', async (request, reply) =>
    reply.code(301).redirect(withSeedQuery(`/orders/${idParam(request.params)}`, request)),
  );
}
