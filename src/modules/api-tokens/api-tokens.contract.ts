import { z } from 'zod';
import { API_SCOPES } from '../../platform/auth/roles.js';

export const TokenCreateBody = z.object({
  name: z.string().trim().min(1).max(100),
  scope: z.enum(API_SCOPES).default('read'),
});
export type TokenCreateBody = z.infer<typeof TokenCreateBody>;
