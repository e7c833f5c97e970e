/**
 * A fake Telegram Bot API server on 127.0.0.1 that grammY's real client talks to
 * (`new Bot(token, { client: { apiRoot: fake.url } })`, or Sova's `TELEGRAM_API_ROOT`).
 *
 * It speaks the Bot API's shape: `/bot<token>/<method>` (GET or POST; query, JSON, urlencoded or multipart
 * parameters; method names case-insensitive), answers `{ok:true,result}` or `{ok:false,error_code,description,
 * parameters?}`, serves files at `/file/bot<token>/<file_path>`. Supported: getMe; getUpdates (long polling with
 * offset/limit/timeout, allowed_updates recorded but not applied; a newer poll ends a held one with 409 as
 * Telegram does); setWebhook/deleteWebhook/getWebhookInfo (see telegram-webhook.ts; getUpdates answers 409 while
 * a webhook is set); sendMessage, sendPhoto, sendDocument (multipart upload, a known file_id or an http(s) URL);
 * sendChatAction; getFile; a few methods answering `true` (setMyCommands, answerCallbackQuery…). A wrong token
 * gets 401 Unauthorized, an unknown method 404. Every call is recorded. Webhook reply bodies (a method in the
 * webhook's answer) are ignored.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Update, UserFromGetMe } from 'grammy/types';
import { FailureQueue, LoopbackServer, type Part, readBody, sendJson, waitUntil } from './http.js';
import { FileStore, privateChat, type StoredFile, type TgUser, UpdateBuilder } from './telegram-updates.js';
import { type WebhookDelivery, WebhookPusher } from './telegram-webhook.js';
import { ApiError, bad, bool, errorBody, failureError, num, readParams } from './telegram-wire.js';

export type { StoredFile, TgUser } from './telegram-updates.js';
export type { WebhookDelivery } from './telegram-webhook.js';

export interface TelegramCall {
  /** As the client spelled it, e.g. `sendMessage`. */
  method: string;
  /** Parameters from query and body (form values stay strings, JSON objects in them are parsed). */
  params: Record<string, unknown>;
  /** Uploaded files by parameter name (`attach://` references resolved). */
  files: Record<string, Part>;
  /** Arrival time (ms since epoch). */
  at: number;
  /** HTTP status answered (0 while a long poll is held). */
  status: number;
  ok: boolean;
}

export interface TelegramFailure {
  status: number;
  description?: string;
  /** Seconds, sent as `parameters.retry_after` (with 429). */
  retry_after?: number;
  /** How many calls fail (default 1). */
  times?: number;
}

export interface FakeTelegramOptions {
  token?: string;
  username?: string;
  /** Pause before re-delivering an update the webhook refused (ms, default 100). */
  webhookRetryMs?: number;
  now?: () => number;
}

const CHAT_ACTIONS = new Set(
  'typing upload_photo record_video upload_video record_voice upload_voice upload_document choose_sticker find_location record_video_note upload_video_note'.split(
    ' ',
  ),
);
const TRUE_METHODS = ['setmycommands', 'deletemycommands', 'answercallbackquery', 'setchatmenubutton'];
const NOT_FOUND = { ok: false, error_code: 404, description: 'Not Found' };

export class FakeTelegram {
  readonly token: string;
  readonly me: UserFromGetMe;
  readonly files = new FileStore();
  /** Builders of updates (ids assigned, files registered) not queued yet: `fake.pushUpdate(fake.build.text(…))`. */
  readonly build: UpdateBuilder;
  private readonly server = new LoopbackServer((req, res) => this.handle(req, res));
  private readonly recorded: TelegramCall[] = [];
  private readonly failures = new FailureQueue<TelegramFailure>();
  private readonly blocked = new Set<number>();
  private readonly users = new Map<number, TgUser>();
  private readonly webhook: WebhookPusher;
  private queue: Update[] = [];
  private poll: { answer: (status: number, body: object) => void; limit: number } | undefined;

