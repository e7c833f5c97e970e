/**
 * `GET /events`: the signed-in user's live-update stream (Server-Sent Events). Each connection receives only
 * events whose audience includes its user. Streams end after a while so that the browser reconnects and the
 * session is checked again; a client that stops reading is dropped instead of buffering without bound.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.js';
import { sendProblem } from '../http/problem.js';
import { mayReceive } from './events.js';

const HEARTBEAT_MS = 20_000;
const MAX_STREAM_MS = 15 * 60_000;
const MAX_BUFFERED = 1024 * 1024;

export function realtimeRoutes(app: FastifyInstance, deps: Deps) {
  const open = new Set<() => void>();
  // Streams never go idle, so shutdown would wait for them: end them first (browsers reconnect elsewhere).
  app.addHook('preClose', async () => {
    for (const close of [...open]) close();
  });

  // Public at the hook level so that an expired session gets a 401 (EventSource retries) instead of a
  // redirect to the login page.
  app.get('/events', { config: { public: true } }, async (request, reply) => {
    const actor = request.actor;
    if (!actor) {
      return sendProblem(request, reply, {
        status: 401,
        code: 'auth.required',
        title: request.t('error.unauthenticated'),
      });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
      'x-request-id': request.id,
    });
    res.write('retry: 3000\n\n');
    let closed = false;
    const close = () => {
      if (closed) return;
      closed = true;
      open.delete(close);
      unsubscribe();
      clearInterval(heartbeat);
      clearTimeout(lifetime);
      res.end();
    };
    const unsubscribe = deps.events.subscribe((event) => {
      if (closed || !mayReceive(actor, event.audience)) return;
      if (res.writableLength > MAX_BUFFERED) return close();
      res.write(
        `event: ${event.type}\ndata: ${JSON.stringify({ ...(event.data as object), at: event.at })}\n\n`,
      );
    });
    open.add(close);
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const lifetime = setTimeout(close, MAX_STREAM_MS);
    request.raw.on('close', close);
    res.on('error', close);
  });
}
