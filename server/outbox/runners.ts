// The built-in services by name.
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { AutomationSettings, ServiceRunner } from './types.ts';
import { webhookRunner } from './webhook.ts';
import { emailRunner } from './email.ts';
import { documentRunner } from './document.ts';

export function builtInRunners(settings: AutomationSettings, _db: Kysely<Database>): Record<string, ServiceRunner> {
  return { webhook: webhookRunner(settings), email: emailRunner(settings), document: documentRunner() };
}
