/** The signed-in user's own page: profile and language, password, personal API tokens. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.js';
import { setFlash } from '../../platform/http/flash.js';
import { idParam } from '../../platform/http/query.js';
import {
  formValues,
  formVersion,
  redirect,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import { getTranslate, isLocale, LOCALE_NAMES, LOCALES } from '../../platform/i18n/index.js';
import { TIME_ZONES } from '../../platform/time-zones.js';
import {
  Card,
  Csrf,
  emptyForm,
  Field,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  VersionField,
} from '../../platform/views/components.js';
import { AppPage, type ViewContext } from '../../platform/views/layout.js';
import { refusedForm } from '../activity/internal.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../api-tokens/api-tokens.service.js';
import type { TokenListItem } from '../api-tokens/index.js';
import { TokensPanel } from '../api-tokens/internal.js';
import { changeOwnPassword, getUser, updateOwnProfile } from '../users/users.service.js';
import { USER_FIELD_LABELS } from '../users/users.views.js';

interface Forms {
  profile: FormState;
  password: FormState;
  token: FormState;
  created?: string | undefined;
}

/** The zones a user may pick, offered once per page (browsers filter a datalist as one types). */
const TimeZoneList = () => (
  <datalist id="time-zones">
    {TIME_ZONES.map((z) => (
      <option value={z} />
    ))}
  </datalist>
);

function AccountPage({
  v,
  forms,
  tokens,
  companyZone,
}: {
  v: ViewContext;
  forms: Forms;
  tokens: TokenListItem[];
  companyZone: string;
}) {
  return (
    <AppPage v={v} title={v.t('account.title')}>
      <div class="grid gap-6 lg:grid-cols-2">
        <Card title={v.t('account.profile')}>
          <form method="post" action="/account/profile" data-profile-form>
            <Csrf v={v} />
            <VersionField form={forms.profile} />
            <FormErrorSummary v={v} form={forms.profile} />
            <div class="grid sm:grid-cols-2 gap-x-4">
              <Field
                v={v}
                form={forms.profile}
                name="first_name"
                label={v.t('field.first_name')}
                maxLength={150}
              />
              <Field
                v={v}
                form={forms.profile}
                name="last_name"
                label={v.t('field.last_name')}
                maxLength={150}
              />
            </div>
            <Field
              v={v}
              form={forms.profile}
              name="email"
              type="email"
              label={v.t('field.email')}
              required
              maxLength={254}
            />
            <Field v={v} form={forms.profile} name="position" label={v.t('field.position')} maxLength={150} />
            <Select
              v={v}
              form={forms.profile}
              name="locale"
              label={v.t('field.locale')}
              options={LOCALES.map((l) => ({ value: l, label: LOCALE_NAMES[l] }))}
            />
            <Field
              v={v}
              form={forms.profile}
              name="time_zone"
              label={v.t('field.time_zone')}
              list="time-zones"
              placeholder={companyZone}
              maxLength={64}
              autocomplete="off"
              hint={v.t('account.time_zone_hint', { zone: companyZone })}
            />
            <TimeZoneList />
            <SubmitRow>
              <button type="submit" class="btn btn-primary">
                {v.t('common.save')}
              </button>
            </SubmitRow>
          </form>
        </Card>
        <Card title={v.t('account.password')}>
          <form method="post" action="/account/password" data-password-form>
            <Csrf v={v} />
            <FormErrorSummary v={v} form={forms.password} />
            <Field
              v={v}
              form={forms.password}
              name="current_password"
              type="password"
              label={v.t('field.current_password')}
              required
              autocomplete="current-password"
            />
            <Field
              v={v}
              form={forms.password}
              name="password"
              type="password"
              label={v.t('field.new_password')}
              required
              autocomplete="new-password"
            />
            <Field
              v={v}
              form={forms.password}
              name="password2"
              type="password"
              label={v.t('field.password2')}
              required
              autocomplete="new-password"
            />
            <SubmitRow>
              <button type="submit" class="btn btn-primary">
                {v.t('common.save')}
              </button>
            </SubmitRow>
          </form>
        </Card>
        <div class="lg:col-span-2">
          <Card title={v.t('tokens.personal.title')}>
            <p class="opacity-80">{v.t('tokens.personal.intro')}</p>
            <TokensPanel
              v={v}
              tokens={tokens}
              form={forms.token}
              created={forms.created}
              action="/account/tokens"
              showOwner={false}
            />
          </Card>
        </div>
      </div>
    </AppPage>
  );
}

export function accountPages(app: FastifyInstance, deps: Deps) {
  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    partial: Partial<Forms> = {},
    status = 200,
  ) {
    const ctx = request.ctx;
    const user = await getUser(ctx, ctx.actor!.id);
    const forms: Forms = {
      profile: partial.profile ?? {
        values: {
          first_name: user.firstName,
          last_name: user.lastName,
          email: user.email,
          position: user.position,
          locale: user.locale ?? request.locale,
          time_zone: user.timeZone ?? '',
          version: user.version,
        },
        errors: {},
      },
      password: partial.password ?? emptyForm(),
      token: partial.token ?? emptyForm({ scope: 'read' }),
      created: partial.created,
    };
    const tokens = await listApiTokens(ctx, 'personal');
    return sendHtml(
      reply,
      <AccountPage
        v={viewContext(request, reply)}
        forms={forms}
        tokens={tokens}
        companyZone={deps.config.timeZone}
      />,
      status,
    );
  }

  app.get('/account', async (request, reply) => render(request, reply));

  app.post('/account/profile', async (request, reply) => {
    const body = formValues(request.body);
    const ctx = request.ctx;
    const result = await submitForm(() =>
      updateOwnProfile(ctx, body, { expectedVersion: formVersion(body) }),
    );
    if (!result.ok) {
      const record = { entityType: 'user', id: ctx.actor!.id, labels: USER_FIELD_LABELS };
      const profile = await refusedForm(ctx, request.t, record, body, result);
      return render(request, reply, { profile }, 422);
    }
    if (isLocale(body.locale)) {
      // The flash after the redirect should already speak the new language.
      reply.setCookie('sova_lang', body.locale, {
        path: '/',
        sameSite: 'lax',
        maxAge: 365 * 86400,
        httpOnly: true,
      });
      request.t = getTranslate(body.locale, request.t.timeZone, deps.config.currency);
    }
    setFlash(reply, { kind: 'success', key: 'account.saved' });
    return redirect(request, reply, '/account');
  });

  // The current password is checked: guesses count in the sign-in endpoints' per-address bucket.
  app.post('/account/password', { onRequest: app.sovaPasswordLimit }, async (request, reply) => {
    const result = await submitForm(() => changeOwnPassword(request.ctx, request.body ?? {}));
    if (!result.ok) return render(request, reply, { password: { values: {}, errors: result.errors } }, 422);
    setFlash(reply, { kind: 'success', key: 'account.password_changed' });
    return redirect(request, reply, '/account');
  });

  app.post('/account/tokens', async (request, reply) => {
    const result = await submitForm(() => createApiToken(request.ctx, 'personal', request.body ?? {}));
    if (!result.ok) {
      const token = { values: formValues(request.body), errors: result.errors };
      return render(request, reply, { token }, 422);
    }
    return render(request, reply, { created: result.value.token });
  });

  app.post('/account/tokens/:id/revoke', async (request, reply) => {
    await revokeApiToken(request.ctx, idParam(request.params));
    setFlash(reply, { kind: 'success', key: 'tokens.revoked' });
    return redirect(request, reply, '/account');
  });
}
