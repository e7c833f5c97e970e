/** Pieces the contact pages share: the status badge colours, the people an assignee is picked from, the deletion preview. */
import type { ViewContext } from '../../../platform/views/layout.js';
import { UNDO_MINUTES } from '../../deletions/internal.js';
import type { ContactDeletionCounts } from '../contacts.deletion.js';
import type { ContactStatus } from '../contacts.table.js';

export const STATUS_BADGE: Record<ContactStatus, string> = {
  lead: 'badge-info',
  active: 'badge-success',
  inactive: 'badge-ghost',
  closed: 'badge-neutral',
};

/** Someone a contact can be assigned to (a picker's entry). */
export type Person = { id: number; firstName: string; lastName: string; username: string };

/** What deleting contacts takes with it, counted by the server: the body of the confirmation dialog. */
export function DeletionPreview({ v, counts }: { v: ViewContext; counts: ContactDeletionCounts }) {
  if (counts.contacts === 0) return <p data-deletion-preview>{v.t('contacts.delete_nothing')}</p>;
  const kinds = ['contacts', 'orders', 'notes'] as const;
  return (
    <div class="flex flex-col gap-2" data-deletion-preview>
      <p>{v.t('contacts.delete_goes')}</p>
      <ul class="list-disc ms-5">
        {kinds.map((k) => (
          <li data-count={k} data-n={counts[k]}>
            {v.t(`contacts.delete_count.${k}`, { n: v.t.number(counts[k]) })}
          </li>
        ))}
      </ul>
      {counts.calls > 0 ? (
        <p class="text-sm opacity-80" data-count="calls" data-n={counts.calls}>
          {v.t('contacts.delete_calls_stay', { n: v.t.number(counts.calls) })}
        </p>
      ) : null}
      <p class="text-sm opacity-80">{v.t('contacts.delete_undo_hint', { minutes: UNDO_MINUTES })}</p>
    </div>
  );
}
