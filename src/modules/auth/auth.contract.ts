import { z } from 'zod';

export const LoginBody = z.object({
  login: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});

/** Seed 001 `POST /api/token/` request and response. */
export const TokenObtainBody = z.object({
  username: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(256),
});
export const TokenPair = z.object({ access: z.string(), refresh: z.string() });
export const TokenRefreshBody = z.object({ refresh: z.string().min(1).max(4096) });
export const DetailError = z.object({ detail: z.string(), code: z.string().optional() });
/** DRF-style 400 body: `{field: [messages]}`, or `{detail: message}` for an unreadable body. */
export const FieldErrorsBody = z.record(z.string(), z.union([z.array(z.string()), z.string()]));

/**
 * What the sign-in, setup, sign-up and language forms post that the pages read themselves (the services check
 * their own input): unknown until checked, and a body that is no form reads as an empty one.
 */
export const AuthFormFields = z
  .object({
    login: z.unknown(),
    username: z.unknown(),
    password: z.unknown(),
    time_zone: z.unknown(),
    next: z.unknown(),
    locale: z.unknown(),
  })
  .partial()
  .catch({});
export type AuthFormFields = z.infer<typeof AuthFormFields>;
