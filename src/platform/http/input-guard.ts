/**
 * The transport's half of the control-character rule (platform/fields.ts): every route refuses a path, query or
 * parsed body holding one, as a field error, before any handler runs — so every search, filter and form answers
 * it alike on both databases. Bodies a service reads itself (multipart) meet the same rule in `parseInput`.
 */
import type { FastifyInstance } from 'fastify';
import { invalid } from '../errors.js';
import { fieldsWithControlCharacters } from '../fields.js';

export function installInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    const fields = [
      ...fieldsWithControlCharacters(request.params),
      ...fieldsWithControlCharacters(request.query),
      ...fieldsWithControlCharacters(request.body),
    ];
    if (fields.length)
      throw invalid('validation', Object.fromEntries(fields.map((f) => [f, { code: 'control_characters' }])));
  });
}
