// The automated steps (XState `invoke`) a procedure may name, each with the JSON Schema of its
// input. Running them is the server's outbox; until then a state that invokes one waits.
import type { JsonSchema, Text } from './types.ts';

export interface ServiceDef {
  label: Text;
  input: JsonSchema;
}

export const serviceRegistry: Record<string, ServiceDef> = {
  webhook: {
    label: { vi: 'Gọi webhook', en: 'Call a webhook' },
    input: { type: 'object', required: ['url'], properties: { url: { type: 'string', format: 'uri' } } },
  },
  email: {
    label: { vi: 'Gửi thư điện tử', en: 'Send an email' },
    input: { type: 'object', properties: { to: { type: 'string' }, subject: { type: 'string' } } },
  },
  document: {
    label: { vi: 'Tạo văn bản', en: 'Produce a document' },
    input: { type: 'object', properties: { template: { type: 'string' } } },
  },
};
