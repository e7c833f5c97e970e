/** `/admin/outgoing`: every request Sova made to an external service, with status, duration and error. */
import type { FastifyInstance } from 'fastify';
import { pageRequest, queryString } from '../../platform/http/query.js';
import { formValues, sendHtml, viewContext } from '../../platform/http/render.js';
import { EmptyState, Pagination } from '../../platform/views/components.js';
import { AppPage } from '../../platform/views/layout.js';
import { listAttempts } from './outgoing.service.js';

export function outgoingPages(app: FastifyInstance) {
  app.get('/admin/outgoing', async (request, reply) => {
    const q = formValues(request.query);
    const filter = { purpose: queryString(q, 'purpose', 100), failedOnly: q.failed === '1' };
    const page = await listAttempts(request.ctx, filter, pageRequest(q, 50));
    const v = viewContext(request, reply);
    return sendHtml(
      reply,
      <AppPage v={v} title={v.t('outgoing.title')}>
        <p class="text-sm opacity-70 mb-4 max-w-3xl">{v.t('outgoing.intro')}</p>
        <form method="get" class="flex flex-wrap gap-2 items-end mb-4">
          <input
            name="purpose"
            value={filter.purpose ?? ''}
            placeholder={v.t('outgoing.purpose')}
            class="input input-sm w-auto"
            aria-label={v.t('outgoing.purpose')}
          />
          <label class="label text-sm gap-2">
            <input
              type="checkbox"
              name="failed"
              value="1"
              checked={filter.failedOnly}
              class="checkbox checkbox-sm"
            />
            {v.t('outgoing.failed_only')}
          </label>
          <button type="submit" class="btn btn-sm">
            {v.t('common.filter')}
          </button>
        </form>
        <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
          {page.items.length === 0 ? (
            <EmptyState title={v.t('outgoing.empty')} />
          ) : (
            <table class="table table-sm" data-attempts-table>
              <thead>
                <tr>
                  <th>{v.t('outgoing.when')}</th>
                  <th>{v.t('outgoing.purpose')}</th>
                  <th>{v.t('outgoing.request')}</th>
                  <th>{v.t('outgoing.status')}</th>
                  <th>{v.t('outgoing.duration')}</th>
                  <th>{v.t('outgoing.attempt')}</th>
                  <th>{v.t('outgoing.error')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => (
                  <tr data-attempt={a.id}>
                    <td class="whitespace-nowrap text-sm">{v.t.dateTime(a.createdAt)}</td>
                    <td>
                      <code class="text-sm">{a.purpose}</code>
                    </td>
                    <td class="text-sm max-w-xs truncate" title={a.url}>
                      <span class="font-mono">{a.method}</span> {a.url}
                    </td>
                    <td>
                      <span
                        class={`badge badge-sm ${a.status === null || a.status >= 400 ? 'badge-error' : 'badge-success'}`}
                      >
                        {a.status ?? '—'}
                      </span>
                    </td>
                    <td class="text-sm whitespace-nowrap">{v.t('outgoing.ms', { ms: a.durationMs })}</td>
                    <td class="text-sm">{a.attempt}</td>
                    <td class="text-sm text-error max-w-sm break-words">{a.error ?? ''}</td>
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
          query={{ purpose: filter.purpose, failed: filter.failedOnly ? '1' : undefined }}
        />
      </AppPage>,
    );
  });
}
