/**
 * What every route's input goes through before its schema checks it:
 * - the transport's half of the control-character rule (platform/fields.ts): a path, query or parsed body holding
 *   one is refused as a field error — so every search, filter and form answers it alike on both databases (bodies
 *   a service reads itself, multipart, meet the same rule in `parseInput`);
 * - a form's `_csrf` field is kept for the CSRF check (the body's schema may drop it);
 * - a route that takes a body and got none checks it as an empty object, so the answer names the missing fields.
 */
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.js';
import { fieldsWithControlCharacters } from '../fields.js';
import { keepFormToken } from './csrf.js';

export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    keepFormToken(request);
    if (request.body === undefined && request.routeOptions.schema?.body) request.body = {};
    const fields = [
      ...fieldsWithControlCharacters(request.params),
      ...fieldsWithControlCharacters(request.query),
      ...fieldsWithControlCharacters(request.body),
    ];
    if (fields.length)
      throw invalid('validation', Object.fromEntries(fields.map((f) => [f, { code: 'control_characters' }])));
  });
}
