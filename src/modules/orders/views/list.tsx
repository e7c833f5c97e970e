/** The orders list: search and filters, sortable columns, one-click completion, pages. */
import type { Page } from '../../../platform/db/sql.js';
import {
  Csrf,
  DataMenu,
  DateRangeAndButtons,
  EmptyState,
  liveRegion,
  Pagination,
  queryHref,
  SortHeader,
} from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { fullName } from '../../contacts/internal.js';
import { type OrderPageQuery, pageLinkQuery } from '../orders.contract.js';
import { canCreateOrder, canEditOrder, canTransferOrders } from '../orders.policy.js';
import type { OrderWithContact } from '../orders.service.js';
import { ORDER_STATUSES } from '../orders.table.js';
import { BADGE } from './parts.js';

export function OrdersPage({
  v,
  page,
  query,
}: {
  v: ViewContext;
  page: Page<OrderWithContact>;
  query: OrderPageQuery;
}) {
  // Links and the filter form write the list's own parameter names (`q`, `from`, …: the contract reads both).
  const q = pageLinkQuery(query);
  const filtered = !!(q.q || q.status || q.contact || q.company || q.from || q.to);
  const canEdit = !!v.actor && canEditOrder(v.actor);
  const sortLink = (field: string, label: string) => (
    <SortHeader v={v} base="/orders" query={q} field={field} label={label} />
  );
  // Where a one-click status change comes back to: this page of the list, as filtered.
  const here = queryHref('/orders', {
    ...q,
    page: page.page > 1 ? page.page : undefined,
    per_page: page.perPage !== 25 ? page.perPage : undefined,
  });
  return (
    <AppPage
      v={v}
      title={v.t('orders.title')}
      actions={
        <div class="flex gap-2">
          {v.actor && canTransferOrders(v.actor) ? (
            <DataMenu
              v={v}
              importHref="/imports?entity=orders"
              exportHref={queryHref('/orders/export', q)}
              can="orders.transfer"
            />
          ) : null}
          {v.actor && canCreateOrder(v.actor) ? (
            <a
              href={queryHref('/orders/new', { contact_id: q.contact })}
              class="btn btn-primary btn-sm"
              data-new-order
              data-can="orders.create"
            >
              {v.t('orders.new')}
            </a>
          ) : null}
        </div>
      }
    >
      <form method="get" class="flex flex-wrap gap-2 items-end mb-4">
        <input
          type="search"
          name="q"
          value={q.q ?? ''}
          placeholder={v.t('orders.search_hint')}
          class="input input-sm w-64"
          aria-label={v.t('common.search')}
        />
        <select name="status" class="select select-sm w-auto" aria-label={v.t('common.status')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('common.status'), value: v.t('common.all') })}
          </option>
          {ORDER_STATUSES.map((s) => (
            <option value={s} selected={s === q.status}>
              {v.t.dynamic(`orders.status.${s}`)}
            </option>
          ))}
        </select>
        {q.contact ? <input type="hidden" name="contact" value={q.contact} /> : null}
        {q.company ? <input type="hidden" name="company" value={q.company} /> : null}
        <DateRangeAndButtons v={v} from={q.from} to={q.to} resetHref="/orders" filtered={filtered} />
      </form>
      <div
        class="bg-base-100 rounded-box border border-base-300 overflow-x-auto"
        {...liveRegion(v, 'orders-list', 'orders.changed')}
      >
        {page.items.length === 0 ? (
          <EmptyState title={v.t(filtered ? 'common.empty_filtered' : 'orders.empty')} />
        ) : (
          <table class="table table-sm" data-orders-table>
            <thead>
              <tr>
                {sortLink('id', '#')}
                {sortLink('product', v.t('orders.product'))}
                <th>{v.t('orders.contact')}</th>
                {sortLink('quantity', v.t('orders.quantity'))}
                {sortLink('price', v.t('orders.price'))}
                {sortLink('total_price', v.t('orders.total'))}
                {sortLink('status', v.t('common.status'))}
                {sortLink('created_at', v.t('common.created_at'))}
                <th />
              </tr>
            </thead>
            <tbody>
              {page.items.map((o) => (
                <tr data-order={o.id}>
                  <td class="text-sm opacity-60">{o.id}</td>
                  <td>
                    <a href={`/orders/${o.id}`} class="link link-hover font-medium">
                      {o.product}
                    </a>
                  </td>
                  <td class="text-sm">
                    <a href={`/contacts/${o.contactId}`} class="link link-hover">
                      {fullName(o)}
                    </a>
                  </td>
                  <td class="text-right">{o.quantity}</td>
                  <td class="text-right tabular-nums text-sm">{v.t.money(o.unitPriceCents)}</td>
                  <td class="text-right tabular-nums text-sm font-medium">{v.t.money(o.totalCents)}</td>
                  <td>
                    <span class={`badge badge-sm ${BADGE[o.status]}`}>
                      {v.t.dynamic(`orders.status.${o.status}`)}
                    </span>
                  </td>
                  <td class="text-sm whitespace-nowrap">{v.t.dateTime(o.createdAt)}</td>
                  <td class="whitespace-nowrap text-right">
                    {o.status === 'Pending' && canEdit ? (
                      <form method="post" action={`/orders/${o.id}/status`} class="inline">
                        <Csrf v={v} />
                        <input type="hidden" name="back" value={here} />
                        <input type="hidden" name="status" value="Completed" />
                        <button
                          type="submit"
                          class="btn btn-xs btn-success btn-outline"
                          data-complete
                          data-can="orders.edit"
                        >
                          {v.t('orders.complete')}
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pagination
        v={v}
        page={page.page}
        pages={page.pages}
        total={page.total}
        perPage={page.perPage}
        query={q}
        capped={page.capped}
      />
    </AppPage>
  );
}