  constructor(private readonly opts: FakeTelegramOptions = {}) {
    this.token = opts.token ?? '123456789:TEST-fake-token_abcdefghijklmnopqrstu';
    this.me = {
      id: Number(this.token.split(':')[0]),
      is_bot: true,
      first_name: 'Sova Test Bot',
      username: opts.username ?? 'sova_test_bot',
      can_join_groups: true,
      can_read_all_group_messages: false,
      supports_inline_queries: false,
      can_connect_to_business: false,
      has_main_web_app: false,
      has_topics_enabled: false,
      allows_users_to_create_topics: false,
      can_manage_bots: false,
      supports_join_request_queries: false,
    };
    this.build = new UpdateBuilder(this.files, opts.now ?? Date.now);
    this.webhook = new WebhookPusher(() => this.queue, opts.webhookRetryMs ?? 100);
  }

  /** The API root for grammY's `client.apiRoot` (no trailing slash). */
  get url() {
    return this.server.origin;
  }

  /** The settings a Sova process needs to use this server. */
  get env(): Record<string, string> {
    return { TELEGRAM_API_ROOT: this.url, TELEGRAM_BOT_TOKEN: this.token };
  }

  async start(): Promise<this> {
    await this.server.up();
    return this;
  }

  /** Queues an update (an `update_id` is assigned when missing); a held long poll or the webhook receives it. */
  pushUpdate(update: Omit<Update, 'update_id'> & { update_id?: number }): Update {
    const full = { ...update, update_id: update.update_id ?? this.build.nextUpdateId() } as Update;
    const from = full.message?.from ?? full.callback_query?.from;
    if (from && !from.is_bot) this.users.set(from.id, from);
    this.queue.push(full);
    if (this.webhook.hook) void this.webhook.run();
    else this.poll?.answer(200, { ok: true, result: this.queue.slice(0, this.poll.limit) });
    return full;
  }

  pushText = (from: TgUser, text: string) => this.pushUpdate(this.build.text(from, text));
  pushStart = (from: TgUser, payload?: string) => this.pushUpdate(this.build.start(from, payload));
  pushPhoto = (from: TgUser, content: Buffer, opts?: { caption?: string }) =>
    this.pushUpdate(this.build.photo(from, content, opts));
  pushDocument = (
    from: TgUser,
    content: Buffer,
    opts: { fileName: string; mimeType?: string; caption?: string },
  ) => this.pushUpdate(this.build.document(from, content, opts));
  pushCallback = (from: TgUser, data: string) => this.pushUpdate(this.build.callback(from, data));

  /** The next `times` (default 1) calls of `method` answer this error instead of working. */
  failNext(method: string, failure: TelegramFailure): void {
    this.failures.add(method.toLowerCase(), failure.times ?? 1, failure);
  }

  /** Messages to `chatId` now answer 403 "bot was blocked by the user". */
  block(chatId: number): void {
    this.blocked.add(chatId);
  }

  /** Every call so far, or those of `method` (case-insensitive), errors included (see `ok`). */
  calls(method?: string): TelegramCall[] {
    const m = method?.toLowerCase();
    return this.recorded.filter((c) => m === undefined || c.method.toLowerCase() === m);
  }

  /** Texts of the messages the bot sent to `chatId` successfully, in order. */
  textsTo(chatId: number): string[] {
    return this.calls('sendMessage')
      .filter((c) => c.ok && Number(c.params.chat_id) === chatId)
      .map((c) => String(c.params.text));
  }

  /** Resolves with the first truthy value of `predicate(fake)`, or rejects after `timeoutMs`. */
  waitFor<T>(predicate: (fake: this) => T | undefined | null | false, timeoutMs = 5000): Promise<T> {
    return waitUntil(() => predicate(this), timeoutMs, 'fake Telegram condition');
  }

  /** Updates not yet confirmed (by a later getUpdates offset, or a 2xx from the webhook). */
  get pending(): readonly Update[] {
    return this.queue;
  }

  /** Every POST to the webhook so far, refused ones included. */
  get deliveries(): readonly WebhookDelivery[] {
    return this.webhook.deliveries;
  }

