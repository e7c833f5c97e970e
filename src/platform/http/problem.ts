/** RFC 9457 problem+json responses, with field errors translated to the caller's language. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FieldErrors } from '../errors.js';

export interface ProblemInit {
  status: number;
  code: string;
  title: string;
  detail?: string;
  fields?: FieldErrors;
}

export function sendProblem(request: FastifyRequest, reply: FastifyReply, p: ProblemInit) {
  const errors = p.fields
    ? Object.fromEntries(
        Object.entries(p.fields).map(([field, e]) => [
          field,
          [{ code: e.code, message: request.t.error(e.code, e.params, e.code) }],
        ]),
      )
    : undefined;
  return reply
    .code(p.status)
    .type('application/problem+json; charset=utf-8')
    .send({
      type: 'about:blank',
      title: p.title,
      status: p.status,
      code: p.code,
      ...(p.detail ? { detail: p.detail } : {}),
      ...(errors && Object.keys(errors).length > 0 ? { errors } : {}),
      request_id: request.id,
    });
}
