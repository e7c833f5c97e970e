/**
 * Demo call campaign for `sova seed-demo`: Cameroonian SMEs as seed 004's example list, with calls by the
 * existing users spread over the last weeks (statuses, outcomes and questionnaire levels in realistic shares).
 * The benchmark uses the same generator for 100,000 targets and calls.
 */
import { type Ctx, inTransaction, nowIso } from '../../deps.js';
import { settleAfterBulkWrite } from '../../platform/db/bulk.js';
import { markCalled, seedCampaign, targetsForSeeding } from '../call-campaigns/internal.js';
import type { CallStatus, NumberStatus } from '../calls/index.js';
import { callSearchText, countCallsOf, insertCall } from '../calls/internal.js';
import { listUsersForPicker } from '../users/users.service.js';

export const DEMO_CAMPAIGN = 'Démo — PME Transformation';

const PREFIX = [
  'Société',
  'Établissements',
  'Coopérative',
  'Groupe',
  'Atelier',
  'Huilerie',
  'Boulangerie',
  'Scierie',
];
const NAMES = ['Ndzi', 'Mbarga', 'Fotso', 'Nkemdirim', 'Ekambi', 'Tchoua', 'Abena', 'Ngono', 'Kamga', 'Etoa'];
const PRODUCTS = ['Cacao', 'Café', 'Palme', 'Manioc', 'Bois', 'Maïs', 'Banane', 'Arachide'];
const ACTIVITIES = ['Transformation', 'Séchage', 'Pressage', 'Conditionnement', 'Sciage', 'Mouture'];
const CITIES = ['Douala', 'Yaoundé', 'Bafoussam', 'Garoua', 'Kribi', 'Bertoua', 'Limbé', 'Ebolowa'];
const FORMS = ['SARL', 'SA', 'EI', 'GIC', 'SAS'];

/** A deterministic company for position `n`. */
export function demoCompany(n: number) {
  const pick = <T>(xs: readonly T[], k: number) => xs[(n * k + Math.floor(n / xs.length)) % xs.length]!;
  return {
    name: `${pick(PREFIX, 7)} ${pick(NAMES, 3)} ${pick(PRODUCTS, 5)} ${n + 1}`,
    phone: `+237 6${String(50_000_000 + ((n * 7919) % 49_999_999)).replace(/(\d{2})(\d{3})(\d{3})/, '$1 $2 $3')}`,
    product: pick(PRODUCTS, 5),
    activity: pick(ACTIVITIES, 11),
    location: pick(CITIES, 13),
    legalForm: pick(FORMS, 17),
    niu: `M${String(100000 + ((n * 104729) % 899999))}`,
    validityScoreTenths: (n * 37) % 101,
  };
}

const NUMBER: NumberStatus[] = ['answered', 'answered', 'answered', 'no_answer', 'voicemail', 'invalid'];
const OUTCOME: CallStatus[] = [
  'accepted',
  'accepted',
  'refused',
  'callback',
  'not_transformer',
  'bad_number',
];
const LEVEL = ['complete', 'complete', 'partial', ''];

/** Seeds the demo campaign (`targets` companies) and `calls` calls on its first targets. */
export async function seedDemoCalls(
  ctx: Ctx,
  opts: {
    targets: number;
    calls: number;
    progress?: (stage: 'targets' | 'calls', done: number, total: number) => void;
  },
) {
  const { campaignId, added } = await seedCampaign(
    ctx,
    DEMO_CAMPAIGN,
    'Enquête auprès des PME de transformation (données de démonstration).',
    Array.from({ length: opts.targets }, (_, n) => ({ fields: demoCompany(n), state: 'pending' as const })),
    (done, total) => opts.progress?.('targets', done, total),
  );
  const have = await countCallsOf(ctx.db, campaignId);
  const users = (await listUsersForPicker(ctx)).map((u) => u.id);
  const targets =
    have >= opts.calls ? [] : await targetsForSeeding(ctx.db, campaignId, nowIso(ctx), opts.calls);
  const now = ctx.clock.now().getTime();
  let made = 0;
  for (let start = have; start < Math.min(opts.calls, targets.length); start += 1000) {
    const batch = targets.slice(start, Math.min(opts.calls, start + 1000));
    await inTransaction(ctx, async (tx) => {
      for (const [i, t] of batch.entries()) {
        const n = start + i;
        const numberStatus = NUMBER[n % NUMBER.length]!;
        const callStatus = numberStatus === 'answered' ? OUTCOME[(n * 5) % OUTCOME.length]! : null;
        const accepted = callStatus === 'accepted';
        const at = new Date(now - ((n * 7_919_000) % (21 * 86_400_000))).toISOString();
        await insertCall(tx.db, {
          userId: users.length ? users[n % users.length]! : null,
          source: 'campaign',
          campaignId,
          targetId: t.id,
          companyId: t.companyId,
          numberStatus,
          callStatus,
          presentationLevel: accepted ? LEVEL[n % 4]! : '',
          freeQuestionsLevel: accepted ? LEVEL[(n + 1) % 4]! : '',
          guidedQuestionsLevel: accepted ? LEVEL[(n + 2) % 4]! : '',
          companyName: t.name,
          phone: t.phone,
          leadResult: accepted
            ? 'success'
            : callStatus === 'callback'
              ? 'hesitant'
              : callStatus
                ? 'fail'
                : 'none',
          calledAt: at,
          statusMarkedAt: at,
          searchText: callSearchText({
            companyName: t.name,
            phone: t.phone,
            personName: '',
            description: '',
          }),
          createdAt: at,
          updatedAt: at,
        });
        await markCalled(tx.db, t.id, callStatus === 'callback' ? 'callback' : 'done', at);
      }
    });
    made += batch.length;
    opts.progress?.('calls', start + batch.length, opts.calls);
  }
  await settleAfterBulkWrite(ctx.db, ['companies', 'campaign_targets', 'calls']);
  return { targets: added, calls: made };
}
