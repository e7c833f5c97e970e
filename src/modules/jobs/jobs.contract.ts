/** What the job pages take: a job's id in the path (a queue id, not a row number). */
import { z } from 'zod';

export const JobIdParams = z.object({ id: z.string().min(1).max(100) });
