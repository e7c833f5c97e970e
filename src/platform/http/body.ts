/**
 * Reads a request body into plain fields whatever its encoding — JSON, form-urlencoded or multipart — for the
 * routes that promise all three (seed 001's API). Files in a multipart body are refused here.
 */
import type { FastifyRequest } from 'fastify';
import { invalid } from '../errors.js';

export async function readFields(request: FastifyRequest): Promise<Record<string, unknown>> {
  if (request.isMultipart()) {
    const fields: Record<string, unknown> = {};
    for await (const part of request.parts({ limits: { fields: 100, fileSize: 0, files: 0 } })) {
      if (part.type === 'file') {
        part.file.resume();
        throw invalid('request.file_not_expected', { [part.fieldname]: { code: 'invalid' } });
      }
      fields[part.fieldname] = part.value;
    }
    return fields;
  }
  const body = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw invalid('request.body_not_object');
  return body as Record<string, unknown>;
}
