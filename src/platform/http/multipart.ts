/**
 * Reading a multipart form whose fields come before one streamed file (a call form with its recording): the
 * fields are collected, then `handle` runs with them and the file's stream (consumed by the handler, never
 * buffered here); without a file, `handle` runs after the last field.
 */
import type { Readable } from 'node:stream';
import type { FastifyRequest, preValidationAsyncHookHandler } from 'fastify';

export interface StreamedFile {
  field: string;
  stream: Readable;
  filename: string | undefined;
  mimetype: string;
}

export async function withFieldsThenFile<T>(
  request: FastifyRequest,
  fileLimit: number,
  handle: (fields: Record<string, string>, file: StreamedFile | undefined) => Promise<T>,
): Promise<T> {
  const fields: Record<string, string> = {};
  let result: { value: T } | undefined;
  for await (const part of request.parts({ limits: { fileSize: fileLimit + 1, files: 1, fields: 100 } })) {
    if (part.type === 'field') {
      if (typeof part.value === 'string') fields[part.fieldname] = part.value;
      continue;
    }
    if (result) {
      part.file.resume();
      continue;
    }
    result = {
      value: await handle(fields, {
        field: part.fieldname,
        stream: part.file,
        filename: part.filename,
        mimetype: part.mimetype,
      }),
    };
  }
  return result ? result.value : handle(fields, undefined);
}

/**
 * Route option for a route that takes JSON or a multipart form read as a stream in its handler: a multipart
 * request has no body to validate up front, so it reaches the (JSON-object) body validator as an empty object.
 */
export const multipartOrJson: { preValidation: preValidationAsyncHookHandler } = {
  preValidation: async (request) => {
    if (request.isMultipart()) request.body = {};
  },
};
