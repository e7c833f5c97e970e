/** The companies: search, their phone, what the list says about them, and their campaign status. */
import type { Page } from '../../../platform/db/sql.js';
import { EmptyState, Pagination } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { CompanyStateBadge, type TargetState } from '../../call-campaigns/internal.js';
import type { CompanyRow } from '../companies.table.js';
import { formatScore } from '../internal.js';

export function CompaniesPage({
  v,
  page,
  search,
  states,
}: {
  v: ViewContext;
  page: Page<CompanyRow>;
  search: string | undefined;
  states: Map<number, TargetState>;
}) {
  return (
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
                    <CompanyStateBadge v={v} state={states.get(c.id) ?? 'pending'} />
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
    </AppPage>
  );
}
