/** Company pages (seed 004's "contacts" list of companies): search, and one company with its campaigns and calls. */
import type { FastifyInstance } from 'fastify';
import { idParam, pageRequest, type Query, queryString } from '../../platform/http/query.js';
import { sendFragment, sendHtml, viewContext } from '../../platform/http/render.js';
import { ChoiceOptions, EmptyState, Pagination, queryHref } from '../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import { companyStates } from '../call-campaigns/call-campaigns.service.js';
import type { TargetState } from '../call-campaigns/call-campaigns.table.js';
import { callsOf } from '../calls/calls.service.js';
import { CallTimeline } from '../calls/calls.views.js';
import { listContacts } from '../contacts/contacts.service.js';
import { fullName } from '../contacts/internal.js';
import { listOrderWindow } from '../orders/orders.service.js';
import { formatScore, getCompany, listCompanies } from './companies.service.js';

const STATE_BADGE: Record<TargetState, string> = {
  pending: 'badge-ghost',
  in_progress: 'badge-warning',
  callback: 'badge-info',
  done: 'badge-success',
};

/** Seed 004's status of a company: its latest campaign target's state (never called: not called yet). */
function CompanyState({ v, state }: { v: ViewContext; state: TargetState }) {
  return (
    <span class={`badge badge-sm ${STATE_BADGE[state]}`} data-company-state={state}>
      {v.t.dynamic(`call_targets.state.${state}`)}
    </span>
  );
}

