import { API_SCOPES } from '../../../platform/auth/roles.js';
import {
  Csrf,
  confirmAttrs,
  EmptyState,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
} from '../../../platform/views/components.js';
import type { ViewContext } from '../../../platform/views/layout.js';

/** A stored scope's name in the reader's language (one Sova no longer knows is shown as stored). */
const scopeLabel = (v: ViewContext, stored: string) => {
  const scope = API_SCOPES.find((s) => s === stored);
  return scope ? v.t(`tokens.scope.${scope}`) : stored;
};

export interface TokenListItem {
  id: number;
  name: string;
  tokenPrefix: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  ownerUsername: string;
}

/** The token list and creation form; used on the account page (personal) and the admin page (integration). */
export function TokensPanel({
  v,
  tokens,
  form,
  created,
  action,
  showOwner,
}: {
  v: ViewContext;
  tokens: TokenListItem[];
  form: FormState;
  created?: string | undefined;
  action: string;
  showOwner: boolean;
}) {
  return (
    <div class="flex flex-col gap-4">
      {created ? (
        <div role="alert" class="alert alert-success flex-col items-start" data-new-token>
          <span>{v.t('tokens.created')}</span>
          <code class="font-mono text-sm break-all select-all bg-base-100 text-base-content rounded p-2 w-full">
            {created}
          </code>
        </div>
      ) : null}
      <form method="post" action={action} class="flex flex-wrap gap-3 items-end">
        <Csrf v={v} />
        <FormErrorSummary v={v} form={form} />
        <div class="grow min-w-48">
          <Field v={v} form={form} name="name" label={v.t('field.name')} required maxLength={100} />
        </div>
        <Select
          v={v}
          form={form}
          name="scope"
          label={v.t('field.scopes')}
          options={API_SCOPES.map((s) => ({ value: s, label: v.t(`tokens.scope.${s}`) }))}
        />
        <button type="submit" class="btn btn-primary mb-1">
          {v.t('tokens.create')}
        </button>
      </form>
      {tokens.length === 0 ? (
        <EmptyState title={v.t('common.empty')} />
      ) : (
        <div class="overflow-x-auto">
          <table class="table" data-tokens-table>
            <thead>
              <tr>
                <th>{v.t('field.name')}</th>
                {showOwner ? <th>{v.t('field.owner')}</th> : null}
                <th>{v.t('field.scopes')}</th>
                <th>{v.t('common.created_at')}</th>
                <th>{v.t('field.last_used')}</th>
                <th>
                  <span class="sr-only">{v.t('common.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {tokens.map((tk) => (
                <tr class={tk.revokedAt ? 'opacity-50' : undefined}>
                  <td>
                    <div class="font-medium">{tk.name}</div>
                    <code class="text-xs opacity-70">{tk.tokenPrefix}…</code>
                  </td>
                  {showOwner ? <td>{tk.ownerUsername}</td> : null}
                  <td>{tk.scopes.map((s) => scopeLabel(v, s)).join(', ')}</td>
                  <td class="text-sm">{v.t.dateTime(tk.createdAt)}</td>
                  <td class="text-sm">{tk.lastUsedAt ? v.t.dateTime(tk.lastUsedAt) : v.t('common.never')}</td>
                  <td class="text-right">
                    {tk.revokedAt ? (
                      <span class="badge badge-ghost">{v.t('tokens.revoked_badge')}</span>
                    ) : (
                      <form
                        method="post"
                        action={`${action}/${tk.id}/revoke`}
                        {...confirmAttrs(v, {
                          question: v.t('tokens.revoke_confirm', { name: tk.name }),
                          ok: v.t('tokens.revoke'),
                        })}
                      >
                        <Csrf v={v} />
                        <button type="submit" class="btn btn-xs btn-error btn-outline">
                          {v.t('tokens.revoke')}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
