/**
 * Saving a call made from a campaign's guided form (seed 004): its rules and messages, the target's lock and
 * version, the recording, and the call, the target's new state and the activity in one transaction.
 */
import type { Readable } from 'node:stream';
import { type Ctx, inTransaction, nowIso, timeZoneOf } from '../../deps.js';
import { parseLocalDateTime } from '../../platform/dates.js';
import { lockVersioned, writeVersioned } from '../../platform/db/versioned.js';
import { changedMeanwhile, conflict, invalid } from '../../platform/errors.js';
import { parseInput } from '../../platform/validation.js';
import { recordActivity } from '../activity/activity.service.js';
import { discardRecording, type StoredRecording, storeRecording } from '../calls/calls.service.js';
import {
  announceCallsChanged,
  CampaignCallInput,
  callSearchText,
  insertCall,
  insertRecording,
} from '../calls/internal.js';
import * as campaignsRepo from './call-campaigns.repo.js';
import { lockUntil, refuse, requireCaller } from './call-campaigns.rules.js';
import { getTarget } from './call-campaigns.service.js';
import { announceTargets } from './internal.js';

/* ---------- the guided call form ---------- */

/** The lead result seed 000's log shows for a campaign call's outcome. */
const leadResultOf = (callStatus: string | undefined) =>
  callStatus === 'accepted'
    ? 'success'
    : callStatus === 'callback'
      ? 'hesitant'
      : callStatus
        ? 'fail'
        : 'none';

/** Seed 004's form rules, with its messages; the zod schema has already checked the values' shapes. */
function checkCallForm(ctx: Ctx, body: CampaignCallInput): string | null {
  if (!body.recording) throw invalid('call.form_invalid', { recording: { code: 'call_recording_choice' } });
  if (!body.number_status)
    throw invalid('call.form_invalid', { number_status: { code: 'call_status_first' } });
  if (body.number_status === 'answered' && !body.call_status)
    throw invalid('call.form_invalid', { call_status: { code: 'call_choose_status' } });
  if (body.call_status === 'callback') {
    if (!body.callback_at)
      throw invalid('call.form_invalid', { callback_at: { code: 'call_callback_when' } });
    const at = parseLocalDateTime(body.callback_at, timeZoneOf(ctx));
    if (!at) throw invalid('call.form_invalid', { callback_at: { code: 'invalid_date' } });
    return at;
  }
  return null;
}

/**
 * Saves a call made from a campaign's form: checks the form (seed 004's rules and messages), that the actor
 * holds (or can take) the target, stores the recording (size, type and real duration checked), then in one
 * transaction writes the call and its recording, moves the target to `callback` or `done` and releases it.
 * Nothing is written when any check fails. With `expectedVersion` (the version the form was opened at), the
 * target must not have been called meanwhile (`call_target.changed_meanwhile`); keeping the lock does not count.
 */
export async function submitTargetCall(
  ctx: Ctx,
  targetId: number,
  input: unknown,
  recording?: { stream: Readable; filename: string | undefined },
  opts: { expectedVersion?: number } = {},
): Promise<number> {
  const actor = requireCaller(ctx);
  let body: CampaignCallInput;
  let callbackAt: string | null;
  try {
    body = parseInput(CampaignCallInput, input, 'call.form_invalid');
    callbackAt = checkCallForm(ctx, body);
    if (body.recording === 'mic' && !recording)
      throw invalid('call.form_invalid', { recording: { code: 'call_recording_missing' } });
  } catch (err) {
    recording?.stream.resume();
    throw err;
  }
  const target = await getTarget(ctx, targetId);
  const refused =
    opts.expectedVersion !== undefined && opts.expectedVersion !== target.version
      ? changedMeanwhile('call_target', target.version, opts.expectedVersion)
      : refuse(target, actor);
  if (refused) {
    recording?.stream.resume();
    throw refused;
  }
  const stored: StoredRecording | null =
    recording && body.recording === 'mic' ? await storeRecording(ctx, recording) : null;
  if (!stored) recording?.stream.resume();
  const accepted = body.call_status === 'accepted';
  const answered = body.number_status === 'answered';
  try {
    const callId = await inTransaction(ctx, async (tx) => {
      const now = nowIso(tx);
      // Re-taken inside the transaction: another operator may have taken an expired lock meanwhile.
      if (!(await campaignsRepo.tryLock(tx.db, targetId, actor.id, now, lockUntil(tx))))
        throw refuse(await getTarget(tx, targetId), actor) ?? conflict('call_target.locked');
      // Held by the actor now (the lock is the row's, taken above): what the form was based on must not have
      // changed since it was read. The write below is guarded by this version too.
      const current = await lockVersioned(
        tx.db,
        'campaignTargets',
        'call_target',
        targetId,
        opts.expectedVersion ?? target.version,
      );
      const id = await insertCall(tx.db, {
        userId: actor.id,
        source: 'campaign',
        campaignId: target.campaignId,
        targetId,
        companyId: target.companyId,
        numberStatus: body.number_status!,
        callStatus: answered ? (body.call_status ?? null) : null,
        presentationLevel: accepted ? body.presentation_level : '',
        freeQuestionsLevel: accepted ? body.free_questions_level : '',
        guidedQuestionsLevel: accepted ? body.guided_questions_level : '',
        callbackAt,
        companyName: target.name,
        phone: target.phone,
        personName: body.person_name,
        description: body.description,
        leadResult: leadResultOf(answered ? body.call_status : undefined),
        calledAt: now,
        statusMarkedAt: body.status_marked_at ?? now,
        recordingStartedAt: stored ? (body.recording_started_at ?? null) : null,
        recordingStoppedAt: stored ? (body.recording_stopped_at ?? null) : null,
        searchText: callSearchText({
          companyName: target.name,
          phone: target.phone,
          personName: body.person_name,
          description: body.description,
        }),
        createdAt: now,
        updatedAt: now,
      });
      if (stored) await insertRecording(tx.db, id, stored, now);
      const again = answered && body.call_status === 'callback';
      await writeVersioned(tx.db, 'campaignTargets', 'call_target', current, {
        state: again ? 'callback' : 'done',
        callbackAt: again ? callbackAt : null,
        lockUserId: null,
        lockExpiresAt: null,
        callsCount: current.callsCount + 1,
        lastCallAt: now,
        updatedAt: now,
      });
      await recordActivity(tx, 'call.created', {
        entityType: 'call',
        entityId: id,
        summary: target.name,
        details: {
          campaign: target.campaignId,
          number_status: body.number_status,
          call_status: body.call_status ?? null,
        },
      });
      return id;
    });
    await announceTargets(ctx, target.campaignId, targetId);
    await announceCallsChanged(ctx, target.campaignId);
    return callId;
  } catch (err) {
    if (stored) await discardRecording(ctx, stored);
    throw err;
  }
}
