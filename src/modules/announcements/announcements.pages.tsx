/** `/admin/announcements`: send a message that pops up live for everyone signed in (or one role). */

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireAllowed } from '../../platform/auth/policy.js';
import { ROLES } from '../../platform/auth/roles.js';
import { setFlash } from '../../platform/http/flash.js';
import { formValues, redirect, sendHtml, submitForm, viewContext } from '../../platform/http/render.js';
import {
  Csrf,
  emptyForm,
  FormErrorSummary,
  type FormState,
  Select,
  SubmitRow,
  TextArea,
} from '../../platform/views/components.js';
import { AppPage } from '../../platform/views/layout.js';
import { sendAnnouncement } from './announcements.service.js';

function render(request: FastifyRequest, reply: FastifyReply, form: FormState, status = 200) {
  const v = viewContext(request, reply);
  return sendHtml(
    reply,
    <AppPage v={v} title={v.t('announcements.title')}>
      <div class="card bg-base-100 border border-base-300 max-w-xl">
        <form
          method="post"
          action="/admin/announcements"
          class="card-body"
          data-announcement-form
          data-can="announcements.send"
        >
          <p class="text-sm opacity-70">{v.t('announcements.intro')}</p>
          <Csrf v={v} />
          <FormErrorSummary v={v} form={form} />
          <TextArea v={v} form={form} name="text" label={v.t('announcements.text')} maxLength={500} />
          <Select
            v={v}
            form={form}
            name="audience"
            label={v.t('announcements.audience')}
            options={[
              { value: 'all', label: v.t('announcements.everyone') },
              ...ROLES.map((r) => ({ value: r, label: v.t(`role.${r}`) })),
            ]}
          />
          <SubmitRow>
            <button type="submit" class="btn btn-primary">
              {v.t('announcements.send')}
            </button>
          </SubmitRow>
        </form>
      </div>
    </AppPage>,
    status,
  );
}

export function announcementsPages(app: FastifyInstance) {
  app.get('/admin/announcements', async (request, reply) => {
    requireAllowed(request.actor, 'announcements.send');
    return render(request, reply, emptyForm({ audience: 'all' }));
  });
  app.post('/admin/announcements', async (request, reply) => {
    const body = formValues(request.body);
    const result = await submitForm(() => sendAnnouncement(request.ctx, body));
    if (!result.ok) return render(request, reply, { values: formValues(body), errors: result.errors }, 422);
    setFlash(reply, { kind: 'success', key: 'announcements.sent' });
    return redirect(request, reply, '/admin/announcements');
  });
}
