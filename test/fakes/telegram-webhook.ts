/**
 * The fake Bot API's webhook side: while a webhook is set, each queued update is POSTed to it, one at a time and
 * in order, with `X-Telegram-Bot-Api-Secret-Token` when a secret was given; an update leaves the queue on a 2xx,
 * otherwise the error is kept for getWebhookInfo and the same update is tried again after a pause.
 */
import type { Update } from 'grammy/types';

export interface WebhookDelivery {
  update_id: number;
  url: string;
  /** HTTP status of the webhook's answer, 0 when the connection failed. */
  status: number;
  at: number;
  error?: string;
}

export interface Webhook {
  url: string;
  secret?: string;
  lastError?: { date: number; message: string };
}

export class WebhookPusher {
  hook: Webhook | undefined;
  readonly deliveries: WebhookDelivery[] = [];
  private running = false;
  stopped = false;

  constructor(
    private readonly queue: () => Update[],
    private readonly retryMs: number,
  ) {}

  /** Delivers until the queue is empty or the webhook is removed (a second call while running does nothing). */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.hook && !this.stopped) {
        const hook = this.hook;
        const queue = this.queue();
        const update = queue[0];
        if (!update) break;
        const record = await this.post(hook, update);
        this.deliveries.push(record);
        if (record.error === undefined) {
          if (queue[0] === update) queue.shift();
        } else {
          hook.lastError = { date: Math.floor(Date.now() / 1000), message: record.error };
          await new Promise((r) => setTimeout(r, this.retryMs));
        }
      }
    } finally {
      this.running = false;
    }
  }

  private async post(hook: Webhook, update: Update): Promise<WebhookDelivery> {
    const record: WebhookDelivery = { update_id: update.update_id, url: hook.url, status: 0, at: Date.now() };
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(hook.secret ? { 'x-telegram-bot-api-secret-token': hook.secret } : {}),
        },
        body: JSON.stringify(update),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      record.status = res.status;
      if (!res.ok) record.error = `Wrong response from the webhook: ${res.status} ${res.statusText}`;
    } catch (err) {
      const cause = (err as Error).cause as { code?: string } | undefined;
      record.error = `Connection failed: ${cause?.code ?? (err as Error).message}`;
    }
    return record;
  }
}
