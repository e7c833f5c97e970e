/** Company pages (seed 004's "contacts" list of companies): search, and one company with its campaigns and calls. */
import type { FastifyInstance } from 'fastify';
import { idParam, type Query, queryString } from '../../platform/http/query.js';
import { sendFragment, sendHtml, viewContext } from '../../platform/http/render.js';
import { ChoiceOptions } from '../../platform/views/components.js';
import { companyStates } from '../call-campaigns/call-campaigns.service.js';
import { callsOf } from '../calls/calls.service.js';
import { listContacts } from '../contacts/contacts.service.js';
import { listOrderWindow } from '../orders/orders.service.js';
import { companyListQueryOf } from './companies.contract.js';
import { getCompany, listCompanies } from './companies.service.js';
import { CompanyPage } from './views/detail.js';
import { CompaniesPage } from './views/list.js';

type Get = { Querystring: Query };

export function companiesPages(app: FastifyInstance) {
  app.get<Get>('/companies', async (request, reply) => {
    const q = companyListQueryOf(request.query, 50);
    const ctx = request.ctx;
    const page = await listCompanies(ctx, q.search, { page: q.page, perPage: q.per_page });
    const states = await companyStates(
      ctx,
      page.items.map((c) => c.id),
    );
    const v = viewContext(request, reply);
    return sendHtml(reply, <CompaniesPage v={v} page={page} search={q.search} states={states} />);
  });

  app.get<Get>('/companies/choices', async (request, reply) => {
    const q = request.query;
    const page = await listCompanies(request.ctx, queryString(q, 'search', 100), {
      page: 1,
      perPage: 25,
    });
    return sendFragment(
      reply,
      <ChoiceOptions
        choices={page.items.map((c) => ({ value: c.id, label: c.name }))}
        empty={q.required === '1' ? undefined : request.t('companies.none')}
      />,
    );
  });

  app.get('/companies/:id', async (request, reply) => {
    const ctx = request.ctx;
    const company = await getCompany(ctx, idParam(request.params));
    const [calls, people, orders, states] = await Promise.all([
      callsOf(ctx, { companyId: company.id }),
      listContacts(ctx, { companyId: company.id, sort: 'last_name', desc: false }, { page: 1, perPage: 50 }),
      listOrderWindow(ctx, { companyId: company.id, sort: 'created_at', desc: true }, 0, 20),
      companyStates(ctx, [company.id]),
    ]);
    return sendHtml(
      reply,
      <CompanyPage
        v={viewContext(request, reply)}
        company={company}
        state={states.get(company.id) ?? 'pending'}
        people={people}
        orders={orders}
        calls={calls}
      />,
    );
  });
}
