/** One company: its fields and status, its people, orders and calls. */
import { queryHref } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { CompanyStateBadge, type TargetState } from '../../call-campaigns/internal.js';
import { CallTimeline, type CallWithNames } from '../../calls/internal.js';
import { fullName } from '../../contacts/internal.js';
import type { CompanyRow } from '../companies.table.js';
import { formatScore } from '../internal.js';

type Person = Parameters<typeof fullName>[0] & { id: number; email: string; mobilePhone: string };
type Order = Parameters<typeof fullName>[0] & {
  id: number;
  product: string;
  quantity: number;
  totalCents: number;
  status: string;
};

export function CompanyPage({
  v,
  company,
  state,
  people,
  orders,
  calls,
}: {
  v: ViewContext;
  company: CompanyRow;
  state: TargetState;
  people: { items: Person[]; total: number };
  orders: Order[];
  calls: CallWithNames[];
}) {
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
  return (
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
              <CompanyStateBadge v={v} state={state} />
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
    </AppPage>
  );
}
