/** The clean contacts API: list with search/filters/sort/pages, create, read, partial update, delete, notes. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.js';
import {
  API_SECURITY,
  IdParams,
  ifMatchVersion,
  pageEnvelope,
  ROW_VERSION,
  toEnvelope,
  withEtag,
} from '../../platform/http/api.js';
import { EXPORT_DESCRIPTION, sendTable, tableReaderOf } from '../../platform/http/download.js';
import {
  ContactExportQuery,
  ContactListQuery,
  ContactPatchRequest,
  ContactResponse,
  contactCreateRequest,
  contactQueryOf,
  NoteInput,
  NoteResponse,
  toContactResponse,
  toNoteResponse,
} from './contacts.contract.js';
import { exportContacts } from './contacts.io.js';
import {
  addNote,
  createContact,
  deleteContact,
  getContact,
  listContacts,
  listNotes,
  updateContact,
} from './contacts.service.js';

const tags = ['contacts'];

export function contactsRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.get(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        operationId: 'contacts.list',
        summary: 'Contacts, filtered, sorted and paged',
        querystring: ContactListQuery,
        security: API_SECURITY,
        response: { 200: pageEnvelope(ContactResponse) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await listContacts(request.ctx, contactQueryOf(q), {
        page: q.page,
        perPage: q.per_page,
      });
      return toEnvelope(page, toContactResponse);
    },
  );

  api.get(
    '/api/v1/contacts/export',
    {
      schema: {
        tags,
        operationId: 'contacts.export',
        summary: 'The filtered list as a CSV or Excel file (streamed; admins and managers)',
        description: EXPORT_DESCRIPTION,
        querystring: ContactExportQuery,
        security: API_SECURITY,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const table = await exportContacts(ctx, contactQueryOf(request.query), request.query.format, request.t);
      return sendTable(reply, {
        format: request.query.format,
        name: 'contacts',
        ...table,
        now: ctx.clock.now(),
        reader: tableReaderOf(request.t, deps.config.currency),
      });
    },
  );

  api.post(
    '/api/v1/contacts',
    {
      schema: {
        tags,
        operationId: 'contacts.create',
        summary: 'Create a contact',
        description:
          'Email must be unique (409 `contact.email_taken`, the existing id in `errors.email[0]`); a phone ' +
          'another contact already has is refused with 409 `contact.phone_exists` unless ' +
          '`allow_duplicate_phone` is true.',
        body: contactCreateRequest(deps.config.defaultCountry),
        security: API_SECURITY,
        response: { 201: ContactResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const { allow_duplicate_phone, ...body } = request.body;
      const id = await createContact(ctx, body, { allowSamePhone: allow_duplicate_phone === true });
      return reply
        .code(201)
        .header('location', `/api/v1/contacts/${id}`)
        .send(toContactResponse(withEtag(reply, await getContact(ctx, id))));
    },
  );

  api.get(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        operationId: 'contacts.get',
        summary: 'One contact',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: ContactResponse },
        ...ROW_VERSION.read,
      },
    },
    async (request, reply) =>
      toContactResponse(withEtag(reply, await getContact(request.ctx, request.params.id))),
  );

  api.patch(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        operationId: 'contacts.update',
        summary: 'Change some fields of a contact (the others keep their values)',
        params: IdParams,
        body: ContactPatchRequest,
        security: API_SECURITY,
        response: { 200: ContactResponse },
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const { allow_duplicate_phone, ...body } = request.body;
      await updateContact(ctx, request.params.id, body, {
        expectedVersion: ifMatchVersion(request),
        ...(allow_duplicate_phone === true ? { allowSamePhone: true } : {}),
      });
      return toContactResponse(withEtag(reply, await getContact(ctx, request.params.id)));
    },
  );

  api.delete(
    '/api/v1/contacts/:id',
    {
      schema: {
        tags,
        operationId: 'contacts.delete',
        summary: 'Delete a contact with its orders and notes (admins and managers)',
        params: IdParams,
        security: API_SECURITY,
        ...ROW_VERSION.write,
      },
    },
    async (request, reply) => {
      await deleteContact(request.ctx, request.params.id, {
        expectedVersion: ifMatchVersion(request),
      });
      return reply.code(204).send();
    },
  );

  api.get(
    '/api/v1/contacts/:id/notes',
    {
      schema: {
        tags,
        operationId: 'contacts.notes',
        summary: 'A contact’s notes, newest first',
        params: IdParams,
        security: API_SECURITY,
        response: { 200: z.object({ items: z.array(NoteResponse) }) },
      },
    },
    async (request) => {
      const ctx = request.ctx;
      await getContact(ctx, request.params.id);
      const notes = await listNotes(ctx, request.params.id);
      return { items: notes.map(toNoteResponse) };
    },
  );

  api.post(
    '/api/v1/contacts/:id/notes',
    {
      schema: {
        tags,
        operationId: 'contacts.add_note',
        summary: 'Add a note to a contact’s timeline',
        params: IdParams,
        body: NoteInput,
        security: API_SECURITY,
        response: { 201: z.object({ id: z.number().int() }) },
      },
    },
    async (request, reply) => {
      const id = await addNote(request.ctx, request.params.id, request.body);
      return reply.code(201).send({ id });
    },
  );
}
