// Why an automated step failed, as a code with values: the outbox stores it, the incidents view
// and the timeline say it in the reader's language with what to do, and the technical detail
// (the library's own message) stays beside it for whoever runs the server.
import type { Text } from './types.ts';

export const ServiceErrorCode = {
  /** no answer within QUYTRINH_SERVICE_TIMEOUT_MS */
  Timeout: 'QT_SERVICE_TIMEOUT',
  /** the receiver answered with a status other than 2xx */
  HttpStatus: 'QT_SERVICE_HTTP_STATUS',
  Redirect: 'QT_SERVICE_REDIRECT',
  BadUrl: 'QT_SERVICE_BAD_URL',
  UrlNotAllowed: 'QT_SERVICE_URL_NOT_ALLOWED',
  PrivateAddress: 'QT_SERVICE_PRIVATE_ADDRESS',
  /** the network: name not found, connection refused or cut */
  Unreachable: 'QT_SERVICE_UNREACHABLE',
  SmtpNotSet: 'QT_SERVICE_SMTP_NOT_SET',
  /** the mail server refused the message for good (5xx) */
  MailRefused: 'QT_SERVICE_MAIL_REFUSED',
  MailFailed: 'QT_SERVICE_MAIL_FAILED',
  NoTemplate: 'QT_SERVICE_NO_TEMPLATE',
  UnknownService: 'QT_SERVICE_UNKNOWN',
  /** anything else (and what was stored before errors had codes) */
  Failed: 'QT_SERVICE_FAILED',
} as const;
export type ServiceErrorCode = (typeof ServiceErrorCode)[keyof typeof ServiceErrorCode];

export interface ServiceError {
  code: ServiceErrorCode;
  /** values the sentence names: status, host, address, template, ms */
  params?: Record<string, string | number>;
  /** the technical message, in English, for the server's operator */
  detail: string;
}

type Words = (p: Record<string, string>) => Text;

