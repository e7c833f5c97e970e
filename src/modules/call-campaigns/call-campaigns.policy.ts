import { can } from '../../platform/auth/policy.js';
import type { Actor } from '../../platform/auth/roles.js';

/** Managers and admins set campaigns up (create, rename, archive, import); operators call. */
export const canOrganiseCampaigns = (actor: Actor) => can(actor, 'call_campaigns.organise');
