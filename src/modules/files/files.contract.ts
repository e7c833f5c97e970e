import { z } from 'zod';
import { QueryId } from '../../platform/http/api.js';
import type { FileRow } from './files.table.js';

export const FileResponse = z
  .object({
    id: z.number().int(),
    kind: z.enum(['audio', 'document', 'import', 'image']),
    name: z.string(),
    size: z.number().int(),
    sha256: z.string(),
    mime_type: z.string(),
    state: z.enum(['pending', 'stored', 'failed']),
    error: z.string().nullable(),
    content_url: z.string(),
    uploaded_by: z.number().int().nullable(),
    created_at: z.string(),
  })
  .meta({
    example: {
      id: 12,
      kind: 'audio',
      name: 'call-2026-11-24.webm',
      size: 48213,
      sha256: '9f2c…',
      mime_type: 'audio/webm',
      state: 'stored',
      error: null,
      content_url: '/api/v1/files/12/content',
      uploaded_by: 3,
      created_at: '2026-11-24T10:15:00.000Z',
    },
  });

export const toFileResponse = (f: FileRow): z.infer<typeof FileResponse> => ({
  id: f.id,
  kind: f.kind,
  name: f.originalName,
  size: f.size,
  sha256: f.sha256,
  mime_type: f.mimeType,
  state: f.state,
  error: f.error,
  content_url: `/api/v1/files/${f.id}/content`,
  uploaded_by: f.uploadedBy,
  created_at: f.createdAt,
});

export const UploadQuery = z.object({ kind: z.enum(['audio', 'document', 'import', 'image']) });
export const FileIdParams = z.object({ id: QueryId });
