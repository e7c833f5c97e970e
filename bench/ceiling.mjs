#!/usr/bin/env node
// The ceiling for list endpoints: a bare Fastify route returning the same 50 client rows straight from
// better-sqlite3 (no auth, no ORM, no validation). `node bench/ceiling.mjs <sova.db> <port>`.
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const [file, port] = process.argv.slice(2);
const db = new Database(file, { readonly: true });
const page = db.prepare(
  'select id, first_name, last_name, middle_name, mobile_phone, email from contacts order by id limit 50 offset ?',
);
const app = Fastify({ logger: false });
app.get('/ceiling', async (request) => {
  const start = Number(request.query.start_id ?? 0) || 0;
  return { clients: page.all(start) };
});
await app.listen({ host: '127.0.0.1', port: Number(port) });
process.stdout.write('ready\n');
