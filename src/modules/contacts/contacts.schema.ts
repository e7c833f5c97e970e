import { z } from 'zod';
import { optionalCalendarDate } from '../../platform/fields.js';
import { type CountryCode, phoneField } from '../../platform/phones.js';
import { optionalId } from '../users/internal.js';
import { CONTACT_STATUSES, type ContactListRow, type ContactRow } from './contacts.table.js';

const contactFields = (country: CountryCode, storedPhone?: string) => ({
  first_name: z.string().trim().min(1).max(50),
  last_name: z.string().trim().min(1).max(50),
  middle_name: z.string().trim().max(50).default(''),
  mobile_phone: phoneField(country, storedPhone).default(''),
  email: z.string().trim().toLowerCase().min(1).max(254).pipe(z.email()),
  status: z.enum(CONTACT_STATUSES).default('lead'),
  assigned_user_id: optionalId,
  next_interaction_on: optionalCalendarDate.default(null),
  company_id: optionalId,
});

const bodies = new Map<CountryCode, ReturnType<typeof build>>();
const build = (country: CountryCode, storedPhone?: string) => z.object(contactFields(country, storedPhone));

/**
 * A contact as forms, APIs and imports send it, its phone read as dialled in `country` (`DEFAULT_COUNTRY`) and
 * stored E.164. An edit passes the contact's phone now as `storedPhone`: kept as it is unless changed.
 */
export const contactBody = (country: CountryCode, storedPhone?: string) => {
  if (storedPhone !== undefined) return build(country, storedPhone);
  let schema = bodies.get(country);
  if (!schema) {
    schema = build(country);
    bodies.set(country, schema);
  }
  return schema;
};
export type ContactBody = z.infer<ReturnType<typeof contactBody>>;

export const NoteBody = z.object({ body: z.string().trim().min(1).max(5000) });

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

/* ---------- clean API (/api/v1/contacts) ---------- */

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

/** What a client sends to create a contact (documented here; validated by the service with `ContactBody`). */
export const ContactInput = z
  .object({
    first_name: z.string().max(50),
    last_name: z.string().max(50),
    middle_name: z.string().max(50).optional(),
    mobile_phone: z
      .string()
      .max(40)
      .optional()
      .describe(
        'Any common notation (without +: dialled in DEFAULT_COUNTRY); stored as E.164 `+79001234567`',
      ),
    email: z.string().max(254),
    status: z.enum(CONTACT_STATUSES).optional().describe('Default `lead`'),
    assigned_user_id: z.number().int().nullable().optional(),
    next_interaction_on: z.string().nullable().optional().describe('yyyy-mm-dd'),
    company_id: z
      .number()
      .int()
      .nullable()
      .optional()
      .describe('The id of the company the contact works for; null for none'),
    allow_duplicate_phone: z
      .boolean()
      .optional()
      .describe('Create even if another contact has this phone (otherwise 409 `contact.phone_exists`)'),
  })
  .meta({
    example: {
      first_name: 'Иван',
      last_name: 'Петров',
      mobile_phone: '+7 900 123-45-67',
      email: 'ivan.petrov@example.ru',
      status: 'lead',
    },
  });

export const NoteResponse = z.object({
  id: z.number().int(),
  body: z.string(),
  author_id: z.number().int().nullable(),
  author_name: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
