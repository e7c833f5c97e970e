/** Contact pages: list with search/filters/sort/bulk actions, detail with timeline and notes, create/edit/delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Ctx, Deps } from '../../deps.js';
import { displayName } from '../../platform/auth/roles.js';
import { AppError, ignoreNotFound } from '../../platform/errors.js';
import { isRowId } from '../../platform/fields.js';
import { sendTable, tableReaderOf } from '../../platform/http/download.js';
import { setFlash } from '../../platform/http/flash.js';
import { idParam, pageRequest } from '../../platform/http/query.js';
import {
  formValues,
  formVersion,
  redirect,
  sendFragment,
  sendHtml,
  submitForm,
  viewContext,
} from '../../platform/http/render.js';
import type { MessageKey } from '../../platform/i18n/index.js';
import { ChoiceOptions, emptyForm, type FormState } from '../../platform/views/components.js';
import { entityHistory } from '../activity/activity.service.js';
import { refusedForm } from '../activity/internal.js';
import { callsOf } from '../calls/calls.service.js';
import { getCompany } from '../companies/companies.service.js';
import { canCreateOrder, listOrderWindow, orderTotalsOfContact } from '../orders/orders.service.js';
import { listUsersForPicker } from '../users/users.service.js';
import {
  ChoicesPageQuery,
  ContactExportPageQuery,
  ContactListPageQuery,
  contactChoiceLabel,
  contactQueryOf,
  DeletePreviewPageQuery,
  FormBody,
  NewContactPageQuery,
  toContactInput,
} from './contacts.contract.js';
import { exportContacts } from './contacts.io.js';
import { canDeleteContact, canEditContact } from './contacts.policy.js';
import {
  addNote,
  bulkUpdateContacts,
  createContact,
  deleteContact,
  deleteContacts,
  getContact,
  listContacts,
  listContactWindow,
  listNotes,
  MAX_DELETED,
  previewContactDeletion,
  restoreContacts,
  updateContact,
} from './contacts.service.js';
import { CONTACT_STATUSES } from './contacts.table.js';
import { ContactPage } from './views/detail.js';
import { ContactFormPage } from './views/form.js';
import { ContactsPage } from './views/list.js';
import { DeletionPreview } from './views/parts.js';

/** The row ids of a form's or a query's `ids` (one or many), at most a deletion's worth. */
const idsOf = (raw: unknown) =>
  (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw])
    .map((x) => Number(x))
    .filter(isRowId)
    .slice(0, MAX_DELETED);

/** The form's fields as a "changed meanwhile" notice names them. */
const FIELD_LABELS: Record<string, MessageKey> = {
  last_name: 'field.last_name',
  first_name: 'field.first_name',
  middle_name: 'contacts.middle_name',
  email: 'field.email',
  mobile_phone: 'contacts.phone',
  status: 'common.status',
  assigned_user_id: 'contacts.assigned',
  next_interaction_on: 'contacts.next_interaction',
  company_id: 'contacts.company',
};

