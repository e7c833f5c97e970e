import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Bot, GrammyError, InputFile, webhookCallback } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeTelegram, startFakeTelegram, type TgUser } from './telegram.js';

const ivan: TgUser = { id: 5001, first_name: 'Иван', last_name: 'Петров', username: 'ivan_p' };
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(300, 7)]);

let fake: FakeTelegram;
let bot: Bot;
beforeEach(async () => {
  fake = await startFakeTelegram();
  bot = new Bot(fake.token, { client: { apiRoot: fake.url } });
});
afterEach(async () => {
  if (bot.isRunning()) await bot.stop();
  await fake.close();
});

const raw = async (method: string, params: object = {}, token = fake.token) => {
  const res = await fetch(`${fake.url}/bot${token}/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(params),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('fake Telegram Bot API with grammY', () => {
  it('answers getMe and refuses a wrong token with 401 Unauthorized', async () => {
    const me = await bot.api.getMe();
    expect(me).toMatchObject({ id: 123456789, is_bot: true, username: 'sova_test_bot' });
    const wrong = new Bot('123456789:wrong', { client: { apiRoot: fake.url } });
    const err = await wrong.api.getMe().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(401);
    expect((err as GrammyError).description).toBe('Unauthorized');
    expect(fake.calls('getMe').map((c) => c.ok)).toEqual([true, false]);
  });

  it('records sendMessage with its parameters and answers a Message', async () => {
    const before = Date.now();
    const msg = await bot.api.sendMessage(ivan.id, 'Здравствуйте!', {
      reply_markup: { inline_keyboard: [[{ text: 'Зарегистрироваться в CRM', callback_data: 'register' }]] },
    });
    expect(msg).toMatchObject({ chat: { id: ivan.id, type: 'private' }, text: 'Здравствуйте!' });
    const [call] = fake.calls('sendMessage');
    expect(call!.params).toMatchObject({ chat_id: ivan.id, text: 'Здравствуйте!' });
    expect(call!.params.reply_markup).toEqual({
      inline_keyboard: [[{ text: 'Зарегистрироваться в CRM', callback_data: 'register' }]],
    });
    expect(call!.at).toBeGreaterThanOrEqual(before);
    expect(fake.textsTo(ivan.id)).toEqual(['Здравствуйте!']);
    await expect(bot.api.sendMessage(ivan.id, ' ')).rejects.toThrow('message text is empty');
  });

  it('shows a 429 to grammY as a GrammyError with parameters.retry_after, then works again', async () => {
    fake.failNext('sendMessage', { status: 429, retry_after: 3 });
    const err = (await bot.api.sendMessage(ivan.id, 'a').catch((e: unknown) => e)) as GrammyError;
    expect(err).toBeInstanceOf(GrammyError);
    expect(err.error_code).toBe(429);
    expect(err.parameters.retry_after).toBe(3);
    expect(err.description).toBe('Too Many Requests: retry after 3');
    await bot.api.sendMessage(ivan.id, 'a');
    expect(fake.calls('sendMessage').map((c) => c.status)).toEqual([429, 200]);
  });

  it('fails the next N calls with 500, and a blocked chat with 403', async () => {
    fake.failNext('sendMessage', { status: 500, times: 2 });
    for (let i = 0; i < 2; i += 1)
      await expect(bot.api.sendMessage(ivan.id, 'x')).rejects.toMatchObject({ error_code: 500 });
    await bot.api.sendMessage(ivan.id, 'x');
    fake.block(ivan.id);
    await expect(bot.api.sendMessage(ivan.id, 'y')).rejects.toMatchObject({
      error_code: 403,
      description: 'Forbidden: bot was blocked by the user',
    });
    expect(fake.textsTo(ivan.id)).toEqual(['x']);
  });

  it('takes photo and document uploads, file_ids and URLs, and serves what it got through getFile', async () => {
    const photo = await bot.api.sendPhoto(ivan.id, new InputFile(JPEG, 'shot.jpg'), { caption: 'Фото' });
    expect(fake.calls('sendPhoto')[0]!.files.photo!.data.equals(JPEG)).toBe(true);
    expect(photo.caption).toBe('Фото');
    const largest = photo.photo.at(-1)!;
    const file = await bot.api.getFile(largest.file_id);
    const served = await fetch(`${fake.url}/file/bot${fake.token}/${file.file_path}`);
    expect(Buffer.from(await served.arrayBuffer()).equals(JPEG)).toBe(true);
    expect((await fetch(`${fake.url}/file/botWRONG/${file.file_path}`)).status).toBe(401);
    // The first size is a thumbnail with other bytes: a bot taking photo[0] stores the wrong picture.
    const thumb = await bot.api.getFile(photo.photo[0]!.file_id);
    const small = await fetch(`${fake.url}/file/bot${fake.token}/${thumb.file_path}`);
    expect(Buffer.from(await small.arrayBuffer()).equals(JPEG)).toBe(false);

    const pdf = Buffer.from('%PDF-1.4 договор');
    const doc = await bot.api.sendDocument(ivan.id, new InputFile(pdf, 'Договор.pdf'));
    expect(doc.document).toMatchObject({
      file_name: 'Договор.pdf',
      mime_type: 'application/pdf',
      file_size: pdf.length,
    });
    const again = await bot.api.sendDocument(ivan.id, doc.document.file_id);
    expect(again.document.file_id).toBe(doc.document.file_id);
    const byUrl = await bot.api.sendDocument(ivan.id, 'https://example.test/files/price.xlsx');
    expect(byUrl.document.file_name).toBe('price.xlsx');
    await expect(bot.api.sendDocument(ivan.id, 'no-such-id')).rejects.toMatchObject({ error_code: 400 });
    await expect(bot.api.getFile('no-such-id')).rejects.toMatchObject({
      description: 'Bad Request: invalid file_id',
    });
    await bot.api.sendChatAction(ivan.id, 'typing');
    expect(fake.calls('sendChatAction')[0]!.params).toMatchObject({ chat_id: ivan.id, action: 'typing' });
  });

  it('delivers pushed updates to a polling bot.start(), photos and /start payloads included', async () => {
    const seen: string[] = [];
    bot.command('start', (ctx) => {
      seen.push(`start:${ctx.match}`);
    });
    bot.on('message:text', (ctx) => {
      seen.push(`text:${ctx.message.text}`);
    });
    bot.on('message:photo', async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${fake.url}/file/bot${fake.token}/${file.file_path}`);
      seen.push(`photo:${Buffer.from(await res.arrayBuffer()).equals(JPEG)}`);
    });
    void bot.start({ timeout: 5 });
    await fake.waitFor(() => fake.calls('getUpdates').some((c) => c.status === 0));
    fake.pushText(ivan, '8 999 123-45-67 Иванов Иван Иванович');
    fake.pushStart(ivan, 'login_abc123');
    fake.pushPhoto(ivan, JPEG);
    await fake.waitFor(() => seen.length === 3);
    expect(seen).toEqual(['text:8 999 123-45-67 Иванов Иван Иванович', 'start:login_abc123', 'photo:true']);
    await bot.stop();
    // stop() confirms what was handled: nothing stays pending.
    expect(fake.pending).toEqual([]);
    expect(fake.calls('deleteWebhook')).toHaveLength(1);
  });

  it('holds a long poll until an update arrives or the timeout ends; a newer poll ends the older with 409', async () => {
    const started = Date.now();
    const empty = await raw('getUpdates', { timeout: 1 });
    expect(empty.body).toEqual({ ok: true, result: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    const held = raw('getUpdates', { timeout: 10 });
    await fake.waitFor(() => fake.calls('getUpdates').some((c) => c.status === 0));
    const newer = raw('getUpdates', { timeout: 10 });
    expect((await held).status).toBe(409);
    const pushed = fake.pushText(ivan, 'hi');
    const got = await newer;
    expect(got.body.result).toEqual([pushed]);
    // Not confirmed yet: the same update again, until an offset past it.
    expect((await raw('getUpdates', {})).body.result).toEqual([pushed]);
    expect((await raw('getUpdates', { offset: pushed.update_id + 1 })).body.result).toEqual([]);
  });

  it('posts updates to a webhook with the secret header, retries a refusal, and refuses getUpdates meanwhile', async () => {
    const seen: string[] = [];
    const headers: IncomingHttpHeaders[] = [];
    bot.on('message:text', (ctx) => {
      seen.push(ctx.message.text);
    });
    const handle = webhookCallback(bot, 'http', { secretToken: 's3cret_token' });
    let refuse = 1;
    const hook: Server = createServer((req, res) => {
      headers.push(req.headers);
      if (refuse-- > 0) {
        res.writeHead(503).end();
        return;
      }
      void handle(req, res);
    });
    await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/api/telegram/webhook/`;
      await bot.api.setWebhook(url, { secret_token: 's3cret_token' });
      expect(await bot.api.getWebhookInfo()).toMatchObject({ url, pending_update_count: 0 });
      const update = fake.pushText(ivan, 'через вебхук');
      await fake.waitFor(() => seen.length === 1 && fake.deliveries.length === 2);
      expect(seen).toEqual(['через вебхук']);
      expect(headers.map((h) => h['x-telegram-bot-api-secret-token'])).toEqual([
        's3cret_token',
        's3cret_token',
      ]);
      expect(fake.deliveries.map((d) => [d.update_id, d.status])).toEqual([
        [update.update_id, 503],
        [update.update_id, 200],
      ]);
      const info = await bot.api.getWebhookInfo();
      expect(info.pending_update_count).toBe(0);
      expect(info.last_error_message).toContain('503');
      await expect(bot.api.getUpdates()).rejects.toMatchObject({ error_code: 409 });
      await bot.api.deleteWebhook();
      expect((await bot.api.getWebhookInfo()).url).toBe('');
      fake.pushText(ivan, 'снова опрос');
      expect((await bot.api.getUpdates()).map((u) => u.message?.text)).toEqual(['снова опрос']);
    } finally {
      await new Promise((r) => hook.close(r));
    }
  });

  it('answers unknown methods 404 and takes urlencoded parameters', async () => {
    expect((await raw('sendTelepathy')).status).toBe(404);
    const res = await fetch(`${fake.url}/bot${fake.token}/SENDMESSAGE`, {
      method: 'POST',
      body: new URLSearchParams({ chat_id: String(ivan.id), text: '[1,2]' }),
    });
    expect(res.status).toBe(200);
    expect(fake.textsTo(ivan.id)).toEqual(['[1,2]']);
  });
});
