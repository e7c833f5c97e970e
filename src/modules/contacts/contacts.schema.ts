import { z } from 'zod';
import { optionalId } from '../users/users.schema.js';
import { CONTACT_STATUSES, type ContactRow } from './contacts.table.js';

/** `+` followed by 9–15 digits; spaces, dashes, dots and brackets are dropped; a leading 8 stays as typed. */
export const phone = z.preprocess(
  (v) => (typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : v),
  z
    .string()
    .max(40, 'too_long')
    .transform((v) => (v === '' ? '' : `+${v.replace(/\D/g, '')}`))
    .refine((v) => v === '' || /^\+\d{9,15}$/.test(v), 'invalid_phone'),
);

const optionalDate = z.preprocess(
  (v) => (v === '' || v === null || v === undefined ? null : v),
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'invalid_date')
    .nullable(),
);

export const ContactBody = z.object({
  first_name: z.string().trim().min(1).max(50),
  last_name: z.string().trim().min(1).max(50),
  middle_name: z.string().trim().max(50).default(''),
  mobile_phone: phone.default(''),
  email: z.string().trim().toLowerCase().min(1).max(254).pipe(z.email()),
  status: z.enum(CONTACT_STATUSES).default('lead'),
  assigned_user_id: optionalId,
  next_interaction_on: optionalDate.default(null),
});
export type ContactBody = z.infer<typeof ContactBody>;

export const NoteBody = z.object({ body: z.string().trim().min(1).max(5000) });

/** "Last First Middle" — how seed 001 shows a client's full name. */
export const fullName = (c: Pick<ContactRow, 'firstName' | 'lastName' | 'middleName'>) =>
  [c.lastName, c.firstName, c.middleName].filter(Boolean).join(' ');
