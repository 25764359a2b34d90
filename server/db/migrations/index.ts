// Every migration, in order. Listed by hand (not read from disk) so they bundle and type-check.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.ts';
import * as m0002 from './0002_procedure_json.ts';
import * as m0003 from './0003_inbox_at_scale.ts';
import * as m0004 from './0004_report_rollups.ts';
import * as m0005 from './0005_notifications.ts';
import * as m0006 from './0006_cases_opened_idx.ts';
import * as m0007 from './0007_event_path.ts';
import * as m0008 from './0008_report_percentiles.ts';
import * as m0009 from './0009_case_search.ts';
import * as m0010 from './0010_trigger_conditions.ts';
import * as m0011 from './0011_lean_case_writes.ts';
import * as m0012 from './0012_search_kept_by_writer.ts';
import * as m0013 from './0013_hot_case_updates.ts';
import * as m0014 from './0014_cases_room_to_grow.ts';
import * as m0015 from './0015_append_only_truncate.ts';
import * as m0016 from './0016_login_failures.ts';
import * as m0017 from './0017_accounts.ts';
import * as m0018 from './0018_outcomes.ts';
import * as m0019 from './0019_folded_search.ts';
import * as m0020 from './0020_request_id.ts';
import * as m0021 from './0021_assignee.ts';
import * as m0022 from './0022_outbox.ts';
import * as m0023 from './0023_inherited_outcomes.ts';
import * as m0024 from './0024_email_digest.ts';
import * as m0025 from './0025_user_email.ts';
import * as m0026 from './0026_notification_actor.ts';
import * as m0027 from './0027_entries_skip_unchanged.ts';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
  '0002_procedure_json': m0002,
  '0003_inbox_at_scale': m0003,
  '0004_report_rollups': m0004,
  '0005_notifications': m0005,
  '0006_cases_opened_idx': m0006,
  '0007_event_path': m0007,
  '0008_report_percentiles': m0008,
  '0009_case_search': m0009,
  '0010_trigger_conditions': m0010,
  '0011_lean_case_writes': m0011,
  '0012_search_kept_by_writer': m0012,
  '0013_hot_case_updates': m0013,
  '0014_cases_room_to_grow': m0014,
  '0015_append_only_truncate': m0015,
  '0016_login_failures': m0016,
  '0017_accounts': m0017,
  '0018_outcomes': m0018,
  '0019_folded_search': m0019,
  '0020_request_id': m0020,
  '0021_assignee': m0021,
  '0022_outbox': m0022,
  '0023_inherited_outcomes': m0023,
  '0024_email_digest': m0024,
  '0025_user_email': m0025,
  '0026_notification_actor': m0026,
  '0027_entries_skip_unchanged': m0027,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
