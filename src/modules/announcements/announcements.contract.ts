/** What sending an announcement takes: its text and who sees it (everyone, or one role). */
import { z } from 'zod';
import { ROLES } from '../../platform/auth/roles.js';

export const AnnouncementBody = z.object({
  text: z.string().trim().min(1, 'required').max(500, 'too_long'),
  audience: z.enum(['all', ...ROLES]).default('all'),
});
