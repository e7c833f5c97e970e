import { z } from 'zod';
import { optionalId } from '../users/internal.js';

export const DepartmentBody = z.object({
  name: z.string().trim().min(1).max(150),
  description: z.string().trim().max(2000).default(''),
  manager_id: optionalId,
});
export type DepartmentBody = z.infer<typeof DepartmentBody>;
