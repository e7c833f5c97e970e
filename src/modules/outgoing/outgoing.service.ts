/**
 * Requests to external services (processing services, webhooks, Telegram is separate). Each try is bounded by
 * a timeout and recorded in `http_attempts` (status, duration, error) for admins; retries go through the job
 * queue, so an outage of the other side delays delivery and loses nothing. Bodies may be signed with HMAC so
 * the receiver can check they come from this Sova.
 */

import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { type Ctx, nowIso } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import type { PageRequest } from '../../platform/db/sql.js';
import { pageOf } from '../../platform/db/sql.js';
import { defineJob, errorText, PermanentJobError } from '../../platform/jobs/jobs.js';
import * as outgoingRepo from './outgoing.repo.js';

export interface OutgoingRequest {
  /** What the call is for (shown to admins, used as a filter), e.g. `uploads.processing`. */
  purpose: string;
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  /** Sent as is; objects are sent as JSON. */
  body?: string | Record<string, unknown>;
  /** Adds `X-Sova-Timestamp` and `X-Sova-Signature: sha256=<hex>` over `<timestamp>.<body>`. */
  sign?: boolean;
}

export interface OutgoingResponse {
  status: number;
  headers: Headers;
  text: string;
  durationMs: number;
}

/** The signature a receiver recomputes: HMAC-SHA256 of `${timestamp}.${body}` with the shared secret. */
export const signPayload = (secret: string, timestamp: string, body: string) =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;

/** Strips credentials and query strings from URLs before they are stored or logged. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    const query = u.search ? '?…' : '';
    u.search = '';
    u.hash = '';
    return `${u.toString()}${query}`;
  } catch {
    return url.slice(0, 200);
  }
}

/**
 * Makes one try of `request` and records it. Resolves with the response whatever its status; rejects on a
 * timeout or network error (also recorded). Never call inside a transaction.
 */
export async function callExternal(
  ctx: Ctx,
  request: OutgoingRequest,
  attempt: { number: number; jobId: string | null } = { number: 1, jobId: null },
): Promise<OutgoingResponse> {
  const method = request.method ?? 'POST';
  const body =
    request.body === undefined
      ? undefined
      : typeof request.body === 'string'
        ? request.body
        : JSON.stringify(request.body);
  const headers: Record<string, string> = { 'user-agent': 'Sova', ...request.headers };
  if (typeof request.body === 'object') headers['content-type'] ??= 'application/json';
  if (request.sign) {
    const timestamp = String(Math.floor(ctx.clock.now().getTime() / 1000));
    headers['x-sova-timestamp'] = timestamp;
    headers['x-sova-signature'] = signPayload(ctx.config.outgoing.signingSecret, timestamp, body ?? '');
  }
  const started = performance.now();
  const record = (status: number | null, error: string | null) =>
    outgoingRepo.insert(ctx.db, {
      purpose: request.purpose,
      method,
      url: redactUrl(request.url),
      status,
      durationMs: Math.round(performance.now() - started),
      error,
      attempt: attempt.number,
      jobId: attempt.jobId,
      createdAt: nowIso(ctx),
    });
  try {
    const res = await fetch(request.url, {
      method,
      headers,
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(ctx.config.outgoing.timeoutMs),
    });
    const text = await res.text();
    await record(res.status, res.ok ? null : text.slice(0, 500) || res.statusText);
    return {
      status: res.status,
      headers: res.headers,
      text,
      durationMs: Math.round(performance.now() - started),
    };
  } catch (err) {
    const reason =
      (err as Error).name === 'TimeoutError'
        ? `timed out after ${ctx.config.outgoing.timeoutMs / 1000} s`
        : errorText((err as { cause?: unknown }).cause ?? err);
    await record(null, reason);
    throw new Error(reason);
  }
}

/** 5xx, 408 and 429 answers are worth another try; other 4xx answers will not change by retrying. */
export const isRetryableStatus = (status: number) => status >= 500 || status === 408 || status === 429;

const DeliverPayload = z.object({
  purpose: z.string(),
  url: z.string().url(),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).optional(),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.union([z.string(), z.record(z.string(), z.unknown())]).optional(),
  sign: z.boolean().optional(),
});

/** Fire-and-forget delivery with retries: enqueue it in the transaction that makes the call necessary. */
export const deliverJob = defineJob(
  'outgoing.deliver',
  DeliverPayload,
  async (ctx, request) => {
    const res = await callExternal(ctx, request, { number: ctx.job.attempt, jobId: ctx.job.id });
    if (res.status >= 200 && res.status < 300) return;
    const message = `${request.purpose}: HTTP ${res.status}`;
    throw isRetryableStatus(res.status) ? new Error(message) : new PermanentJobError(message);
  },
  { retries: 6, backoffSeconds: 30, timeoutSeconds: 120 },
);

/** Recent attempts, newest first (admins). */
export async function listAttempts(ctx: Ctx, filter: outgoingRepo.AttemptFilter, page: PageRequest) {
  requireAllowed(ctx.actor, 'outgoing.view');
  const [items, total] = await Promise.all([
    outgoingRepo.findMany(ctx.db, filter, page),
    outgoingRepo.count(ctx.db, filter),
  ]);
  return pageOf(items, total, page);
}

export const OUTGOING_JOBS = [deliverJob];
