/**
 * Announcements: an admin or manager sends a short message that appears at once, live, on the screen of
 * everyone signed in (or of one role) — "the server restarts at 18:00", "new price list is out".
 */

import type { Ctx } from '../../deps.js';
import { requireAllowed } from '../../platform/auth/policy.js';
import { displayName } from '../../platform/auth/roles.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/internal.js';
import { AnnouncementBody } from './announcements.contract.js';

declare module '../../platform/realtime/events.js' {
  interface EventMap {
    announcement: { text: string; from: string };
  }
}

/** Sends an announcement (admins and managers). */
export async function sendAnnouncement(ctx: Ctx, input: unknown): Promise<void> {
  const actor = requireAllowed(ctx.actor, 'announcements.send');
  const body = parseInput(AnnouncementBody, input);
  await recordActivity(ctx, 'announcement.sent', {
    summary: body.text,
    details: { audience: body.audience },
  });
  await ctx.events.publish(
    'announcement',
    { text: body.text, from: displayName(actor) },
    body.audience === 'all' ? { all: true } : { roles: [body.audience] },
  );
}
