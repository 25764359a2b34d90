// Every migration, in order. Listed by hand (not read from disk) so they bundle and type-check.
import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001_initial.ts';

const migrations: Record<string, Migration> = {
  '0001_initial': m0001,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