const MESSAGES: Record<ServiceErrorCode, Words> = {
  QT_SERVICE_TIMEOUT: (p) => ({
    vi: `Nơi nhận không trả lời trong ${seconds(p.ms)} giây. Hệ thống tự thử lại; nếu vẫn lỗi, hỏi bên nhận xem dịch vụ có hoạt động không.`,
    en: `The receiver did not answer within ${seconds(p.ms)} seconds. It is tried again; if it keeps failing, ask the receiving side whether their service is up.`,
  }),
  QT_SERVICE_HTTP_STATUS: (p) => ({
    vi: `Nơi nhận trả lời lỗi (mã ${p.status}). Hỏi bên nhận nguyên nhân rồi bấm "Chạy lại".`,
    en: `The receiver answered with an error (status ${p.status}). Ask the receiving side why, then press "Retry".`,
  }),
  QT_SERVICE_REDIRECT: (p) => ({
    vi: `Nơi nhận chuyển hướng sang địa chỉ khác (mã ${p.status}); hệ thống không đi theo. Sửa địa chỉ trong quy trình thành địa chỉ cuối cùng.`,
    en: `The receiver redirected elsewhere (status ${p.status}), which is never followed. Put the final address in the procedure.`,
  }),
  QT_SERVICE_BAD_URL: (p) => ({
    vi: `Địa chỉ "${p.url}" không phải địa chỉ http hoặc https hợp lệ. Sửa địa chỉ trong quy trình.`,
    en: `"${p.url}" is not a valid http or https address. Fix the address in the procedure.`,
  }),
  QT_SERVICE_URL_NOT_ALLOWED: (p) => ({
    vi: `Địa chỉ ${p.origin} không nằm trong danh sách được phép gọi. Người vận hành máy chủ thêm nó vào QUYTRINH_WEBHOOK_ALLOW, rồi bấm "Chạy lại".`,
    en: `${p.origin} is not on the list of addresses that may be called. The server's operator adds it to QUYTRINH_WEBHOOK_ALLOW; then press "Retry".`,
  }),
  QT_SERVICE_PRIVATE_ADDRESS: (p) => ({
    vi: `${p.host} là địa chỉ mạng nội bộ, chỉ được gọi khi được ghi đích danh trong QUYTRINH_WEBHOOK_ALLOW. Hỏi người vận hành máy chủ.`,
    en: `${p.host} is a private network address, called only when QUYTRINH_WEBHOOK_ALLOW names it. Ask the server's operator.`,
  }),
  QT_SERVICE_UNREACHABLE: (p) => ({
    vi: `Không kết nối được tới ${p.host}. Hệ thống tự thử lại; nếu vẫn lỗi, kiểm tra địa chỉ và mạng.`,
    en: `Could not connect to ${p.host}. It is tried again; if it keeps failing, check the address and the network.`,
  }),
  QT_SERVICE_SMTP_NOT_SET: () => ({
    vi: 'Máy chủ chưa được cấu hình để gửi thư (QUYTRINH_SMTP_URL). Người vận hành máy chủ cấu hình rồi bấm "Chạy lại".',
    en: 'The server is not set up to send e-mail (QUYTRINH_SMTP_URL). The server\'s operator sets it up; then press "Retry".',
  }),
  QT_SERVICE_MAIL_REFUSED: (p) => ({
    vi: `Máy chủ thư từ chối thư gửi tới ${p.to}. Kiểm tra địa chỉ người nhận.`,
    en: `The mail server refused the message to ${p.to}. Check the recipient's address.`,
  }),
  QT_SERVICE_MAIL_FAILED: () => ({
    vi: 'Không gửi được thư qua máy chủ thư. Hệ thống tự thử lại; nếu vẫn lỗi, hỏi người vận hành máy chủ.',
    en: 'The message could not be handed to the mail server. It is tried again; if it keeps failing, ask the server\'s operator.',
  }),
  QT_SERVICE_NO_TEMPLATE: (p) => ({
    vi: `Không có mẫu văn bản "${p.template}". Chọn một mẫu có sẵn trong bước tự động của quy trình.`,
    en: `There is no document template "${p.template}". Choose one of the templates in the procedure's automated step.`,
  }),
  QT_SERVICE_UNKNOWN: (p) => ({
    vi: `Máy chủ không có dịch vụ "${p.service}". Sửa bước tự động trong quy trình.`,
    en: `The server has no service "${p.service}". Fix the automated step in the procedure.`,
  }),
  QT_SERVICE_FAILED: () => ({
    vi: 'Bước tự động không thành công. Xem chi tiết kỹ thuật hoặc hỏi người vận hành máy chủ.',
    en: 'The automated step failed. See the technical detail or ask the server\'s operator.',
  }),
};

function seconds(ms: string | undefined): string {
  const n = Number(ms);
  return Number.isFinite(n) ? String(Math.max(1, Math.round(n / 1000))) : '?';
}

export function serviceError(code: ServiceErrorCode, detail: string, params?: Record<string, string | number>): ServiceError {
  return { code, detail: detail.slice(0, 300), ...(params ? { params } : {}) };
}

/** What a stored error says: the coded ones as they are; a bare string (stored before codes) as its detail. */
export function readServiceError(stored: unknown): ServiceError | null {
  if (stored === null || stored === undefined || stored === '') return null;
  let value = stored;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { code: ServiceErrorCode.Failed, detail: stored as string };
    }
  }
  const v = value as Partial<ServiceError>;
  if (v && typeof v === 'object' && typeof v.code === 'string' && Object.hasOwn(MESSAGES, v.code)) {
    return { code: v.code, detail: String(v.detail ?? ''), ...(v.params ? { params: v.params } : {}) };
  }
  return { code: ServiceErrorCode.Failed, detail: typeof stored === 'string' ? stored : JSON.stringify(stored) };
}

/** The error in words, with what to do. */
export function serviceErrorText(e: ServiceError): Text {
  const p = Object.fromEntries(Object.entries(e.params ?? {}).map(([k, v]) => [k, String(v)]));
  return MESSAGES[e.code](p);
}
