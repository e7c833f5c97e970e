import { z } from 'zod';
import { ROLES } from '../../platform/auth/roles.js';
import { recordId } from '../../platform/fields.js';
import { LOCALES } from '../../platform/i18n/index.js';
import { timeZoneName } from '../../platform/time-zones.js';

/** Form checkboxes arrive as a string, an array or nothing; normalise to an array. */
const asArray = (v: unknown) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]);
/** A checkbox: present ("on", "1", "true") means true. */
export const checkbox = z.preprocess(
  (v) => v === true || v === 'on' || v === '1' || v === 'true',
  z.boolean(),
);
/** An optional integer id from a <select>: "" means none. */
export const optionalId = z.preprocess(
  (v) => (v === '' || v === undefined || v === null ? null : v),
  recordId.nullable(),
);

/** No `@`: a sign-in name with `@` is an email, so a username can never pass for someone's email. */
export const Username = z
  .string()
  .trim()
  .min(1)
  .max(150)
  .regex(/^[\p{L}\p{N}_.+-]+$/u, { message: 'username_format' });
export const Email = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .pipe(z.email())
  .transform((e) => e.toLowerCase());
export const Password = z.string().min(8).max(256);
const NameText = z.string().trim().max(150);
const Name = NameText.default('');
export const Roles = z.preprocess(asArray, z.array(z.enum(ROLES)).max(ROLES.length));
export const LocaleField = z.preprocess((v) => (v === '' ? null : v), z.enum(LOCALES).nullable());
/** An IANA zone (`Europe/Paris`), written as Intl names it; empty means the company's (`TIME_ZONE`). */
export const TimeZoneField = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? null : v),
  z
    .string()
    .max(64)
    .nullable()
    .transform((v, issue) => {
      if (v === null) return null;
      const name = timeZoneName(v);
      if (!name) issue.addIssue({ code: 'custom', message: 'invalid_time_zone', input: v });
      return name ?? null;
    }),
);

const withPasswordCheck = <T extends z.ZodObject<{ password: typeof Password; password2: z.ZodString }>>(
  s: T,
) => s.refine((v) => v.password === v.password2, { message: 'passwords_mismatch', path: ['password2'] });

/** Seed 000's signup fields, with the password typed twice. */
export const SignupBody = withPasswordCheck(
  z.object({
    username: Username,
    first_name: Name,
    last_name: Name,
    email: Email,
    position: Name,
    password: Password,
    password2: z.string(),
  }),
);
export type SignupBody = z.infer<typeof SignupBody>;

export const UserCreateBody = withPasswordCheck(
  z.object({
    username: Username,
    first_name: Name,
    last_name: Name,
    email: Email,
    position: Name,
    password: Password,
    password2: z.string(),
    roles: Roles,
    department_id: optionalId,
    active: checkbox,
    locale: LocaleField.default(null),
  }),
);
export type UserCreateBody = z.infer<typeof UserCreateBody>;

export const UserUpdateBody = z.object({
  username: Username,
  first_name: Name,
  last_name: Name,
  email: Email,
  position: Name,
  roles: Roles,
  department_id: optionalId,
  active: checkbox,
  locale: LocaleField.default(null),
});
export type UserUpdateBody = z.infer<typeof UserUpdateBody>;

export const ProfileBody = z.object({
  first_name: Name,
  last_name: Name,
  email: Email,
  position: Name,
  locale: LocaleField.default(null),
  time_zone: TimeZoneField.default(null),
});
export type ProfileBody = z.infer<typeof ProfileBody>;

/**
 * `PATCH /api/v1/me`: the fields sent change, the others keep their values — so no field takes a default here
 * (the documented defaults are those of the profile form). The service checks the merged profile.
 */
export const ProfilePatch = z.object({
  first_name: NameText.meta({ default: '' }).optional(),
  last_name: NameText.meta({ default: '' }).optional(),
  email: Email.optional(),
  position: NameText.meta({ default: '' }).optional(),
  locale: LocaleField.optional(),
  time_zone: TimeZoneField.optional(),
});
export type ProfilePatch = z.infer<typeof ProfilePatch>;

export const PasswordResetBody = withPasswordCheck(z.object({ password: Password, password2: z.string() }));

export const PasswordChangeBody = z
  .object({ current_password: z.string().min(1).max(256), password: Password, password2: z.string() })
  .refine((v) => v.password === v.password2, { message: 'passwords_mismatch', path: ['password2'] });

/** What the API shows of a user: never the password hash. */
export const UserResponse = z.object({
  id: z.number().int(),
  username: z.string(),
  email: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  position: z.string(),
  roles: z.array(z.enum(ROLES)),
  locale: z.string().nullable(),
  time_zone: z.string().nullable().describe('IANA zone of the user’s pages and files; null: the company’s'),
  department_id: z.number().int().nullable(),
  active: z.boolean(),
});
export type UserResponse = z.infer<typeof UserResponse>;

export function toUserResponse(
  u: {
    id: number;
    username: string;
    email: string;
    firstName: string;
    lastName: string;
    position: string;
    locale: string | null;
    timeZone?: string | null;
    departmentId: number | null;
    active: number | boolean;
  },
  roles: readonly (typeof ROLES)[number][],
): UserResponse {
  return {
    id: u.id,
    username: u.username,
    email: u.email,
    first_name: u.firstName,
    last_name: u.lastName,
    position: u.position,
    roles: [...roles],
    locale: u.locale,
    time_zone: u.timeZone ?? null,
    department_id: u.departmentId,
    active: !!u.active,
  };
}
