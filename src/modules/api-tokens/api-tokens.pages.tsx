/** Integration tokens page for admins (personal tokens live on the account page). */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { setFlash } from '../../platform/http/flash.js';
import { idParam } from '../../platform/http/query.js';
import { formValues, redirect, sendHtml, submitForm, viewContext } from '../../platform/http/render.js';
import { Card, emptyForm, type FormState } from '../../platform/views/components.js';
import { AppPage } from '../../platform/views/layout.js';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.service.js';
import { TokensPanel } from './views/tokens-panel.js';

export function apiTokensPages(app: FastifyInstance) {
  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState = emptyForm({ scope: 'leads' }),
    created?: string,
    status = 200,
  ) => {
    const tokens = await listApiTokens(request.ctx, 'integration');
    const v = viewContext(request, reply);
    return sendHtml(
      reply,
      <AppPage v={v} title={v.t('tokens.integration.title')}>
        <Card>
          <p class="opacity-80">{v.t('tokens.integration.intro')}</p>
          <TokensPanel v={v} tokens={tokens} form={form} created={created} action="/admin/tokens" showOwner />
        </Card>
      </AppPage>,
      status,
    );
  };

  app.get('/admin/tokens', async (request, reply) => render(request, reply));

  app.post('/admin/tokens', async (request, reply) => {
    const result = await submitForm(() => createApiToken(request.ctx, 'integration', request.body ?? {}));
    if (!result.ok) {
      const form = { values: formValues(request.body), errors: result.errors };
      return render(request, reply, form, undefined, 422);
    }
    return render(request, reply, emptyForm({ scope: 'leads' }), result.value.token);
  });

  app.post('/admin/tokens/:id/revoke', async (request, reply) => {
    await revokeApiToken(request.ctx, idParam(request.params));
    setFlash(reply, { kind: 'success', key: 'tokens.revoked' });
    return redirect(request, reply, '/admin/tokens');
  });
}
