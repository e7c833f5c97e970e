/**
 * Deleting contacts asks with what goes (the server counts it), logs what went, and can be undone for a while by
 * whoever deleted: the contacts, their notes and orders come back exactly (ids, fields, the report figures), their
 * calls are linked again. An undo is refused when done already, expired, someone else's, or blocked by an email
 * taken meanwhile — and then restores nothing.
 */
import { beforeAll, expect, it } from 'vitest';
import { fromJson } from '../../platform/db/sql.js';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { Browser, makeUser, newContactVia } from '../../test/http.js';

/** A contact of `b`'s with two orders, a note and a call: what a deletion takes (and unlinks). */
async function contactWithChildren(b: Browser, last: string) {
  const id = await newContactVia(b, last, `c${Math.random().toString(36).slice(2, 9)}@x.test`);
  for (const [product, price] of [
    ['Стол', '100.00'],
    ['Лампа', '25.50'],
  ]) {
    const res = await b.post('/orders/new', {
      contact_id: String(id),
      product: product!,
      quantity: '2',
      price: price!,
    });
    expect(res.statusCode).toBe(303);
  }
  expect((await b.post(`/contacts/${id}/notes`, { body: `Заметка о ${last}` })).statusCode).toBe(303);
  expect(
    (await b.post('/calls/new', { contact_id: String(id), company_name: 'ООО Звонок', lead_result: 'none' }))
      .statusCode,
  ).toBe(303);
  return id;
}

/** Everything of these contacts as stored: their rows, notes, orders, the calls linked to them. */
async function snapshot(env: TestEnv, ids: number[]) {
  const db = env.deps.db;
  return {
    contacts: await db.selectFrom('contacts').selectAll().where('id', 'in', ids).orderBy('id').execute(),
    notes: await db
      .selectFrom('contactNotes')
      .selectAll()
      .where('contactId', 'in', ids)
      .orderBy('id')
      .execute(),
    orders: await db.selectFrom('orders').selectAll().where('contactId', 'in', ids).orderBy('id').execute(),
    calls: await db
      .selectFrom('calls')
      .select(['id', 'contactId'])
      .where('contactId', 'in', ids)
      .orderBy('id')
      .execute(),
    daily: await db.selectFrom('orderDaily').selectAll().orderBy('day').execute(),
  };
}

/** The "Undo" of the flash the next page shows. */
const undoOf = async (b: Browser) =>
  /<form method="post" action="(\/contacts\/deletions\/\d+\/undo)"/.exec(
    (await b.get('/contacts')).body,
  )?.[1];

