// The automated steps (XState `invoke`) a procedure may name, each with the JSON Schema of its
// input (validated like guard and action params; the designer draws its form from it). The
// server runs them from its outbox (server/outbox/); strings in the input may hold placeholders
// ("{{data.platform}}", "{{case.number}}": engine/template.ts).
import type { JsonSchema, Text } from './types.ts';

export interface ServiceDef {
  label: Text;
  /** one line on what it does, for the designer */
  help: Text;
  input: JsonSchema;
}

const text = (title: Text): JsonSchema => ({
  type: 'object',
  title: title.en,
  required: ['vi', 'en'],
  properties: { vi: { type: 'string', minLength: 1 }, en: { type: 'string', minLength: 1 } },
  additionalProperties: false,
});

export const serviceRegistry: Record<string, ServiceDef> = {
  webhook: {
    label: { vi: 'Gọi webhook', en: 'Call a webhook' },
    help: {
      vi: 'Gửi dữ liệu hồ sơ (JSON, có chữ ký) tới một địa chỉ được phép; trả lời 2xx là xong.',
      en: 'Posts the case (JSON, signed) to an allowed address; a 2xx answer is done.',
    },
    input: {
      type: 'object',
      required: ['url'],
      properties: {
        url: { type: 'string', pattern: '^https?://', title: 'URL' },
        payload: { type: 'object', title: 'Extra fields' },
      },
      additionalProperties: false,
    },
  },
  email: {
    label: { vi: 'Gửi thư điện tử', en: 'Send an email' },
    help: {
      vi: 'Gửi thư tới người nhận bằng ngôn ngữ của họ; tiêu đề và nội dung lấy từ dữ liệu hồ sơ.',
      en: "Sends an e-mail in the recipient's language; subject and body filled in from the case.",
    },
    input: {
      type: 'object',
      required: ['to', 'subject', 'body'],
      properties: {
        to: { type: 'string', minLength: 3, title: 'To' },
        lang: { type: 'string', enum: ['vi', 'en'], title: 'Language' },
        subject: text({ vi: 'Tiêu đề', en: 'Subject' }),
        body: text({ vi: 'Nội dung', en: 'Body' }),
      },
      additionalProperties: false,
    },
  },
  document: {
    label: { vi: 'Soạn văn bản', en: 'Draft a document' },
    help: {
      vi: 'Soạn văn bản hành chính (PDF, thể thức Nghị định 30/2020) từ mẫu và gắn vào hồ sơ.',
      en: 'Drafts an official letter (PDF, Decree 30/2020 layout) from a template and attaches it to the case.',
    },
    input: {
      type: 'object',
      required: ['template'],
      properties: {
        template: { type: 'string', enum: ['removal-request'], title: 'Template' },
        issuer: { type: 'string', title: 'Issuing body' },
        parent: { type: 'string', title: 'Body above the issuer' },
        symbol: { type: 'string', title: 'Symbol' },
        place: { type: 'string', title: 'Place' },
        recipient: { type: 'string', title: 'To' },
        platform: { type: 'string', title: 'Platform' },
        urls: { type: ['array', 'string'], items: { type: 'string' }, title: 'Addresses' },
        legalBasis: { type: 'string', title: 'Legal basis' },
        deadlineHours: { type: 'integer', minimum: 1, title: 'Deadline (hours)' },
        deadline: { type: 'string', title: 'Deadline (date)' },
        signer: { type: 'string', title: 'Signed by' },
      },
      additionalProperties: false,
    },
  },
};

/** A service's name in words; the name itself for one the registry lacks. */
export function serviceLabel(name: string): Text {
  return Object.hasOwn(serviceRegistry, name) ? serviceRegistry[name]!.label : { vi: name, en: name };
}
