/**
 * Imports and exports of contacts and orders, through the pages a manager uses: a Windows-1251 CSV with `;` and
 * Russian headers is detected, mapped and previewed with its bad rows marked, then imported by the job with
 * per-row errors; re-import updates instead of duplicating; a resumed import never writes a row twice; .xlsx
 * orders with historical dates; exports in CSV and real XLSX neutralise formulas and re-import cleanly.
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { CANCELLED_ERROR } from '../../platform/jobs/jobs.js';
import { describeEachDialect, type TestEnv } from '../../test/env.js';
import { Browser, countRows, eventually, makeUser } from '../../test/http.js';
import { runImport } from './imports.service.js';

/** Windows-1251 bytes of a string (Cyrillic + ASCII), as old Excel versions on Russian Windows write CSV. */
function encode1251(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x80) out.push(c);
    else if (c >= 0x410 && c <= 0x44f) out.push(c - 0x410 + 0xc0);
    else if (c === 0x401) out.push(0xa8);
    else if (c === 0x451) out.push(0xb8);
    else throw new Error(`not in the test encoder: ${ch}`);
  }
  return Buffer.from(out);
}

async function xlsx(rows: (string | number | Date)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Orders');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const importIdOf = (res: { headers: Record<string, unknown> }) =>
  Number(/\/imports\/(\d+)/.exec(String(res.headers['hx-redirect']))?.[1]);

async function waitDone(env: TestEnv, id: number) {
  return eventually(async () => {
    const row = await env.deps.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    return row && (row.state === 'done' || row.state === 'failed') ? row : undefined;
  });
}

describeEachDialect('imports and exports', (env) => {
  let manager: Browser;
  let operator: Browser;

  beforeAll(async () => {
    manager = new Browser(env.app);
    operator = new Browser(env.app);
    const m = await makeUser(env, { roles: ['manager'] });
    const o = await makeUser(env, { roles: ['operator'] });
    await manager.login(m.username, m.password);
    await operator.login(o.username, o.password);
  });

  it('imports a Windows-1251 CSV with ; and Russian headers: detected, previewed, row errors kept', async () => {
    const csv = encode1251(
      [
        'ФИО;Email;Телефон;Статус',
        'Петров Иван Сергеевич;ivan.petrov@example.ru;+7 900 111-22-33;Активный',
        'Сидорова Анна;anna.s@example.ru;8 (900) 222-33-44;lead',
        'Без Почты;not-an-email;;',
        'Кузнецов Олег;IVAN.PETROV@example.ru;;',
        '',
        'Смирнов Пётр;petr@example.ru;;closed',
      ].join('\r\n'),
    );
    const up = await manager.upload(
      '/imports',
      { entity: 'contacts' },
      { name: 'клиенты.csv', content: csv, type: 'text/csv' },
    );
    expect(up.statusCode).toBe(204);
    const id = importIdOf(up);
    expect(id).toBeGreaterThan(0);

    const page = await manager.get(`/imports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(/<option value="windows-1251" selected/);
    expect(page.body).toMatch(/<option value=";" selected/);
    // Headers were mapped from their Russian names.
    for (const [i, field] of ['full_name', 'email', 'mobile_phone', 'status'].entries()) {
      expect(page.body).toMatch(
        new RegExp(`name="map_${i}"[^>]*>(?:(?!</select>).)*<option value="${field}" selected`, 's'),
      );
    }
    expect(page.body).toContain('Петров Иван Сергеевич');
    expect(page.body).toMatch(/data-preview-line="4" data-ok="false"/);
    expect(page.body).toMatch(/data-preview-line="2" data-ok="true"/);
    expect(await countRows(env, 'contacts')).toBe(0);

    const start = await manager.post(`/imports/${id}/start`);
    expect(start.statusCode).toBe(303);
    const done = await waitDone(env, id);
    expect(done).toMatchObject({
      state: 'done',
      totalRows: 5,
      createdCount: 3,
      errorCount: 2,
      updatedCount: 0,
    });

    const people = await env.deps.db.selectFrom('contacts').selectAll().orderBy('id').execute();
    expect(people.map((p) => [p.lastName, p.firstName, p.middleName, p.mobilePhone, p.status])).toEqual([
      ['Петров', 'Иван', 'Сергеевич', '+79001112233', 'active'],
      // A Russian number as dialled at home (8…) is +7…, not +8….
      ['Сидорова', 'Анна', '', '+79002223344', 'lead'],
      ['Смирнов', 'Пётр', '', '', 'closed'],
    ]);
    const result = await manager.get(`/imports/${id}`);
    expect(result.body).toMatch(/data-line="4"/);
    expect(result.body).toMatch(/data-line="5"/);
    const errorsCsv = await manager.get(`/imports/${id}/errors.csv`);
    expect(errorsCsv.body).toContain('4,Email');
    expect(errorsCsv.body).toContain('5,Email');

    // The contacts are searchable at once (the search index follows bulk inserts).
    const list = await manager.get(`/contacts?q=${encodeURIComponent('пётр смирнов')}`);
    expect(list.body).toContain('petr@example.ru');
  });

  it('re-importing updates contacts by email instead of duplicating them', async () => {
    const csv = Buffer.from(
      'email,mobile_phone,status\r\nivan.petrov@example.ru,+7 901 000 00 00,inactive\r\n',
    );
    const up = await manager.upload('/imports', { entity: 'contacts' }, { name: 'update.csv', content: csv });
    const id = importIdOf(up);
    // Names are required, so a file without them cannot start.
    const page = await manager.get(`/imports/${id}`);
    expect(page.body).toContain('data-missing');
    const refused = await manager.post(`/imports/${id}/start`);
    expect(refused.statusCode).toBe(303);
    expect(
      (await env.deps.db.selectFrom('imports').select('state').where('id', '=', id).executeTakeFirstOrThrow())
        .state,
    ).toBe('draft');

    const full = Buffer.from(
      'last_name,first_name,email,mobile_phone,status\r\nПетров,Иван,ivan.petrov@example.ru,+7 901 000 00 00,inactive\r\n',
    );
    const id2 = importIdOf(
      await manager.upload('/imports', { entity: 'contacts' }, { name: 'update.csv', content: full }),
    );
    await manager.post(`/imports/${id2}/start`);
    expect(await waitDone(env, id2)).toMatchObject({ createdCount: 0, updatedCount: 1, errorCount: 0 });
    const ivan = await env.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'ivan.petrov@example.ru')
      .executeTakeFirstOrThrow();
    expect(ivan).toMatchObject({ mobilePhone: '+79010000000', status: 'inactive', middleName: 'Сергеевич' });
    expect(await countRows(env, 'contacts')).toBe(3);
  });

  it('a resumed import continues after the last committed batch', async () => {
    const lines = ['last_name,first_name,email'];
    for (let i = 0; i < 10; i++) lines.push(`Resume${i},R,resume${i}@example.com`);
    const id = importIdOf(
      await manager.upload(
        '/imports',
        { entity: 'contacts' },
        { name: 'r.csv', content: Buffer.from(lines.join('\n')) },
      ),
    );
    // As if an earlier run had committed the first 4 rows and then crashed.
    await env.deps.db
      .updateTable('imports')
      .set({ processedRows: 4, createdCount: 4 })
      .where('id', '=', id)
      .execute();
    await manager.post(`/imports/${id}/start`);
    expect(await waitDone(env, id)).toMatchObject({ state: 'done', totalRows: 10, createdCount: 10 });
    const made = await env.deps.db
      .selectFrom('contacts')
      .select('email')
      .where('email', 'like', 'resume%')
      .execute();
    expect(made.map((r) => r.email).sort()).toEqual([4, 5, 6, 7, 8, 9].map((i) => `resume${i}@example.com`));
  });

  it('imports orders from .xlsx with historical dates and localised statuses', async () => {
    const file = await xlsx([
      ['Email клиента', 'Товар', 'Кол-во', 'Цена', 'Статус', 'Дата'],
      ['ivan.petrov@example.ru', 'Подписка', 2, '1500.50', 'Выполнен', '17.12.2024 21:00'],
      ['anna.s@example.ru', 'Курс', 1, 990, 'Pending', new Date(Date.UTC(2025, 0, 15))],
      ['nobody@example.ru', 'Курс', 1, 990, '', ''],
      ['anna.s@example.ru', 'Курс', 0, -1, '', ''],
    ]);
    const up = await manager.upload(
      '/imports',
      { entity: 'orders' },
      {
        name: 'orders.xlsx',
        content: file,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    );
    const id = importIdOf(up);
    const page = await manager.get(`/imports/${id}`);
    expect(page.body).toContain('XLSX');
    expect(page.body).toMatch(/data-preview-line="5" data-ok="false"/);
    await manager.post(`/imports/${id}/start`);
    expect(await waitDone(env, id)).toMatchObject({ createdCount: 2, errorCount: 2 });
    const orders = await env.deps.db.selectFrom('orders').selectAll().orderBy('id').execute();
    expect(orders.map((o) => [o.product, o.quantity, Number(o.totalCents), o.status, o.createdAt])).toEqual([
      // 21:00 in Moscow (UTC+3) is 18:00 UTC.
      ['Подписка', 2, 300100, 'Completed', '2024-12-17T18:00:00.000Z'],
      ['Курс', 1, 99000, 'Pending', '2025-01-14T21:00:00.000Z'],
    ]);
  });

  it('exports contacts as CSV (formulas neutralised) and XLSX (text cells, never formulas), and the export re-imports cleanly', async () => {
    const ctx = env.ctx();
    const me = await env.deps.db
      .selectFrom('users')
      .select('id')
      .where('username', 'like', 'user%')
      .executeTakeFirstOrThrow();
    await env.deps.db
      .insertInto('contacts')
      .values({
        firstName: '=HYPERLINK("http://evil")',
        lastName: '@Evil',
        middleName: '',
        mobilePhone: '+79005550000',
        email: 'evil@example.com',
        status: 'lead',
        assignedUserId: null,
        nextInteractionOn: null,
        searchText: 'evil',
        createdBy: me.id,
        createdAt: ctx.clock.now().toISOString(),
        updatedAt: ctx.clock.now().toISOString(),
      })
      .execute();

    const csv = await manager.get('/contacts/export?format=csv&sort=id&dir=asc');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.headers['content-disposition']).toMatch(/contacts-\d{4}-\d{2}-\d{2}\.csv/);
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.body).toContain(`'@Evil,"'=HYPERLINK(""http://evil"")"`);
    expect(csv.body).toContain("'+79005550000");
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + (await countRows(env, 'contacts')));

    const filtered = await manager.get('/contacts/export?format=csv&status=closed');
    expect(filtered.body.trim().split('\r\n')).toHaveLength(2);
    expect(filtered.body).toContain('petr@example.ru');

    const x = await manager.get('/contacts/export?format=xlsx');
    expect(x.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getRow(1).values).toContain('Email');
    const cells = ws.getSheetValues().flat().map(String);
    // A string cell is never run: the name is kept as typed, without an apostrophe.
    expect(cells).toContain('=HYPERLINK("http://evil")');
    expect(cells).toContain('ivan.petrov@example.ru');
    ws.eachRow((row) => {
      row.eachCell((cell) => expect(cell.type).not.toBe(ExcelJS.ValueType.Formula));
    });

    // Round trip: the CSV export goes back in as an update of the same contacts.
    const total = await countRows(env, 'contacts');
    const id = importIdOf(
      await manager.upload('/imports', { entity: 'contacts' }, { name: 'back.csv', content: csv.rawPayload }),
    );
    await manager.post(`/imports/${id}/start`);
    expect(await waitDone(env, id)).toMatchObject({ errorCount: 0, createdCount: 0, updatedCount: total });
    const evil = await env.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'evil@example.com')
      .executeTakeFirstOrThrow();
    expect(evil.firstName).toBe('=HYPERLINK("http://evil")');
    expect(await countRows(env, 'contacts')).toBe(total);
  });

  it('exports orders (API and page) and keeps imports and exports to managers', async () => {
    const orders = await manager.get('/orders/export?format=csv&status=Completed');
    expect(orders.body).toContain('Подписка');
    expect(orders.body).not.toContain('Курс');
    expect(orders.body).toContain('1500.50,3001.00');

    expect((await operator.get('/contacts/export?format=csv')).statusCode).toBe(403);
    expect((await operator.get('/orders/export?format=xlsx')).statusCode).toBe(403);
    const refused = await operator.upload(
      '/imports',
      { entity: 'contacts' },
      { name: 'x.csv', content: Buffer.from('a,b\n1,2\n') },
    );
    expect(refused.statusCode).toBe(403);
    const activity = await env.deps.db
      .selectFrom('activityLog')
      .select('action')
      .where('action', '=', 'export.downloaded')
      .execute();
    expect(activity.length).toBeGreaterThanOrEqual(4);
  });

  it('refuses files that are not tables, with the reason on the form', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const res = await manager.upload('/imports', { entity: 'contacts' }, { name: 'photo.csv', content: png });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-error');
    expect(res.body).toContain('image/png');
    const empty = await manager.upload(
      '/imports',
      { entity: 'contacts' },
      { name: 'empty.csv', content: Buffer.from('\n\n') },
    );
    expect(empty.body).toContain('data-error');
  });

  it('reads a UTF-16 CSV as Excel saves "Unicode text" (not refused as audio/mpeg), in either byte order', async () => {
    const text = 'Фамилия\tИмя\tEmail\r\nЮникодова\tАнна\tanna.utf16@example.ru\r\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le);
    be.swap16();
    for (const [name, content, encoding] of [
      ['le.csv', le, 'utf-16le'],
      ['be.csv', be, 'utf-16be'],
    ] as const) {
      const up = await manager.upload('/imports', { entity: 'contacts' }, { name, content });
      expect(up.statusCode).toBe(204);
      const page = await manager.get(`/imports/${importIdOf(up)}`);
      expect(page.body).toMatch(new RegExp(`<option value="${encoding}" selected`));
      expect(page.body).toContain('Юникодова');
      expect(page.body).toContain('anna.utf16@example.ru');
    }
  });

  it('refuses a workbook unpacking into a huge cell and a CSV of 100,000 columns, with the reason, in a small page', async () => {
    const before = await countRows(env, 'imports');
    const bomb = await xlsx([['email'], ['x'.repeat(20 * 1024 * 1024)]]);
    const refused = await manager.upload(
      '/imports',
      { entity: 'contacts' },
      {
        name: 'bomb.xlsx',
        content: bomb,
        type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      },
    );
    expect(refused.body).toContain('data-error');
    expect(refused.body).toContain('longer than 32767 characters');
    expect(refused.body.length).toBeLessThan(20_000);
    const wide = Buffer.from(`${Array.from({ length: 100_000 }, (_, i) => `c${i}`).join(',')}\nx\n`);
    const tooWide = await manager.upload(
      '/imports',
      { entity: 'contacts' },
      { name: 'wide.csv', content: wide },
    );
    expect(tooWide.body).toContain('Row 1 has 100000 columns; a file may have at most 200.');
    expect(tooWide.body.length).toBeLessThan(20_000);
    expect(await countRows(env, 'imports')).toBe(before);
  });

  it('shows at most 100 characters of a cell in the preview', async () => {
    const long = 'й'.repeat(30_000);
    const lines = ['last_name,first_name,email,note1,note2'];
    for (let i = 0; i < 30; i++) lines.push(`L${i},F,l${i}@example.com,${long},${long}`);
    const id = importIdOf(
      await manager.upload(
        '/imports',
        { entity: 'contacts' },
        { name: 'long.csv', content: Buffer.from(lines.join('\n')) },
      ),
    );
    const page = await manager.get(`/imports/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(`${'й'.repeat(99)}…`);
    expect(page.body).not.toContain('й'.repeat(101));
    expect(page.body.length).toBeLessThan(200_000);
  });

  /** An orders CSV of `n` rows of `product` for a contact the first test imported. */
  const ordersCsv = (n: number, product: string) => {
    const lines = ['contact_email,product,quantity,price'];
    for (let i = 0; i < n; i++) lines.push(`ivan.petrov@example.ru,${product},1,10`);
    return Buffer.from(lines.join('\n'));
  };
  const countOrders = async (product: string) =>
    Number(
      (
        await env.deps.db
          .selectFrom('orders')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('product', '=', product)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('two runs of one import at the same time write every row once', async () => {
    const product = `Twice ${env.dialect}`;
    const id = importIdOf(
      await manager.upload(
        '/imports',
        { entity: 'orders' },
        { name: 'twice.csv', content: ordersCsv(1200, product) },
      ),
    );
    // As when a job is taken back from a worker that was slow, not dead: both runs go on.
    await env.deps.db.updateTable('imports').set({ state: 'queued' }).where('id', '=', id).execute();
    const runs = await Promise.allSettled([runImport(env.ctx(), id), runImport(env.ctx(), id)]);
    expect(runs.some((r) => r.status === 'fulfilled')).toBe(true);
    expect(await countOrders(product)).toBe(1200);
    expect(await waitDone(env, id)).toMatchObject({ state: 'done', processedRows: 1200, createdCount: 1200 });
  });

  it('an admin cancels a running import: it stops between batches; its retried job finishes it, every row once', async () => {
    const product = `Cancelled ${env.dialect}`;
    const n = 20_000;
    const id = importIdOf(
      await manager.upload(
        '/imports',
        { entity: 'orders' },
        { name: 'big.csv', content: ordersCsv(n, product) },
      ),
    );
    const admin = new Browser(env.app);
    const a = await makeUser(env, { roles: ['admin'] });
    await admin.login(a.username, a.password);
    await manager.post(`/imports/${id}/start`);
    const row = () =>
      env.deps.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    await eventually(async () => (await row()).processedRows > 0, 20_000);
    const running = await env.deps.jobs.list({ state: 'running' }, { page: 1, perPage: 100 });
    const job = running.items.find((j) => (j.payload as { id: number }).id === id)!;
    expect((await admin.post(`/admin/jobs/${job.id}/cancel`)).statusCode).toBe(303);

    const stopped = await waitDone(env, id);
    expect(stopped).toMatchObject({ state: 'failed', failure: CANCELLED_ERROR });
    // It stopped between batches: nothing more is written after a while.
    await new Promise((r) => setTimeout(r, 500));
    const later = await row();
    expect(later.processedRows).toBeLessThan(n);
    expect(await countOrders(product)).toBe(later.processedRows);
    expect((await manager.get(`/imports/${id}`)).body).toContain('Cancelled by an administrator');

    expect((await admin.post(`/admin/jobs/${job.id}/retry`)).statusCode).toBe(303);
    await eventually(async () => (await row()).state === 'done', 60_000);
    expect(await row()).toMatchObject({ processedRows: n, createdCount: n, failure: null });
    expect(await countOrders(product)).toBe(n);
  });
});
