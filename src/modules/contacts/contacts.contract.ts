/**
 * The contacts contract: what each operation takes and gives, written once and used by every transport. The API
 * routes declare these schemas (Fastify validates with them and documents them in OpenAPI), the pages read their
 * query with the same list vocabulary, and the service parses its input with the same schema.
 */
import { z } from 'zod';
import { optionalCalendarDate, recordId } from '../../platform/fields.js';
import { PageQuery, QueryDate, QueryId } from '../../platform/http/api.js';
import { queryDate } from '../../platform/http/query.js';
import { type CountryCode, phoneField } from '../../platform/phones.js';
import { CONTACT_SORTS } from './contacts.repo.js';
import type { ContactQuery } from './contacts.service.js';
import { CONTACT_STATUSES, type ContactListRow, type ContactRow } from './contacts.table.js';

/* ---------- input: create and update ---------- */

/** A row id that may be none: empty, null or missing. */
const optionalId = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? null : v),
  recordId.nullable(),
);

const PHONE_HINT =
  'Any common notation (without +: dialled in DEFAULT_COUNTRY); stored as E.164 `+79001234567`';

/** Each field once: its shape, limits and meaning (the defaults of a creation are added by `contactInput`). */
const fields = (phone: z.ZodType<string, unknown>) => ({
  first_name: z.string().trim().min(1).max(50),
  last_name: z.string().trim().min(1).max(50),
  middle_name: z.string().trim().max(50),
  mobile_phone: phone.describe(PHONE_HINT),
  email: z.string().trim().toLowerCase().min(1).max(254).pipe(z.email()),
  status: z.enum(CONTACT_STATUSES),
  assigned_user_id: optionalId,
  next_interaction_on: optionalCalendarDate.describe('yyyy-mm-dd'),
  company_id: optionalId.describe('The id of the company the contact works for; null for none'),
});

const build = (country: CountryCode, storedPhone?: string) => {
  const f = fields(phoneField(country, storedPhone));
  return z.object({
    ...f,
    middle_name: f.middle_name.default(''),
    mobile_phone: f.mobile_phone.default(''),
    status: f.status.default('lead').describe('Default `lead`'),
    next_interaction_on: f.next_interaction_on.default(null),
  });
};
const inputs = new Map<CountryCode, ReturnType<typeof build>>();

/**
 * A contact as forms, APIs and imports send it, its phone read as dialled in `country` (`DEFAULT_COUNTRY`) and
 * stored E.164. An edit passes the contact's phone now as `storedPhone`: kept as it is unless changed.
 */
export const contactInput = (country: CountryCode, storedPhone?: string) => {
  if (storedPhone !== undefined) return build(country, storedPhone);
  let schema = inputs.get(country);
  if (!schema) {
    schema = build(country);
    inputs.set(country, schema);
  }
  return schema;
};
export type ContactInput = z.infer<ReturnType<typeof contactInput>>;

const allowDuplicatePhone = z
  .boolean()
  .optional()
  .describe('Create even if another contact has this phone (otherwise 409 `contact.phone_exists`)');

/** `POST /api/v1/contacts`: the contact, and whether a phone another contact has is fine. */
export const contactCreateRequest = (country: CountryCode) =>
  contactInput(country)
    .extend({ allow_duplicate_phone: allowDuplicatePhone })
    .meta({
      example: {
        first_name: 'Иван',
        last_name: 'Петров',
        mobile_phone: '+7 900 123-45-67',
        email: 'ivan.petrov@example.ru',
        status: 'lead',
      },
    });

/**
 * `PATCH /api/v1/contacts/:id`: any of the fields, the others keep their values. The phone is checked here for its
 * length only: the service reads it against the contact's phone now (a number stored before the rule is kept).
 */
export const ContactPatchRequest = z
  .object(fields(z.string().trim().max(40, 'too_long')))
  .partial()
  .extend({ allow_duplicate_phone: allowDuplicatePhone });

export const NoteInput = z
  .object({ body: z.string().trim().min(1).max(5000) })
  .meta({ example: { body: 'Перезвонить в пятницу' } });

/* ---------- list query: /api/v1/contacts, its export, and the /contacts pages ---------- */

export const ContactListQuery = PageQuery.extend({
  search: z
    .string()
    .max(200)
    .optional()
    .describe('Words in any order over full name, email and phone; case-insensitive'),
  status: z.enum(CONTACT_STATUSES).optional(),
  assigned_user_id: QueryId.optional(),
  company_id: QueryId.optional().describe('Only the contacts of this company'),
  created_from: QueryDate.optional().describe('yyyy-mm-dd, inclusive'),
  created_to: QueryDate.optional().describe('yyyy-mm-dd, inclusive'),
  sort: z.enum(CONTACT_SORTS).default('created_at'),
});
export type ContactListQuery = z.infer<typeof ContactListQuery>;

const FORMAT = { format: z.enum(['csv', 'xlsx']).default('csv') };
export const ContactExportQuery = ContactListQuery.omit({ page: true, per_page: true }).extend(FORMAT);

/** The pages' older names for the list query's parameters (links and bookmarks made before keep working). */
const PAGE_ALIASES = {
  q: 'search',
  assigned: 'assigned_user_id',
  company: 'company_id',
  from: 'created_from',
  to: 'created_to',
  dir: 'order',
} as const;

/**
 * The same list query as a page reads it: the old names as aliases, and forgiving — an empty or malformed
 * parameter means its default (a page never answers 400 for a filter; the API does).
 */
