/** The activity log browser: filter by person, action and dates. */
import type { FastifyInstance } from 'fastify';
import type { Ctx } from '../../deps.js';
import { displayName } from '../../platform/auth/roles.js';
import { fromJson } from '../../platform/db/sql.js';
import type { FieldErrors } from '../../platform/errors.js';
import {
  pageRequest,
  type Query,
  queryDate,
  queryEnum,
  queryInt,
  queryString,
} from '../../platform/http/query.js';
import { type StaleForm, sendHtml, viewContext } from '../../platform/http/render.js';
import type { MessageKey, Translate } from '../../platform/i18n/index.js';
import {
  DateRangeAndButtons,
  EmptyState,
  type FormState,
  type FormValues,
  Pagination,
} from '../../platform/views/components.js';
import { AppPage } from '../../platform/views/layout.js';
import { listUsersForPicker } from '../users/users.service.js';
import { ACTIVITY_ACTIONS, changesSince, listActivity } from './activity.service.js';

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '—'
    : Array.isArray(value)
      ? value.join(', ')
      : String(value);

/** An entry's summary; a report's is its period's code (`week`), shown in the reader's language. */
const summaryText = (t: Translate, a: { action: string; summary: string | null }) =>
  a.action === 'report.generated' && a.summary
    ? t.dynamic(`reports.period.${a.summary}`, {}, a.summary)
    : a.summary;

/**
 * The state to re-render a refused edit form with: the user's input kept, and when the record changed
 * meanwhile, who changed it and the fields (those `labels` names) with their values now, and the record's
 * version now, so that saving again is a deliberate overwrite.
 */
export async function refusedForm(
  ctx: Ctx,
  t: Translate,
  record: { entityType: string; id: number; labels: Record<string, MessageKey> },
  values: FormValues,
  failure: { errors: FieldErrors; stale?: StaleForm },
): Promise<FormState> {
  if (!failure.stale) return { values, errors: failure.errors };
  const changes = await changesSince(ctx, record.entityType, record.id, failure.stale.since);
  return {
    values,
    errors: {},
    stale: {
      version: failure.stale.version,
      by: changes.by.map((name) => name || t('common.someone_else')),
      fields: Object.entries(changes.fields)
        .filter(([field]) => field in record.labels)
        .map(([field, value]) => ({ label: t(record.labels[field]!), value: shown(value) })),
    },
  };
}

export function activityPages(app: FastifyInstance) {
  app.get('/admin/activity', async (request, reply) => {
    const q = request.query as Query;
    const ctx = request.ctx;
    const filter = {
      actorId: queryInt(q, 'actor'),
      action: queryEnum(q, 'action', ACTIVITY_ACTIONS),
      from: queryDate(q, 'from', request.t.timeZone),
      to: queryDate(q, 'to', request.t.timeZone, true),
    };
    const page = await listActivity(ctx, filter, pageRequest(q, 50));
    const people = await listUsersForPicker(ctx);
    const v = viewContext(request, reply);
    const query = {
      actor: filter.actorId,
      action: filter.action,
      from: queryString(q, 'from', 10),
      to: queryString(q, 'to', 10),
    };
    const filtered = Object.values(query).some((x) => x !== undefined);
    return sendHtml(
      reply,
      <AppPage v={v} title={v.t('activity.title')}>
        <form method="get" class="flex flex-wrap gap-2 items-end mb-4">
          <select name="actor" class="select select-sm w-auto" aria-label={v.t('activity.actor')}>
            <option value="">
              {v.t('common.label_value', { label: v.t('activity.actor'), value: v.t('common.all') })}
            </option>
            {people.map((p) => (
              <option value={p.id} selected={p.id === filter.actorId}>
                {displayName(p)}
              </option>
            ))}
          </select>
          <select name="action" class="select select-sm w-auto" aria-label={v.t('activity.action')}>
            <option value="">
              {v.t('common.label_value', { label: v.t('activity.action'), value: v.t('common.all') })}
            </option>
            {ACTIVITY_ACTIONS.map((a) => (
              <option value={a} selected={a === filter.action}>
                {v.t.dynamic(`activity.${a}`)}
              </option>
            ))}
          </select>
          <DateRangeAndButtons
            v={v}
            from={query.from}
            to={query.to}
            resetHref="/admin/activity"
            filtered={filtered}
          />
        </form>
        <div class="bg-base-100 rounded-box border border-base-300 overflow-x-auto">
          {page.items.length === 0 ? (
            <EmptyState title={v.t(filtered ? 'common.empty_filtered' : 'common.empty')} />
          ) : (
            <table class="table table-sm" data-activity-table>
              <thead>
                <tr>
                  <th>{v.t('activity.when')}</th>
                  <th>{v.t('activity.actor')}</th>
                  <th>{v.t('activity.action')}</th>
                  <th>{v.t('activity.entity')}</th>
                  <th class="hidden md:table-cell">{v.t('activity.ip')}</th>
                  <th class="hidden xl:table-cell">{v.t('activity.agent')}</th>
                </tr>
              </thead>
              <tbody>
                {page.items.map((a) => {
                  const details = fromJson<Record<string, unknown>>(a.details, {});
                  return (
                    <tr data-activity={a.action}>
                      <td class="whitespace-nowrap text-sm">{v.t.dateTime(a.createdAt)}</td>
                      <td>
                        {a.actorUsername
                          ? displayName({
                              firstName: a.actorFirstName ?? '',
                              lastName: a.actorLastName ?? '',
                              username: a.actorUsername,
                            })
                          : v.t('activity.system')}
                      </td>
                      <td>
                        <span
                          class={`badge badge-sm ${a.action.endsWith('failed') ? 'badge-error' : 'badge-ghost'}`}
                        >
                          {v.t.dynamic(`activity.${a.action}`, {}, a.action)}
                        </span>
                      </td>
                      <td class="text-sm">
                        {summaryText(v.t, a)}
                        {Object.keys(details).length > 0 ? (
                          <details class="text-xs opacity-70">
                            <summary class="cursor-pointer">…</summary>
                            <pre class="whitespace-pre-wrap">{JSON.stringify(details, null, 1)}</pre>
                          </details>
                        ) : null}
                      </td>
                      <td class="hidden md:table-cell text-sm font-mono">{a.ip ?? ''}</td>
                      <td
                        class="hidden xl:table-cell text-xs opacity-70 max-w-xs truncate"
                        title={a.userAgent ?? ''}
                      >
                        {a.userAgent ?? ''}
                      </td>
                    </tr>
                  );
                })}
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
          query={query}
        />
      </AppPage>,
    );
  });
}
