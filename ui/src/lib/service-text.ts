// Automated steps in words for the timeline: the events that close a step
// (quytrinh.done.<id>, quytrinh.error.<id>) and the outbox's audit rows (each call and attempt).
import { readServiceError, serviceErrorText, serviceLabel, SERVICE_DONE_PREFIX, SERVICE_ERROR_PREFIX } from '../../../engine/index.ts';
import type { Text } from './api/index.ts';

export interface ServiceWords {
  t: (key: string, values?: Record<string, string>) => string;
  txt: (text: Text) => string;
  /** a time of day and date the reader's way */
  time: (iso: string) => string;
}

const str = (v: unknown) => (typeof v === 'string' ? v : v === null || v === undefined ? '' : String(v));

/** Whether an event closes an automated step. */
export const isServiceEvent = (type: string) => type.startsWith(SERVICE_DONE_PREFIX) || type.startsWith(SERVICE_ERROR_PREFIX);

/** The audit rows of automated steps that the timeline shows beside the events (done and error are events already). */
export const TIMELINE_AUDIT = new Set(['service.called', 'service.failed', 'service.incident', 'service.cancelled', 'service.retried', 'service.skipped']);

export function serviceEventText(e: { type: string; data?: Record<string, unknown> }, w: ServiceWords): string {
  const d = e.data ?? {};
  const service = w.txt(serviceLabel(str(d.service)));
  const attempts = str(d.attempts || 1);
  if (e.type.startsWith(SERVICE_ERROR_PREFIX)) return w.t('service.error', { service, attempts });
  if (d.skipped) return w.t('service.skippedDone', { service });
  return Number(d.attempts ?? 1) > 1 ? w.t('service.done', { service, attempts }) : w.t('service.doneOnce', { service });
}

export function serviceAuditText(row: { action: string; detail: Record<string, unknown> }, w: ServiceWords): string {
  const d = row.detail ?? {};
  const error = readServiceError(d.error);
  const values = { service: w.txt(serviceLabel(str(d.service))), attempt: str(d.attempt), error: error ? w.txt(serviceErrorText(error)) : '', at: d.retryAt ? w.time(str(d.retryAt)) : '' };
  switch (row.action) {
    case 'service.called':
      return w.t('service.called', values);
    case 'service.failed':
      return w.t('service.failed', values);
    case 'service.done':
      return w.t('service.doneOnce', values);
    case 'service.error':
      return w.t('service.error', { ...values, attempts: values.attempt });
    case 'service.incident':
      return w.t('service.incident', values);
    case 'service.cancelled':
      return w.t('service.cancelled', values);
    case 'service.retried':
      return w.t('service.retried', values);
    case 'service.skipped':
      return w.t('service.skipped', values);
    default:
      return '';
  }
}
