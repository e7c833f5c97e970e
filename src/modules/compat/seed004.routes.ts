/**
 * The pages of seeds 004 (Naumur) and 000 (client service) at their old addresses, leading to Sova's pages.
 * Every one needs a signed-in user (the seeds left several open); `/appels/acces/` — the seed's password-only
 * login — leads to Sova's real login.
 */
import type { FastifyInstance } from 'fastify';
import { idParam } from '../../platform/http/query.js';

const FIXED: [string, string][] = [
  ['/appels/', '/call-campaigns'],
  ['/import-entreprises/', '/call-campaigns'],
  ['/export/', '/calls'],
  ['/dashboard/', '/call-campaigns/dashboard'],
  ['/contacts/', '/companies'],
  ['/call/list/', '/calls?mine=1'],
  ['/new_call/', '/calls'],
];

export function seed004Pages(app: FastifyInstance) {
  for (const [from, to] of FIXED) app.get(from, async (_request, reply) => reply.code(301).redirect(to));
  app.get('/appels/acces/', { config: { public: true } }, async (_request, reply) =>
    reply.code(301).redirect('/login'),
  );
  app.get('/appels/:id/remplir/', async (request, reply) =>
    reply.code(302).redirect(`/call-targets/${idParam(request.params)}/call`),
  );
  app.get('/call_item/edit/:id/', async (request, reply) =>
    reply.code(301).redirect(`/calls/${idParam(request.params)}/edit`),
  );
  app.get('/call_item/delete/:id/', async (request, reply) =>
    reply.code(301).redirect(`/calls/${idParam(request.params)}/delete`),
  );
}