  async close(): Promise<void> {
    this.webhook.stopped = true;
    this.poll?.answer(200, { ok: true, result: [] });
    await this.server.down();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const file = /^\/file\/bot([^/]+)\/(.+)$/.exec(url.pathname);
    if (file) return this.serveFile(res, file[1]!, decodeURIComponent(file[2]!));
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    if (!route) return sendJson(res, 404, NOT_FOUND);
    const body = await readBody(req);
    const call: TelegramCall = {
      method: route[2]!,
      params: {},
      files: {},
      at: Date.now(),
      status: 0,
      ok: false,
    };
    this.recorded.push(call);
    const answer = (status: number, payload: object) => {
      if (call.status !== 0) return;
      call.status = status;
      call.ok = status === 200;
      if (!res.writableEnded) sendJson(res, status, payload);
    };
    try {
      Object.assign(call, readParams(url, req.headers['content-type'] ?? '', body));
      if (route[1] !== this.token) throw new ApiError(401, 'Unauthorized');
      const failure = this.failures.take(call.method.toLowerCase());
      if (failure) throw failureError(failure);
      if (call.method.toLowerCase() === 'getupdates') this.getUpdates(call, res, answer);
      else answer(200, { ok: true, result: this.dispatch(call) });
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      answer(err.status, errorBody(err));
    }
  }

  private serveFile(res: ServerResponse, token: string, path: string): void {
    const file = this.files.byPath(path);
    if (token !== this.token) sendJson(res, 401, errorBody(new ApiError(401, 'Unauthorized')));
    else if (!file) sendJson(res, 404, NOT_FOUND);
    else {
      res.writeHead(200, {
        'content-type': 'application/octet-stream',
        'content-length': file.content.length,
      });
      res.end(file.content);
    }
  }

  private getUpdates(
    call: TelegramCall,
    res: ServerResponse,
    answer: (status: number, body: object) => void,
  ) {
    if (this.webhook.hook)
      throw new ApiError(
        409,
        "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
      );
    const p = call.params;
    const offset = num(p.offset) ?? 0;
    if (offset > 0) this.queue = this.queue.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.queue = this.queue.slice(offset);
    const limit = Math.min(Math.max(num(p.limit) ?? 100, 1), 100);
    const timeout = num(p.timeout) ?? 0;
    this.poll?.answer(409, {
      ok: false,
      error_code: 409,
      description:
        'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
    });
    if (this.queue.length > 0 || timeout <= 0 || this.webhook.stopped) {
      answer(200, { ok: true, result: this.queue.slice(0, limit) });
      return;
    }
    const poll = {
      limit,
      answer: (status: number, body: object) => {
        clearTimeout(timer);
        res.off('close', gone);
        if (this.poll === poll) this.poll = undefined;
        answer(status, body);
      },
    };
    const timer = setTimeout(() => poll.answer(200, { ok: true, result: [] }), timeout * 1000);
    // The client gave up (grammY's bot.stop() aborts its pending poll): 499 as nginx logs it, never sent.
    const gone = () =>
      poll.answer(499, { ok: false, error_code: 499, description: 'client closed the request' });
    res.on('close', gone);
    this.poll = poll;
  }