export function contactsPages(root: FastifyInstance, deps: Deps) {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/contacts', { schema: { querystring: ContactListPageQuery } }, async (request, reply) => {
    const query = request.query;
    const ctx = request.ctx;
    const [page, people, company] = await Promise.all([
      listContacts(ctx, contactQueryOf(query, request.t.timeZone), pageRequest(query)),
      listUsersForPicker(ctx),
      query.company_id ? getCompany(ctx, query.company_id).catch(ignoreNotFound) : undefined,
    ]);
    return sendHtml(
      reply,
      <ContactsPage
        v={viewContext(request, reply)}
        page={page}
        query={query}
        people={people}
        companyName={company?.name}
      />,
    );
  });

  app.get('/contacts/choices', { schema: { querystring: ChoicesPageQuery } }, async (request, reply) => {
    const { search, required } = request.query;
    const rows = await listContactWindow(
      request.ctx,
      { search, sort: search ? 'id' : 'created_at', desc: true },
      0,
      25,
    );
    return sendFragment(
      reply,
      <ChoiceOptions
        choices={rows.map((c) => ({ value: c.id, label: contactChoiceLabel(c) }))}
        empty={required === '1' ? undefined : request.t('common.none')}
      />,
    );
  });

  app.get('/contacts/export', { schema: { querystring: ContactExportPageQuery } }, async (request, reply) => {
    const ctx = request.ctx;
    const { format } = request.query;
    const table = await exportContacts(
      ctx,
      contactQueryOf(request.query, request.t.timeZone),
      format,
      request.t,
    );
    return sendTable(reply, {
      format,
      name: 'contacts',
      ...table,
      now: ctx.clock.now(),
      reader: tableReaderOf(request.t, deps.config.currency),
    });
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState,
    id?: number,
    status = 200,
  ) => {
    const ctx = request.ctx;
    const title = id
      ? request.t('common.label_value', {
          label: request.t('common.edit'),
          value: `${String(form.values.last_name ?? '')} ${String(form.values.first_name ?? '')}`,
        })
      : request.t('contacts.new');
    const companyId = idParam({ id: form.values.company_id });
    const [people, company] = await Promise.all([
      listUsersForPicker(ctx),
      companyId ? getCompany(ctx, companyId).catch(ignoreNotFound) : undefined,
    ]);
    return sendHtml(
      reply,
      <ContactFormPage
        v={viewContext(request, reply)}
        form={form}
        people={people}
        companyName={company?.name}
        contactId={id}
        title={title}
      />,
      status,
    );
  };

  app.get('/contacts/new', { schema: { querystring: NewContactPageQuery } }, async (request, reply) =>
    renderForm(
      request,
      reply,
      emptyForm({
        status: 'lead',
        assigned_user_id: request.actor?.id ?? '',
        company_id: request.query.company_id ?? '',
      }),
    ),
  );

  app.post('/contacts/new', { schema: { body: FormBody } }, async (request, reply) => {
    const body = request.body;
    const result = await submitForm(() =>
      createContact(request.ctx, body, { allowSamePhone: body.confirm_duplicate === '1' }),
    );
    if (!result.ok)
      return renderForm(request, reply, { values: formValues(body), errors: result.errors }, undefined, 422);
    setFlash(reply, { kind: 'success', key: 'contacts.created' });
    return redirect(request, reply, `/contacts/${result.value}`);
  });

  const renderContact = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: number,
    noteForm = emptyForm(),
    status = 200,
  ) => {
    const ctx: Ctx = request.ctx;
    const contact = await getContact(ctx, id);
    const [orders, orderTotals, notes, history, people, calls, company] = await Promise.all([
      listOrderWindow(ctx, { contactId: id, sort: 'created_at', desc: true }, 0, 200),
      orderTotalsOfContact(ctx, id),
      listNotes(ctx, id),
      entityHistory(ctx, 'contact', id),
      listUsersForPicker(ctx),
      callsOf(ctx, { contactId: id }),
      contact.companyId ? getCompany(ctx, contact.companyId).catch(ignoreNotFound) : undefined,
    ]);
    const assignee = people.find((p) => p.id === contact.assignedUserId);
    return sendHtml(
      reply,
      <ContactPage
        v={viewContext(request, reply)}
        contact={contact}
        orders={orders}
        orderTotals={orderTotals}
        notes={notes}
        history={history.filter((h) => h.action !== 'contact.note_added')}
        assignee={assignee ? displayName(assignee) : null}
        noteForm={noteForm}
        canEdit={canEditContact(request.actor!, contact)}
        canDelete={canDeleteContact(request.actor!)}
        canAddOrder={canCreateOrder(request.actor!)}
        calls={calls}
        company={company ? { id: company.id, name: company.name } : undefined}
      />,
      status,
    );
  };

  app.get('/contacts/:id', async (request, reply) => renderContact(request, reply, idParam(request.params)));

  app.post('/contacts/:id/notes', { schema: { body: FormBody } }, async (request, reply) => {
    const id = idParam(request.params);
    const body = request.body;
    const result = await submitForm(() => addNote(request.ctx, id, body));
    if (!result.ok)
      return renderContact(request, reply, id, { values: formValues(body), errors: result.errors }, 422);
    return redirect(request, reply, `/contacts/${id}`);
  });

  app.get('/contacts/:id/edit', async (request, reply) => {
    const id = idParam(request.params);
    const c = await getContact(request.ctx, id);
    const values = toContactInput(c);
    return renderForm(
      request,
      reply,
      emptyForm({
        ...values,
        assigned_user_id: values.assigned_user_id ?? '',
        next_interaction_on: values.next_interaction_on ?? '',
        company_id: values.company_id ?? '',
        version: c.version,
      }),
      id,
    );
  });

  app.post('/contacts/:id/edit', { schema: { body: FormBody } }, async (request, reply) => {
    const id = idParam(request.params);
    const body = request.body;
    const ctx = request.ctx;
    const result = await submitForm(() =>
      updateContact(ctx, id, body, {
        expectedVersion: formVersion(body),
        ...(body.confirm_duplicate === '1' ? { allowSamePhone: true } : {}),
      }),
    );
    if (!result.ok) {
      const record = { entityType: 'contact', id, labels: FIELD_LABELS };
      const form = await refusedForm(ctx, request.t, record, formValues(body), result);
      return renderForm(request, reply, form, id, 422);
    }
    setFlash(reply, { kind: 'success', key: 'contacts.updated' });
    return redirect(request, reply, `/contacts/${id}`);
  });

  /** After a deletion: what went, with an "Undo" for the while it can be undone. */
  const deletedFlash = (reply: FastifyReply, done: Awaited<ReturnType<typeof deleteContacts>>) =>
    setFlash(reply, {
      kind: 'success',
      key: 'contacts.deleted_with',
      params: { ...done.counts },
      undo: `/contacts/deletions/${done.undoId}/undo`,
    });

  /** What deleting the contacts `ids` takes with it, for the confirmation dialog (a fragment). */
  app.get(
    '/contacts/delete-preview',
    { schema: { querystring: DeletePreviewPageQuery } },
    async (request, reply) => {
      const counts = await previewContactDeletion(request.ctx, idsOf(request.query.ids));
      return sendFragment(reply, <DeletionPreview v={viewContext(request, reply)} counts={counts} />);
    },
  );

  app.post('/contacts/:id/delete', async (request, reply) => {
    deletedFlash(reply, await deleteContact(request.ctx, idParam(request.params)));
    return redirect(request, reply, '/contacts');
  });

  app.post('/contacts/deletions/:id/undo', async (request, reply) => {
    try {
      const counts = await restoreContacts(request.ctx, idParam(request.params));
      setFlash(reply, { kind: 'success', key: 'contacts.restored_with', params: { ...counts } });
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== 'conflict') throw err;
      const general = err.fields._;
      setFlash(reply, {
        kind: 'error',
        key: `error.${general?.code ?? err.code}`,
        ...(general?.params ? { params: general.params } : {}),
      });
    }
    return redirect(request, reply, '/contacts');
  });

  app.post('/contacts/bulk', { schema: { body: FormBody } }, async (request, reply) => {
    const body = request.body;
    const ids = idsOf(body.ids);
    const ctx = request.ctx;
    if (ids.length === 0) {
      setFlash(reply, { kind: 'warning', key: 'error.contact.none_selected' });
      return redirect(request, reply, '/contacts');
    }
    if (body.action === 'delete') {
      deletedFlash(reply, await deleteContacts(ctx, ids));
    } else {
      const status = CONTACT_STATUSES.find((s) => s === body.status);
      const assign =
        typeof body.assign === 'string' && /^\d+$/.test(body.assign) ? Number(body.assign) : undefined;
      const n = await bulkUpdateContacts(ctx, ids, {
        ...(status ? { status } : {}),
        ...(assign !== undefined ? { assignedUserId: assign } : {}),
      });
      setFlash(reply, { kind: 'success', key: 'contacts.bulk_updated', params: { n } });
    }
    return redirect(request, reply, '/contacts');
  });
}
