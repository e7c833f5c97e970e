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
