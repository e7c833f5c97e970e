/** The files API: upload (multipart, streamed), metadata, content with byte ranges (audio seeking), delete. */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.js';
import { unsupported } from '../../platform/errors.js';
import { parseRange } from '../../platform/http/range.js';
import type { ByteRange } from '../../platform/storage/storage.js';
import { FileIdParams, FileResponse, toFileResponse, UploadQuery } from './files.contract.js';
import { deleteFile, type FileContent, getFile, openContentOf, uploadFile } from './files.service.js';
import type { FileRow } from './files.table.js';

/**
 * Sends a file's content with caching headers and a single byte range (206) so audio can seek. The caller has
 * authorised `meta`; `open` reads the content.
 */
export async function sendFileContent(
  request: FastifyRequest,
  reply: FastifyReply,
  meta: FileRow,
  open: (range: ByteRange | null) => Promise<FileContent>,
) {
  const range = parseRange(request.headers.range, meta.size);
  if (range === 'unsatisfiable') {
    return reply.code(416).header('content-range', `bytes */${meta.size}`).send();
  }
  const etag = `"${meta.sha256}"`;
  if (request.headers['if-none-match'] === etag) return reply.code(304).send();
  const { file, stream } = await open(range);
  const disposition = INLINE.test(file.mimeType) ? 'inline' : 'attachment';
  reply
    .header('content-type', file.mimeType)
    .header('accept-ranges', 'bytes')
    .header('etag', etag)
    .header('cache-control', 'private, max-age=3600')
    .header(
      'content-disposition',
      `${disposition}; filename="${file.originalName.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(file.originalName)}`,
    );
  if (range) {
    reply
      .code(206)
      .header('content-range', `bytes ${range.start}-${range.end}/${file.size}`)
      .header('content-length', range.end - range.start + 1);
  } else {
    reply.header('content-length', file.size);
  }
  return reply.send(stream);
}

/** Types a browser may show inline; everything else downloads (so no uploaded HTML ever renders here). */
const INLINE = /^(audio\/|image\/(png|jpeg|gif|webp)$|application\/pdf$|text\/plain$)/;

const security: Record<string, string[]>[] = [{ bearerJwt: [] }, { apiToken: [] }, { sessionCookie: [] }];

export function filesRoutes(app: FastifyInstance, deps: Deps) {
  const api = app.withTypeProvider<ZodTypeProvider>();

  api.post(
    '/api/v1/files',
    {
      schema: {
        tags: ['files'],
        operationId: 'files.upload',
        summary:
          'Upload a file (multipart/form-data, field `file`), streamed; type is checked from the content',
        description:
          'Size limits per kind come from the UPLOAD_MAX_MB_* settings (413 above them); a file whose content ' +
          'is not of an accepted type for the kind is refused with 415.',
        querystring: UploadQuery,
        security,
        response: { 201: FileResponse },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw unsupported('file.multipart_required');
      const ctx = request.ctx;
      const limit = deps.config.uploadLimits[request.query.kind];
      const part = await request.file({ limits: { fileSize: limit + 1, files: 1 } });
      if (!part) throw unsupported('file.multipart_required');
      const file = await uploadFile(ctx, {
        stream: part.file,
        filename: part.filename,
        kind: request.query.kind,
      });
      return reply.code(201).send(toFileResponse(file));
    },
  );

  api.get(
    '/api/v1/files/:id',
    {
      schema: {
        tags: ['files'],
        operationId: 'files.get',
        summary: 'A file’s record',
        params: FileIdParams,
        security,
        response: { 200: FileResponse },
      },
    },
    async (request) => toFileResponse(await getFile(request.ctx, request.params.id)),
  );

  api.get(
    '/api/v1/files/:id/content',
    {
      schema: {
        tags: ['files'],
        operationId: 'files.content',
        summary: 'The file’s content; honours a single `Range: bytes=…` (206) so audio can seek',
        params: FileIdParams,
        security,
      },
    },
    async (request, reply) => {
      const ctx = request.ctx;
      const meta = await getFile(ctx, request.params.id);
      return sendFileContent(request, reply, meta, (range) => openContentOf(ctx, meta, range));
    },
  );

  api.delete(
    '/api/v1/files/:id',
    {
      schema: {
        tags: ['files'],
        operationId: 'files.delete',
        summary: 'Delete a file (its uploader or an admin)',
        params: FileIdParams,
        security,
      },
    },
    async (request, reply) => {
      await deleteFile(request.ctx, request.params.id);
      return reply.code(204).send();
    },
  );
}