  private dispatch(call: TelegramCall): unknown {
    const p = call.params;
    switch (call.method.toLowerCase()) {
      case 'getme':
        return this.me;
      case 'setwebhook':
        return this.setWebhook(p);
      case 'deletewebhook':
        if (bool(p.drop_pending_updates)) this.queue = [];
        this.webhook.hook = undefined;
        return true;
      case 'getwebhookinfo': {
        const error = this.webhook.hook?.lastError;
        return {
          url: this.webhook.hook?.url ?? '',
          has_custom_certificate: false,
          pending_update_count: this.queue.length,
          ...(error ? { last_error_date: error.date, last_error_message: error.message } : {}),
        };
      }
      case 'sendmessage': {
        const text = String(p.text ?? '');
        if (text.trim() === '') throw bad('message text is empty');
        if (text.length > 4096) throw bad('message is too long');
        return this.sent(p, { text });
      }
      case 'sendphoto': {
        const file = this.inputFile(call, 'photo', 'photos');
        return this.sent(p, { photo: this.files.photoSizes(file), ...this.caption(p) });
      }
      case 'senddocument': {
        const file = this.inputFile(call, 'document', 'documents');
        return this.sent(p, { document: this.files.document(file), ...this.caption(p) });
      }
      case 'sendchataction':
        this.chatOf(p);
        if (!CHAT_ACTIONS.has(String(p.action))) throw bad('wrong parameter action in request');
        return true;
      case 'getfile': {
        const file = this.files.get(String(p.file_id ?? ''));
        if (!file) throw bad('invalid file_id');
        if (file.content.length > 20 * 1024 * 1024) throw bad('file is too big');
        const { file_id, file_unique_id, file_size, file_path } = file;
        return { file_id, file_unique_id, file_size, file_path };
      }
      default:
        if (TRUE_METHODS.includes(call.method.toLowerCase())) return true;
        throw new ApiError(404, 'Not Found');
    }
  }

  private setWebhook(p: Record<string, unknown>): true {
    const url = String(p.url ?? '');
    const secret = p.secret_token === undefined ? undefined : String(p.secret_token);
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
      throw bad('secret token contains unallowed characters');
    // Telegram wants HTTPS on a public address; the fake takes plain HTTP so tests can use 127.0.0.1.
    if (url !== '' && !/^https?:\/\//.test(url))
      throw bad('bad webhook: An HTTPS URL must be provided for webhook');
    if (bool(p.drop_pending_updates)) this.queue = [];
    this.webhook.hook = url === '' ? undefined : { url, ...(secret === undefined ? {} : { secret }) };
    if (this.webhook.hook) {
      this.poll?.answer(409, { ok: false, error_code: 409, description: 'Conflict: webhook was set' });
      void this.webhook.run();
    }
    return true;
  }

  private chatOf(p: Record<string, unknown>) {
    const id = num(p.chat_id);
    if (id === undefined) throw bad('chat_id is empty');
    if (!Number.isInteger(id)) throw bad('chat not found');
    if (this.blocked.has(id)) throw new ApiError(403, 'Forbidden: bot was blocked by the user');
    return privateChat(this.users.get(id), id);
  }

  private caption(p: Record<string, unknown>) {
    if (p.caption === undefined) return {};
    const caption = String(p.caption);
    if (caption.length > 1024) throw bad('message caption is too long');
    return { caption };
  }

  private sent(p: Record<string, unknown>, content: object) {
    const { id, first_name, username } = this.me;
    return {
      message_id: this.build.nextMessageId(),
      date: Math.floor((this.opts.now ?? Date.now)() / 1000),
      chat: this.chatOf(p),
      from: { id, is_bot: true, first_name, username },
      ...content,
    };
  }

  /** The file a send method names: an upload (its part, or `attach://<part>`), a known file_id, or a URL. */
  private inputFile(call: TelegramCall, key: string, kind: string): StoredFile {
    const value = call.params[key];
    const ref = typeof value === 'string' && value.startsWith('attach://') ? value.slice(9) : key;
    const upload = call.files[ref];
    if (upload) {
      call.files[key] = upload;
      const fileName = upload.filename ?? `${key}.dat`;
      return this.files.add(upload.data, { kind, ...(kind === 'documents' ? { fileName } : {}) });
    }
    if (typeof value !== 'string' || value === '') throw bad(`there is no ${key} in the request`);
    const known = this.files.get(value);
    if (known) return known;
    if (!/^https?:\/\//.test(value)) throw bad('wrong file identifier/HTTP URL specified');
    const fileName = new URL(value).pathname.split('/').pop() || 'file';
    return Object.assign(this.files.add(Buffer.alloc(0), { kind, fileName }), { source_url: value });
  }
}

/** Starts a fake Bot API server on 127.0.0.1 (a free port). */
export const startFakeTelegram = (opts: FakeTelegramOptions = {}) => new FakeTelegram(opts).start();