const forgiving = <S extends z.ZodObject>(schema: S) => {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(schema.shape) as [string, z.ZodType][])
    shape[key] = field.catch(() => field.safeParse(undefined).data);
  return z.preprocess(
    (raw) => {
      const query: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(raw ?? {})) {
        const name = PAGE_ALIASES[key as keyof typeof PAGE_ALIASES] ?? key;
        const text = typeof value === 'string' ? value.trim() : value;
        if (text !== '' && (query[name] === undefined || name === key)) query[name] = text;
      }
      return query;
    },
    z.object(shape) as unknown as S,
  );
};
export const ContactListPageQuery = forgiving(ContactListQuery);
export const ContactExportPageQuery = forgiving(ContactExportQuery);

/* ---------- the pages' other input ---------- */

/** A page's form as posted: its fields go to the service, which checks them (and the page shows what it says). */
export const FormBody = z.record(z.string(), z.unknown()).default({});

/** The contact picker's options (`/contacts/choices`): those matching `search`; `required=1` offers no "none". */
export const ChoicesPageQuery = z.object({
  search: z
    .string()
    .transform((s) => s.trim().slice(0, 100) || undefined)
    .optional()
    .catch(undefined),
  required: z.string().optional().catch(undefined),
});

/** The new-contact form, started from a company's card (`company_id`). */
export const NewContactPageQuery = z.object({ company_id: QueryId.optional().catch(undefined) });

/** The contacts whose deletion the confirmation counts (`ids`, one or many). */
export const DeletePreviewPageQuery = z.object({ ids: z.unknown() });

/**
 * The service's query for a list query. Dates are days in `timeZone`: the reader's on pages, UTC in the API.
 */
export const contactQueryOf = (
  q: Omit<ContactListQuery, 'page' | 'per_page'>,
  timeZone = 'UTC',
): ContactQuery => ({
  search: q.search,
  status: q.status,
  assignedUserId: q.assigned_user_id,
  companyId: q.company_id,
  createdFrom: queryDate(q, 'created_from', timeZone),
  createdTo: queryDate(q, 'created_to', timeZone, true),
  sort: q.sort,
  desc: q.order === 'desc',
});

/* ---------- responses ---------- */

/**
 * "Last First Middle", skipping empty parts — how seed 001 shows a client's full name. Built without an array:
 * lists print 50 of these per page.
 */
export const fullName = (c: Pick<ContactRow, 'firstName' | 'lastName' | 'middleName'>) => {
  let name = c.lastName || '';
  if (c.firstName) name = name ? `${name} ${c.firstName}` : c.firstName;
  if (c.middleName) name = name ? `${name} ${c.middleName}` : c.middleName;
  return name;
};

/** How a picker lists a contact: full name and, to tell namesakes apart, email. */
export const contactChoiceLabel = (c: Pick<ContactRow, 'firstName' | 'lastName' | 'middleName' | 'email'>) =>
  `${fullName(c)} · ${c.email}`;

export const ContactResponse = z
  .object({
    id: z.number().int(),
    first_name: z.string(),
    last_name: z.string(),
    middle_name: z.string(),
    full_name: z.string(),
    mobile_phone: z.string(),
    email: z.string(),
    status: z.enum(CONTACT_STATUSES),
    assigned_user_id: z.number().int().nullable(),
    next_interaction_on: z.string().nullable(),
    company_id: z.number().int().nullable().describe('The company the contact works for'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({
    example: {
      id: 42,
      first_name: 'Иван',
      last_name: 'Петров',
      middle_name: 'Сергеевич',
      full_name: 'Петров Иван Сергеевич',
      mobile_phone: '+79001234567',
      email: 'ivan.petrov@example.ru',
      status: 'active',
      assigned_user_id: 3,
      next_interaction_on: '2026-12-01',
      company_id: 7,
      created_at: '2026-11-24T09:30:00.000Z',
      updated_at: '2026-11-24T09:30:00.000Z',
    },
  });

/** A contact row as every transport answers it. */
export const toContactResponse = (c: ContactListRow): z.infer<typeof ContactResponse> => ({
  id: c.id,
  first_name: c.firstName,
  last_name: c.lastName,
  middle_name: c.middleName,
  full_name: fullName(c),
  mobile_phone: c.mobilePhone,
  email: c.email,
  status: c.status,
  assigned_user_id: c.assignedUserId,
  next_interaction_on: c.nextInteractionOn,
  company_id: c.companyId,
  created_at: c.createdAt,
  updated_at: c.updatedAt,
});

/** A contact row as the input it would be sent as (what an edit form starts from). */
export const toContactInput = (c: ContactRow): ContactInput => ({
  first_name: c.firstName,
  last_name: c.lastName,
  middle_name: c.middleName,
  mobile_phone: c.mobilePhone,
  email: c.email,
  status: c.status,
  assigned_user_id: c.assignedUserId,
  next_interaction_on: c.nextInteractionOn,
  company_id: c.companyId,
});

export const NoteResponse = z.object({
  id: z.number().int(),
  body: z.string(),
  author_id: z.number().int().nullable(),
  author_name: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

type NoteRow = {
  id: number;
  body: string;
  authorId: number | null;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  createdAt: string;
  updatedAt: string;
};
export const toNoteResponse = (n: NoteRow): z.infer<typeof NoteResponse> => ({
  id: n.id,
  body: n.body,
  author_id: n.authorId,
  author_name: n.authorId === null ? null : [n.firstName, n.lastName].filter(Boolean).join(' ') || n.username,
  created_at: n.createdAt,
  updated_at: n.updatedAt,
});
