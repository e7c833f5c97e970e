/**
 * The ordered list of migrations. Listed explicitly (not read from disk) so the bundled server carries them.
 * A landed migration is frozen: fix forward with a new file.
 */
import type { Migration } from 'kysely';
import * as m0001 from './20261124_0001_foundation.js';
import * as m0002 from './20261124_0002_platform.js';
import * as m0003 from './20261124_0003_contacts_orders.js';
import * as m0004 from './20261124_0004_imports.js';
import * as m0005 from './20261124_0005_order_daily.js';
import * as m0006 from './20261124_0006_calls.js';
import * as m0007 from './20261125_0007_target_lock_indexes.js';
import * as m0008 from './20261125_0008_search_bands.js';
import * as m0009 from './20261125_0009_orders_status_created.js';
import * as m0010 from './20261207_0010_row_versions.js';
import * as m0011 from './20261207_0011_sign_in_guard.js';
import * as m0012 from './20261207_0012_job_heartbeats.js';
import * as m0014 from './20261208_0014_user_time_zone.js';
import * as m0015 from './20261208_0015_contact_company.js';
import * as m0017 from './20261208_0017_deletions.js';

export const migrations: Record<string, Migration> = {
  '20261124_0001_foundation': m0001,
  '20261124_0002_platform': m0002,
  '20261124_0003_contacts_orders': m0003,
  '20261124_0004_imports': m0004,
  '20261124_0005_order_daily': m0005,
  '20261124_0006_calls': m0006,
  '20261125_0007_target_lock_indexes': m0007,
  '20261125_0008_search_bands': m0008,
  '20261125_0009_orders_status_created': m0009,
  '20261207_0010_row_versions': m0010,
  '20261207_0011_sign_in_guard': m0011,
  '20261207_0012_job_heartbeats': m0012,
  '20261208_0014_user_time_zone': m0014,
  '20261208_0015_contact_company': m0015,
  '20261208_0017_deletions': m0017,
};
