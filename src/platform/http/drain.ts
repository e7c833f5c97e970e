/**
 * A graceful stop that answers what was already asked. Closing an HTTP server the usual way (Node's
 * `server.close()`, which Fastify's `close()` calls) stops listening, which resets the connections the kernel
 * has queued but Node has not accepted yet, and closes every keep-alive connection that looks idle — among them
 * those whose next request sits unread because the event loop is busy. On SQLite the loop is busy with the
 * database itself, and 21 requests in flight were lost so. Draining instead, until nothing is left or time is up:
 * 1. every request that arrives is answered, with `Connection: close`, so each connection ends after its answer;
 * 2. a connection is closed only once it has sat idle for a moment, checked after the loop has read its sockets
 *    (a request that arrived meanwhile makes it busy);
 * 3. the server keeps accepting until no connection has come for a moment and none is busy: connections the
 *    kernel queued while the loop was busy are accepted and answered rather than reset. Then it stops listening
 *    (later ones are refused, which a client or load balancer retries elsewhere).
 */
import type { Server } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

/** How long a connection (or the listener) must sit idle, while draining, before it is closed. */
const IDLE_GRACE_MS = 200;

/** A timer then an immediate: the loop has been through its I/O phase (accepts, reads) in between. */
const turn = () => new Promise<void>((resolve) => setTimeout(() => setImmediate(resolve), 10));

/** Tracks the server's connections from now on; returns `drain(maxMs)`, which resolves once they are done. */
export function drainable(server: Server): (maxMs: number) => Promise<void> {
  const open = new Map<Socket, { busy: number; idleSince: number }>();
  let draining = false;
  let lastConnection = 0;
  server.on('connection', (socket: Socket) => {
    lastConnection = Date.now();
    open.set(socket, { busy: 0, idleSince: lastConnection });
    socket.once('close', () => open.delete(socket));
  });
  server.on('request', (req, res) => {
    const state = open.get(req.socket);
    if (state) state.busy++;
    if (draining) res.setHeader('connection', 'close');
    res.once('close', () => {
      if (!state) return;
      state.busy--;
      state.idleSince = Date.now();
    });
  });
  const stopListening = () => {
    if (server.listening) NetServer.prototype.close.call(server);
  };
  return async (maxMs) => {
    draining = true;
    const until = Date.now() + maxMs;
    while (Date.now() < until && (server.listening || open.size > 0)) {
      await turn();
      const now = Date.now();
      let busy = false;
      for (const [socket, state] of open) {
        if (state.busy > 0) busy = true;
        else if (now - state.idleSince >= IDLE_GRACE_MS) socket.end();
      }
      if (!busy && now - lastConnection >= IDLE_GRACE_MS) stopListening();
    }
    stopListening();
  };
}
