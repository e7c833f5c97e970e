/**
 * Exports a spreadsheet user can use as they are: headers, statuses and names in the reader's language, money as
 * numbers (the currency's format in Excel, plain decimals in CSV), real date cells in the reader's zone (local
 * `YYYY-MM-DD HH:MM` in CSV), phones as text, widths fitted, one table per file. Files are read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDialect } from '../../test/env.js';
import { Browser, makeUser } from '../../test/http.js';

const workbook = async (payload: Buffer) => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(payload as unknown as ArrayBuffer);
  return wb;
};
const header = (ws: ExcelJS.Worksheet) => (ws.getRow(1).values as unknown[]).slice(1);
/** The first data row whose cells include `text`. */
const rowWith = (ws: ExcelJS.Worksheet, text: string) => {
  for (let r = 2; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    if ((row.values as unknown[]).includes(text)) return row;
  }
  throw new Error(`no row with ${text}`);
};
const csvLines = (body: string) =>
  body
    .replace(/^\ufeff/, '')
    .trimEnd()
    .split('\r\n');

describeEachDialect(
  'exports for spreadsheet users',
  (env) => {
    let manager: Browser;
    let contactId = 0;
    const ru = { 'accept-language': 'ru' };

    beforeAll(async () => {
      const m = await makeUser(env, { roles: ['manager'] });
      const olga = await makeUser(env, { roles: ['operator'] });
      await env.deps.db
        .updateTable('users')
        .set({ firstName: 'Ольга', lastName: 'Смирнова' })
        .where('id', '=', olga.id)
        .execute();
      manager = new Browser(env.app);
      // The manager's browser is in Vladivostok (UTC+10); the company's zone is Moscow.
      await manager.post('/login', {
        login: m.username,
        password: m.password,
        time_zone: 'Asia/Vladivostok',
        next: '/welcome',
      });
      const created = await manager.post('/contacts/new', {
        first_name: 'Пётр',
        last_name: 'Экспортов',
        email: 'export@example.ru',
        mobile_phone: '+79001112244',
        status: 'active',
        assigned_user_id: String(olga.id),
        next_interaction_on: '2026-12-01',
      });
      expect(created.statusCode).toBe(303);
      contactId = Number(/(\d+)$/.exec(String(created.headers.location))?.[1]);
      await env.deps.db
        .updateTable('contacts')
        .set({ createdAt: '2026-03-10T15:08:00.000Z', updatedAt: '2026-03-10T15:08:00.000Z' })
        .where('id', '=', contactId)
        .execute();
      const order = await env.app.inject({
        method: 'POST',
        url: '/api/v1/orders',
        headers: { cookie: manager.cookieHeader, 'x-csrf-token': manager.csrf },
        payload: { contact_id: contactId, product: 'Подписка', quantity: 2, price: '1500.50' },
      });
      expect(order.statusCode).toBe(201);
      await env.deps.db
        .updateTable('orders')
        .set({ createdAt: '2026-03-10T15:08:00.000Z' })
        .where('id', '=', order.json().id)
        .execute();
    });

    it('writes contacts with headers in the reader’s language, names, date cells of their clock and phones as text', async () => {
      const res = await manager.get('/contacts/export?format=xlsx', ru);
      const ws = (await workbook(res.rawPayload)).worksheets[0]!;
      expect(header(ws)).toEqual([
        'ID',
        'Фамилия',
        'Имя',
        'Отчество',
        'Эл. почта',
        'Мобильный телефон',
        'Статус',
        'Ответственный',
        'Следующий контакт',
        'Создан',
        'Изменён',
      ]);
      const row = rowWith(ws, 'export@example.ru');
      expect(row.getCell(1).value).toBe(contactId);
      expect(row.getCell(6).value).toBe('+79001112244');
      expect(row.getCell(6).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(7).value).toBe('Активный');
      expect(row.getCell(8).value).toBe('Ольга Смирнова');
      expect(row.getCell(9).value).toEqual(new Date('2026-12-01T00:00:00.000Z'));
      expect(row.getCell(9).numFmt).toBe('yyyy-mm-dd');
      // 15:08 UTC is 01:08 on the 11th in Vladivostok.
      expect(row.getCell(10).value).toEqual(new Date('2026-03-11T01:08:00.000Z'));
      expect(row.getCell(10).numFmt).toBe('yyyy-mm-dd hh:mm');
      // Widths fit what the columns hold: the email column is wider than its header.
      expect(ws.getColumn(5).width).toBeGreaterThanOrEqual('export@example.ru'.length);
      expect(ws.getColumn(10).width).toBeGreaterThanOrEqual(16);

      for (const [lang, first] of [
        ['en', 'ID,Last name,First name,Middle name,Email,Mobile phone,Status,Responsible'],
        ['fr', 'ID,Nom,Prénom,Deuxième prénom,E-mail,Téléphone mobile,Statut,Responsable'],
      ] as const) {
        const csv = csvLines(
          (await manager.get('/contacts/export?format=csv', { 'accept-language': lang })).body,
        );
        expect(csv[0]!.startsWith(first), lang).toBe(true);
      }
      const csv = csvLines((await manager.get('/contacts/export?format=csv', ru)).body);
      expect(csv.find((l) => l.includes('export@example.ru'))).toBe(
        `${contactId},Экспортов,Пётр,,export@example.ru,'+79001112244,Активный,Ольга Смирнова,2026-12-01,2026-03-11 01:08,2026-03-11 01:08`,
      );
    });

    it('writes orders’ money as numbers in the currency’s format (Excel) and plain decimals (CSV)', async () => {
      const ws = (await workbook((await manager.get('/orders/export?format=xlsx', ru)).rawPayload))
        .worksheets[0]!;
      expect(header(ws).slice(4, 8)).toEqual(['Товар', 'Количество', 'Цена', 'Сумма']);
      const row = rowWith(ws, 'Подписка');
      for (const [col, amount] of [
        [7, 1500.5],
        [8, 3001],
      ] as const) {
        expect(row.getCell(col).type).toBe(ExcelJS.ValueType.Number);
        expect(row.getCell(col).value).toBe(amount);
        expect(row.getCell(col).numFmt).toBe('#,##0.00" ₽"');
      }
      expect(row.getCell(10).value).toBe('В ожидании');
      expect(row.getCell(11).value).toEqual(new Date('2026-03-11T01:08:00.000Z'));
      const en = await workbook(
        (await manager.get('/orders/export?format=xlsx', { 'accept-language': 'en' })).rawPayload,
      );
      expect(rowWith(en.worksheets[0]!, 'Подписка').getCell(8).numFmt).toBe('"₽"#,##0.00');

      const csv = csvLines((await manager.get('/orders/export?format=csv', ru)).body);
      expect(csv.find((l) => l.includes('Подписка'))).toMatch(
        /,Подписка,2,1500\.50,3001\.00,,В ожидании,2026-03-11 01:08,$/,
      );
    });

    it('splits a report into one table per CSV file, and both as sheets of one workbook', async () => {
      const generated = await manager.post('/reports', { period: 'week' });
      expect(generated.statusCode).toBe(303);
      const id = (
        await env.deps.db.selectFrom('reports').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()
      ).id;
      const page = (await manager.get(`/reports/${id}`, ru)).body;
      for (const file of [`report_${id}.csv`, `report_${id}_days.csv`, `report_${id}.xlsx`])
        expect(page).toContain(`/reports/${id}/${file}`);

      const figures = csvLines((await manager.get(`/reports/${id}/report_${id}.csv`, ru)).body);
      expect(figures).toHaveLength(2);
      expect(figures[0]).toBe(
        'Период,С,По,Новые заказы,Новые контакты,Сумма заказов,Средний заказ,Выполнено,Создан',
      );
      const minute = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}';
      expect(figures[1]).toMatch(
        new RegExp(`^Неделя,${minute},${minute},\\d+,\\d+,\\d+\\.\\d{2},\\d+\\.\\d{2},\\d+,${minute}$`),
      );
      const days = csvLines((await manager.get(`/reports/${id}/report_${id}_days.csv`, ru)).body);
      expect(days[0]).toBe('День,Заказы,Выручка');
      expect(days.length).toBeGreaterThanOrEqual(8);
      for (const line of days.slice(1)) expect(line).toMatch(/^\d{4}-\d{2}-\d{2},\d+,\d+\.\d{2}$/);

      const wb = await workbook((await manager.get(`/reports/${id}/report_${id}.xlsx`, ru)).rawPayload);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['Показатели', 'По дням']);
      const sheet = wb.worksheets[0]!;
      expect(sheet.rowCount).toBe(2);
      expect(sheet.getRow(2).getCell(6).type).toBe(ExcelJS.ValueType.Number);
      expect(sheet.getRow(2).getCell(2).value).toBeInstanceOf(Date);
      expect(wb.worksheets[1]!.getRow(2).getCell(1).value).toBeInstanceOf(Date);
    });

    it('writes a call’s time as a date cell of the reader’s clock in seed 004’s export', async () => {
      const logged = await manager.post('/calls/new', {
        company_name: 'Export Clock',
        lead_result: 'none',
        called_at: '2026-03-11T01:08',
      });
      expect(logged.statusCode).toBe(303);
      const res = await manager.get('/calls/export?format=xlsx', ru);
      expect(String(res.headers['content-disposition'])).toMatch(/PME_Transformation_consolidee_\d{8}\.xlsx/);
      const row = rowWith((await workbook(res.rawPayload)).worksheets[0]!, 'Export Clock');
      expect(row.getCell(15).value).toEqual(new Date('2026-03-11T01:08:00.000Z'));
    });
  },
  { TIME_ZONE: 'Europe/Moscow' },
);
