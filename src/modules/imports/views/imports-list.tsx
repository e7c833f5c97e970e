import { EmptyState, Pagination } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import type { listImports } from '../imports.service.js';
import { StateBadge, UploadForm } from './parts.js';

export function ImportsListPage({
  v,
  page,
  entity,
}: {
  v: ViewContext;
  page: Awaited<ReturnType<typeof listImports>>;
  entity: string;
}) {
  return (
    <AppPage v={v} title={v.t('imports.title')}>
      <UploadForm v={v} entity={entity} />
      <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
        {page.items.length === 0 ? (
          <EmptyState title={v.t('imports.empty')} />
        ) : (
          <table class="table table-sm" data-imports-table>
            <thead>
              <tr>
                <th>{v.t('imports.created')}</th>
                <th>{v.t('imports.entity')}</th>
                <th>{v.t('imports.file')}</th>
                <th>{v.t('imports.state')}</th>
                <th class="text-right">{v.t('imports.count.created')}</th>
                <th class="text-right">{v.t('imports.count.updated')}</th>
                <th class="text-right">{v.t('imports.count.errors')}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((imp) => (
                <tr data-import={imp.id}>
                  <td>
                    <a href={`/imports/${imp.id}`} class="link link-hover">
                      {v.t.dateTime(imp.createdAt)}
                    </a>
                  </td>
                  <td>{v.t.dynamic(`imports.entity.${imp.entity}`)}</td>
                  <td class="max-w-xs truncate">{imp.fileName}</td>
                  <td>
                    <StateBadge v={v} imp={imp} />
                  </td>
                  <td class="text-right">{imp.createdCount}</td>
                  <td class="text-right">{imp.updatedCount}</td>
                  <td class="text-right">{imp.errorCount}</td>
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
        query={{}}
      />
    </AppPage>
  );
}
