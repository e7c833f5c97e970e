/** The activity log browser: filter by person, action and dates. */
import { displayName } from '../../../platform/auth/roles.js';
import { fromJson, type Page } from '../../../platform/db/sql.js';
import type { Translate } from '../../../platform/i18n/index.js';
import { DateRangeAndButtons, EmptyState, Pagination } from '../../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../../platform/views/layout.js';
import { ACTIVITY_ACTIONS, type ActivityListItem } from '../activity.service.js';

/** An action's name in the reader's language; one no longer in the list is shown as logged. */
const actionLabel = (t: Translate, logged: string) => {
  const action = ACTIVITY_ACTIONS.find((a) => a === logged);
  return action ? t(`activity.${action}`) : logged;
};

/** An entry's summary; a report's is its period's code (`week`), shown in the reader's language. */
const summaryText = (t: Translate, a: { action: string; summary: string | null }) =>
  a.action === 'report.generated' && a.summary
    ? t.dynamic(`reports.period.${a.summary}`, {}, a.summary)
    : a.summary;

export type ActivityQuery = {
  actor: number | undefined;
  action: (typeof ACTIVITY_ACTIONS)[number] | undefined;
  from: string | undefined;
  to: string | undefined;
};

export function ActivityLogPage({
  v,
  page,
  people,
  query,
}: {
  v: ViewContext;
  page: Page<ActivityListItem>;
  people: { id: number; firstName: string; lastName: string; username: string }[];
  query: ActivityQuery;
}) {
  const filtered = Object.values(query).some((x) => x !== undefined);
  return (
    <AppPage v={v} title={v.t('activity.title')}>
      <form method="get" class="flex flex-wrap gap-2 items-end mb-4">
        <select name="actor" class="select select-sm w-auto" aria-label={v.t('activity.actor')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('activity.actor'), value: v.t('common.all') })}
          </option>
          {people.map((p) => (
            <option value={p.id} selected={p.id === query.actor}>
              {displayName(p)}
            </option>
          ))}
        </select>
        <select name="action" class="select select-sm w-auto" aria-label={v.t('activity.action')}>
          <option value="">
            {v.t('common.label_value', { label: v.t('activity.action'), value: v.t('common.all') })}
          </option>
          {ACTIVITY_ACTIONS.map((a) => (
            <option value={a} selected={a === query.action}>
              {v.t(`activity.${a}`)}
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
                        {actionLabel(v.t, a.action)}
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
    </AppPage>
  );
}