export function companiesPages(app: FastifyInstance) {
  app.get('/companies', async (request, reply) => {
    const q = request.query as Query;
    const search = queryString(q, 'q');
    const ctx = request.ctx;
    const page = await listCompanies(ctx, search, pageRequest(q, 50));
    const states = await companyStates(
      ctx,
      page.items.map((c) => c.id),
    );
    const v = viewContext(request, reply);
    return sendHtml(
      reply,
      <AppPage v={v} title={v.t('companies.title')}>
        <form method="get" action="/companies" class="flex gap-2 mb-4">
          <input
            type="search"
            name="q"
            value={search ?? ''}
            placeholder={v.t('common.search')}
            class="input input-sm w-64"
            aria-label={v.t('common.search')}
          />
          <button type="submit" class="btn btn-sm">
            {v.t('common.search')}
          </button>
        </form>
        {page.items.length === 0 ? (
          <EmptyState title={v.t(search ? 'common.empty_filtered' : 'companies.empty')} />
        ) : (
          <div class="overflow-x-auto">
            <table class="table table-sm" data-companies>
              <thead>
                <tr>
                  <th>{v.t('companies.name')}</th>
                  <th>{v.t('companies.phone')}</th>
                  <th>{v.t('companies.product')}</th>
                  <th>{v.t('companies.activity')}</th>
                  <th>{v.t('companies.location')}</th>
                  <th class="text-right">{v.t('companies.validity_score')}</th>
                  <th>{v.t('common.status')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((c) => (
                  <tr>
                    <td>
                      <a href={`/companies/${c.id}`} class="link font-medium">
                        {c.name}
                      </a>
                    </td>
                    <td>{c.phone}</td>
                    <td>{c.product}</td>
                    <td>{c.activity}</td>
                    <td>{c.location}</td>
                    <td class="text-right tabular-nums">{formatScore(c.validityScoreTenths)}</td>
                    <td>
                      <CompanyState v={v} state={states.get(c.id) ?? 'pending'} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pagination
          v={v}
          page={page.page}
          pages={page.pages}
          total={page.total}
          perPage={page.perPage}
          query={{ q: search }}
          capped={page.capped}
        />
      </AppPage>,
    );
  });

  app.get('/companies/choices', async (request, reply) => {
    const q = request.query as Query;
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
    const v = viewContext(request, reply);
    const rows: [string, string][] = [
      ['companies.phone', company.phone],
      ['companies.product', company.product],
      ['companies.activity', company.activity],
      ['companies.location', company.location],
      ['companies.legal_form', company.legalForm],
      ['companies.niu', company.niu],
      ['companies.validity_score', formatScore(company.validityScoreTenths)],
    ];
    const logCall = queryHref('/calls/new', {
      company: company.name,
      company_id: company.id,
      phone: company.phone,
    });
    return sendHtml(
      reply,
      <AppPage
        v={v}
        title={company.name}
        actions={
          <div class="flex gap-2">
            <a href={`/contacts/new?company_id=${company.id}`} class="btn btn-sm" data-add-contact>
              {v.t('contacts.new')}
            </a>
            <a href={logCall} class="btn btn-sm" data-log-call>
              {v.t('calls.new')}
            </a>
          </div>
        }
      >
        <div class="grid gap-4 lg:grid-cols-3">
          <section class="card bg-base-100 border border-base-300 h-fit">
            <div class="card-body text-sm gap-1" data-company={company.id}>
              <div class="flex justify-between gap-2">
                <span class="opacity-70">{v.t('common.status')}</span>
                <CompanyState v={v} state={states.get(company.id) ?? 'pending'} />
              </div>
              {rows.map(([k, val]) =>
                val ? (
                  <div class="flex justify-between gap-2">
                    <span class="opacity-70">{v.t.dynamic(k)}</span>
                    <span>{val}</span>
                  </div>
                ) : null,
              )}
            </div>
          </section>
          <div class="lg:col-span-2 flex flex-col gap-4">
            <section class="card bg-base-100 border border-base-300" data-company-contacts>
              <div class="card-body">
                <h2 class="card-title text-base">{v.t('companies.people')}</h2>
                {people.items.length === 0 ? (
                  <p class="text-sm opacity-60">{v.t('companies.no_people')}</p>
                ) : (
                  <ul class="flex flex-col gap-1 text-sm">
                    {people.items.map((c) => (
                      <li data-company-contact={c.id}>
                        <a href={`/contacts/${c.id}`} class="link link-hover font-medium">
                          {fullName(c)}
                        </a>{' '}
                        <span class="opacity-60">{[c.email, c.mobilePhone].filter(Boolean).join(' · ')}</span>
                      </li>
                    ))}
                  </ul>
                )}
                {people.total > people.items.length ? (
                  <a href={`/contacts?company=${company.id}`} class="link text-sm">
                    {v.t('companies.all_people', { n: v.t.number(people.total) })}
                  </a>
                ) : null}
              </div>
            </section>
            <section class="card bg-base-100 border border-base-300" data-company-orders>
              <div class="card-body">
                <h2 class="card-title text-base">{v.t('orders.title')}</h2>
                {orders.length === 0 ? (
                  <p class="text-sm opacity-60">{v.t('orders.empty')}</p>
                ) : (
                  <ul class="flex flex-col gap-1 text-sm">
                    {orders.map((o) => (
                      <li data-company-order={o.id}>
                        <a href={`/orders/${o.id}`} class="link link-hover">
                          {v.t('contacts.timeline_order', {
                            product: o.product,
                            quantity: o.quantity,
                            total: v.t.money(o.totalCents),
                          })}
                        </a>{' '}
                        <span class="opacity-60">
                          {fullName(o)} · {v.t.dynamic(`orders.status.${o.status}`)}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
                {orders.length > 0 ? (
                  <a href={`/orders?company=${company.id}`} class="link text-sm">
                    {v.t('companies.all_orders')}
                  </a>
                ) : null}
              </div>
            </section>
            <section class="card bg-base-100 border border-base-300" data-company-calls>
              <div class="card-body">
                <h2 class="card-title text-base">{v.t('calls.timeline')}</h2>
                <CallTimeline v={v} calls={calls} />
              </div>
            </section>
          </div>
        </div>
      </AppPage>,
    );
  });
}
