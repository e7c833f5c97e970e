/**
 * Validation at the boundary with the module's contract: a route's `body`, `querystring` and `params` zod
 * schemas are checked by the same function the services use (platform/validation.ts), so a request refused
 * here carries exactly the field errors the service would have given (`validation`, 400, codes with their
 * parameters), and the handler receives the parsed, typed value.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { invalid } from '../errors.js';
import { checkInput } from '../validation.js';

export const contractValidator: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = checkInput(schema, data);
    return result.ok ? { value: result.value } : { error: invalid('validation', result.fields) };
  };
