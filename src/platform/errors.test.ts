/** Which failures mean "a server could not be reached" (503, try again) rather than a fault (500). */
import { expect, it } from 'vitest';
import { isConnectionFailure, notFound } from './errors.js';
import { classify } from './http/error-handler.js';

it('answers a lost or refused connection 503 and anything else as before', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
  const shutdown = Object.assign(new Error('terminating connection due to administrator command'), {
    code: '57P01',
  });
  const starting = Object.assign(new Error('the database system is starting up'), { code: '57P03' });
  const closed = Object.assign(new Error('write CONNECTION_CLOSED'), { code: 'CONNECTION_CLOSED' });
  const cut = new Error('Connection terminated unexpectedly');
  for (const err of [refused, shutdown, starting, closed, cut]) {
    expect(isConnectionFailure(err)).toBe(true);
    expect(classify(err)).toMatchObject({ status: 503, code: 'service.unavailable', expected: true });
  }
  const duplicate = Object.assign(new Error('duplicate key value violates unique constraint'), {
    code: '23505',
  });
  for (const err of [duplicate, new Error('boom'), null, 'Connection terminated']) {
    expect(isConnectionFailure(err)).toBe(false);
    expect(classify(err)).toMatchObject({ status: 500, code: 'internal' });
  }
  expect(classify(notFound('contact', 1)).status).toBe(404);
});