describeEachDialect('contact deletion: confirm, log, undo', (env) => {
  let manager: Browser;
  let other: Browser;
  let operator: Browser;

  beforeAll(async () => {
    const m = await makeUser(env, { roles: ['manager'] });
    const o = await makeUser(env, { roles: ['manager'] });
    const op = await makeUser(env, { roles: ['operator'] });
    manager = new Browser(env.app);
    other = new Browser(env.app);
    operator = new Browser(env.app);
    await manager.login(m.username, m.password);
    await other.login(o.username, o.password);
    await operator.login(op.username, op.password);
  });

  it('counts what goes with the contacts for the dialog, and refuses the count to those who may not delete', async () => {
    const a = await contactWithChildren(manager, 'Счётов');
    const b = await contactWithChildren(manager, 'Подсчётов');
    const preview = await manager.get(`/contacts/delete-preview?ids=${a}&ids=${b}&ids=999999`);
    expect(preview.statusCode).toBe(200);
    expect(preview.body).not.toContain('<html');
    for (const [kind, n] of [
      ['contacts', 2],
      ['orders', 4],
      ['notes', 2],
      ['calls', 2],
    ] as const)
      expect(preview.body).toMatch(new RegExp(`data-count="${kind}" data-n="${n}"`));
    expect((await operator.get(`/contacts/delete-preview?ids=${a}`)).statusCode).toBe(403);
    // The bulk Delete and the single Delete carry the question and where to count.
    const list = (await manager.get('/contacts')).body;
    expect(list).toMatch(
      /value="delete"[^>]*data-confirm="[^"]+"[^>]*data-confirm-preview="\/contacts\/delete-preview"/,
    );
    const page = (await manager.get(`/contacts/${a}`)).body;
    expect(page).toMatch(new RegExp(`data-confirm-preview="/contacts/delete-preview\\?ids=${a}"`));
  });

  it('logs with each deleted contact what went with it', async () => {
    const id = await contactWithChildren(manager, 'Журналов');
    const orders = await env.deps.db.selectFrom('orders').select('id').where('contactId', '=', id).execute();
    const calls = await env.deps.db.selectFrom('calls').select('id').where('contactId', '=', id).execute();
    expect((await manager.post('/contacts/bulk', { ids: String(id), action: 'delete' })).statusCode).toBe(
      303,
    );
    const entry = await env.deps.db
      .selectFrom('activityLog')
      .selectAll()
      .where('action', '=', 'contact.deleted')
      .where('entityId', '=', id)
      .executeTakeFirstOrThrow();
    expect(entry.summary).toContain('Журналов');
    const details = fromJson<Record<string, unknown>>(entry.details, {});
    expect(details.orders).toEqual([
      { id: orders[0]!.id, product: 'Стол', total: '200.00' },
      { id: orders[1]!.id, product: 'Лампа', total: '51.00' },
    ]);
    expect(details.notes).toBe(1);
    expect(details.calls_unlinked).toEqual(calls.map((c) => c.id));
    expect(typeof details.undo).toBe('number');
  });

  it('undoes a bulk deletion: contacts, notes, orders and report figures back exactly, calls linked again', async () => {
    const ids = [
      await contactWithChildren(manager, 'Возвратов'),
      await contactWithChildren(manager, 'Вернёва'),
    ];
    const before = await snapshot(env, ids);
    const res = await manager.post('/contacts/bulk', { ids: ids.map(String), action: 'delete' });
    expect(res.statusCode).toBe(303);
    const gone = await snapshot(env, ids);
    expect([gone.contacts, gone.notes, gone.orders, gone.calls].map((r) => r.length)).toEqual([0, 0, 0, 0]);
    const flash = (await manager.get('/contacts')).body;
    expect(flash).toContain('Deleted — contacts: 2, orders: 4, notes: 2.');
    const undo =
      /<form method="post" action="(\/contacts\/deletions\/\d+\/undo)"[^>]*>[\s\S]*?data-undo/.exec(
        flash,
      )?.[1];
    expect(undo).toBeDefined();

    // Someone else cannot undo it.
    expect((await other.post(undo!)).statusCode).toBe(404);
    const done = await manager.post(undo!);
    expect(done.statusCode).toBe(303);
    expect((await manager.get('/contacts')).body).toContain('Restored — contacts: 2, orders: 4, notes: 2.');
    expect(await snapshot(env, ids)).toEqual(before);
    const restored = await env.deps.db
      .selectFrom('activityLog')
      .select('entityId')
      .where('action', '=', 'contact.restored')
      .where('entityId', 'in', ids)
      .execute();
    expect(restored).toHaveLength(2);

    // Once only.
    await manager.post(undo!);
    expect((await manager.get('/contacts')).body).toContain('This deletion was undone already.');
    expect(await snapshot(env, ids)).toEqual(before);
  });

  it('keeps the Undo for the page the user lands on, even when a live refresh of the list comes first', async () => {
    const id = await contactWithChildren(manager, 'Обновлёнов');
    await manager.post(`/contacts/${id}/delete`);
    // The open list refreshes itself (htmx) as the deletion is announced: that request shows no flash.
    const refresh = await manager.get('/contacts', { 'hx-request': 'true' });
    expect(refresh.body).not.toContain('data-undo');
    expect(await undoOf(manager)).toMatch(/^\/contacts\/deletions\/\d+\/undo$/);
  });

  it('restores nothing once expired, or when a contact created meanwhile took an email', async () => {
    const id = await contactWithChildren(manager, 'Опоздалов');
    const email = (
      await env.deps.db.selectFrom('contacts').select('email').where('id', '=', id).executeTakeFirstOrThrow()
    ).email;
    await manager.post(`/contacts/${id}/delete`);
    let undo = await undoOf(manager);
    await env.deps.db
      .updateTable('deletions')
      .set({ expiresAt: new Date(0).toISOString() })
      .execute();
    await manager.post(undo!);
    expect((await manager.get('/contacts')).body).toContain('This deletion can no longer be undone.');
    expect((await snapshot(env, [id])).contacts).toHaveLength(0);

    const again = await contactWithChildren(manager, 'Занятов');
    const takenEmail = (
      await env.deps.db
        .selectFrom('contacts')
        .select('email')
        .where('id', '=', again)
        .executeTakeFirstOrThrow()
    ).email;
    await manager.post(`/contacts/${again}/delete`);
    undo = await undoOf(manager);
    await newContactVia(other, 'Новый', takenEmail);
    await manager.post(undo!);
    expect((await manager.get('/contacts')).body).toContain(
      `a contact created since has the email ${takenEmail}`,
    );
    expect((await snapshot(env, [again])).orders).toHaveLength(0);
    expect(email).not.toBe(takenEmail);
  });
});
