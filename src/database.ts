/** The whole schema as Kysely sees it: one line per table, each owned by its module's .table.ts. */
import type { Kysely, Transaction } from 'kysely';
import type { ActivityLogTable } from './modules/activity/activity.table.js';
import type { ApiTokensTable } from './modules/api-tokens/api-tokens.table.js';
import type { RefreshTokensTable, SessionsTable, SignInGuardsTable } from './modules/auth/auth.table.js';
import type {
  CallCampaignsTable,
  CampaignTargetCountsTable,
  CampaignTargetsTable,
} from './modules/call-campaigns/call-campaigns.table.js';
import type { CallsTable, RecordingsTable } from './modules/calls/calls.table.js';
import type { CompaniesTable } from './modules/companies/companies.table.js';
import type { ContactNotesTable, ContactsTable } from './modules/contacts/contacts.table.js';
import type { DeletionsTable } from './modules/deletions/deletions.table.js';
import type { DepartmentsTable } from './modules/departments/departments.table.js';
import type { FilesTable } from './modules/files/files.table.js';
import type { ImportsTable } from './modules/imports/imports.table.js';
import type { OrderDailyTable, OrdersTable } from './modules/orders/orders.table.js';
import type { HttpAttemptsTable } from './modules/outgoing/outgoing.table.js';
import type { ReportsTable } from './modules/reports/reports.table.js';
import type { UserRolesTable, UsersTable } from './modules/users/users.table.js';
import type { JobsTable } from './platform/jobs/jobs.table.js';

export interface Database {
  users: UsersTable;
  userRoles: UserRolesTable;
  departments: DepartmentsTable;
  sessions: SessionsTable;
  refreshTokens: RefreshTokensTable;
  signInGuards: SignInGuardsTable;
  apiTokens: ApiTokensTable;
  activityLog: ActivityLogTable;
  files: FilesTable;
  jobs: JobsTable;
  httpAttempts: HttpAttemptsTable;
  contacts: ContactsTable;
  contactNotes: ContactNotesTable;
  orders: OrdersTable;
  orderDaily: OrderDailyTable;
  reports: ReportsTable;
  imports: ImportsTable;
  companies: CompaniesTable;
  callCampaigns: CallCampaignsTable;
  campaignTargets: CampaignTargetsTable;
  campaignTargetCounts: CampaignTargetCountsTable;
  calls: CallsTable;
  recordings: RecordingsTable;
  deletions: DeletionsTable;
}

export type Db = Kysely<Database> | Transaction<Database>;
