// The `email` service: through QUYTRINH_SMTP_URL (nodemailer), subject and body in the
// recipient's language (input.lang, Vietnamese unless told), placeholders already filled in from
// the case. The Message-ID is made from the call's Idempotency-Key, so a message sent again after
// a crash is the same message to the receiving side.
import nodemailer from 'nodemailer';
import { serviceError, ServiceErrorCode as Code } from '../../engine/index.ts';
import type { AutomationSettings, ServiceCall, ServiceOutcome, ServiceRunner } from './types.ts';

type Text = { vi?: string; en?: string };

export function messageId(callId: string): string {
  return `<${callId}@quytrinh>`;
}

export function emailRunner(settings: Pick<AutomationSettings, 'smtpUrl' | 'smtpFrom' | 'timeoutMs'>): ServiceRunner {
  const transport = settings.smtpUrl
    ? nodemailer.createTransport(settings.smtpUrl, { connectionTimeout: settings.timeoutMs, greetingTimeout: settings.timeoutMs, socketTimeout: settings.timeoutMs } as never)
    : null;
  return async (call: ServiceCall): Promise<ServiceOutcome> => {
    if (!transport) return { ok: false, error: serviceError(Code.SmtpNotSet, 'QUYTRINH_SMTP_URL is not set: no e-mail can be sent'), retry: false };
    const lang = call.input.lang === 'en' ? 'en' : 'vi';
    const pick = (t: unknown) => {
      const text = (t ?? {}) as Text;
      return String(text[lang] ?? text.vi ?? text.en ?? '');
    };
    try {
      const info = await transport.sendMail({
        from: settings.smtpFrom,
        to: String(call.input.to),
        subject: pick(call.input.subject),
        text: pick(call.input.body),
        messageId: messageId(call.id),
        headers: { 'Idempotency-Key': call.id, 'Content-Language': lang },
      });
      return { ok: true, result: { messageId: info.messageId, accepted: (info.accepted ?? []).map(String) } };
    } catch (err) {
      const e = err as Error & { responseCode?: number };
      // a permanent refusal of the address (5xx) will not change with another attempt
      const permanent = !!e.responseCode && e.responseCode >= 500 && e.responseCode < 600 && e.responseCode !== 554;
      return permanent
        ? { ok: false, error: serviceError(Code.MailRefused, e.message, { to: String(call.input.to) }), retry: false }
        : { ok: false, error: serviceError(Code.MailFailed, e.message), retry: true };
    }
  };
}
