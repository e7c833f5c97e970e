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
import { getTranslate, isLocale } from '../../platform/i18n/index.js';
import { emptyForm } from '../../platform/views/components.js';
import { refusedForm } from '../activity/internal.js';
import { createApiToken, listApiTokens, revokeApiToken } from '../api-tokens/api-tokens.service.js';
import { USER_FIELD_LABELS } from '../users/internal.js';
import { changeOwnPassword, getUser, updateOwnProfile } from '../users/users.service.js';
import type { Forms } from './views/account.js';
import { AccountPage } from './views/account.js';

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
