// Every error the server answers with, made once here: code, HTTP status, messages in
// Vietnamese and English, and what the person can do about it. docs/errors.md lists them all.
import type { Text } from '../engine/index.ts';
import type { ErrorBody } from '../schemas/api/types.ts';

export interface ErrorDef {
  status: number;
  message: Text;
  /** what to do, for docs/errors.md */
  remedy: string;
}

export const ErrorCatalog = {
  QT_VALIDATION: {
    status: 400,
    message: { vi: 'Yêu cầu không đúng định dạng. Kiểm tra các trường được nêu.', en: 'The request is malformed. Check the fields listed.' },
    remedy: 'Fix the request body, query or headers as `details` says; the shapes are in docs/api.md and /docs.',
  },
  QT_UNAUTHENTICATED: {
    status: 401,
    message: { vi: 'Bạn chưa đăng nhập hoặc phiên đã hết hạn. Hãy đăng nhập lại.', en: 'You are not signed in or your session has expired. Sign in again.' },
    remedy: 'Sign in with POST /api/auth/login and send the `qt_session` cookie.',
  },
  QT_LOGIN_FAILED: {
    status: 401,
    message: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong user name or password.' },
    remedy: 'Check the user name and password; ask an administrator to reset the password.',
  },
  QT_FORBIDDEN: {
    status: 403,
    message: { vi: 'Bạn không có quyền thực hiện việc này.', en: 'You are not allowed to do this.' },
    remedy: 'Ask an administrator for the role this needs (e.g. `admin` to change procedures).',
  },
  QT_ROLE_NOT_ALLOWED: {
    status: 403,
    message: { vi: 'Vai trò của bạn không được thực hiện thao tác này.', en: 'Your role may not take this action.' },
    remedy: 'The action belongs to another role; the case\'s `actions` lists what you may do now.',
  },
  QT_ASSIGNEE_NOT_ALLOWED: {
    status: 403,
    message: {
      vi: 'Bạn không được nhận, giao hoặc trả hồ sơ này.',
      en: 'You may not take, hand on or release this case.',
    },
    remedy: 'Take only a case waiting on a role you hold; handing a case to someone else is for the roles the procedure lets assign it (a lead); release only a case you hold.',
  },
  QT_ASSIGNEE_INVALID: {
    status: 422,
    message: {
      vi: 'Không giao được hồ sơ cho người này: họ không giữ vai trò mà hồ sơ đang chờ hoặc không xem được hồ sơ.',
      en: 'The case cannot be handed to this official: they do not hold a role the case waits on, or cannot read it.',
    },
    remedy: 'Choose one of the officials GET /api/cases/:id/assignee lists.',
  },
  QT_ATTACHMENT_UNKNOWN: {
    status: 422,
    message: {
      vi: 'Tệp đính kèm được nêu không tồn tại hoặc không thuộc hồ sơ này.',
      en: 'A file named as an attachment does not exist or does not belong to this case.',
    },
    remedy: 'Upload the file first (to this case, or with POST /api/attachments before the case exists) and send the id it got; `details` names the field. A file of another case cannot be reused: upload it again.',
  },
  QT_NOT_FOUND: {
    status: 404,
    message: { vi: 'Không tìm thấy.', en: 'Not found.' },
    remedy: 'Check the id or key; a case of another unit is also reported as not found.',
  },
  QT_CASE_VERSION_CONFLICT: {
    status: 409,
    message: {
      vi: 'Hồ sơ vừa được người khác cập nhật. Hãy tải lại hồ sơ rồi thực hiện lại.',
      en: 'Someone else has just updated the case. Reload it and try again.',
    },
    remedy: 'GET the case again and resend with its current `version` as `expectedVersion`. Nothing was changed.',
  },
  QT_DRAFT_CONFLICT: {
    status: 409,
    message: {
      vi: 'Bản nháp đã được người khác lưu. Hãy tải lại bản nháp mới nhất.',
      en: 'Someone else has saved the draft. Load the latest draft first.',
    },
    remedy: 'GET the procedure, merge your changes into its draft and save with its `revision` as `baseRevision`.',
  },
  QT_IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    message: {
      vi: 'Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác.',
      en: 'This Idempotency-Key was already used for a different request.',
    },
    remedy: 'Use a new Idempotency-Key for each distinct action; reuse it only to retry the very same request.',
  },
  QT_REQUEST_TIMEOUT: {
    status: 408,
    message: { vi: 'Yêu cầu gửi đến quá chậm nên đã bị ngắt.', en: 'The request took too long to arrive and was cut off.' },
    remedy: 'Send it again; on a slow connection, send smaller files.',
  },
  QT_HEADERS_TOO_LARGE: {
    status: 431,
    message: { vi: 'Phần đầu (header) của yêu cầu quá lớn.', en: 'The request\'s headers are too large.' },
    remedy: 'Clear the cookies of this site in the browser (an oversized cookie is the usual cause) and try again.',
  },
  QT_PAYLOAD_TOO_LARGE: {
    status: 413,
    message: { vi: 'Tệp hoặc yêu cầu quá lớn.', en: 'The file or request is too large.' },
    remedy: 'Send a smaller file (50 MB at most by default) or split it.',
  },
  QT_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    message: {
      vi: 'Loại tệp không được chấp nhận. Chỉ nhận ảnh, PDF, video (mp4, webm), tệp lưu trang (.html, .mhtml), văn bản và tài liệu văn phòng.',
      en: 'This type of file is not accepted. Images, PDF, videos (mp4, webm), saved pages (.html, .mhtml), text and office documents are.',
    },
    remedy: 'Convert the file to an accepted type (PNG, JPEG, PDF, MP4, WEBM, HTML, MHTML, TXT, DOCX, XLSX…).',
  },
  QT_EVENT_NOT_AVAILABLE: {
    status: 422,
    message: { vi: 'Thao tác này không có ở bước hiện tại của hồ sơ.', en: 'This action is not available in the case\'s current step.' },
    remedy: 'Reload the case; its `actions` lists what can be done now.',
  },
  QT_FORM_INVALID: {
    status: 422,
    message: { vi: 'Biểu mẫu chưa hợp lệ.', en: 'The form is not valid.' },
    remedy: 'Correct the fields named in `details` and send again.',
  },
  QT_GUARD_REFUSED: {
    status: 422,
    message: { vi: 'Chưa đủ điều kiện để thực hiện thao tác.', en: 'The conditions for this action are not met.' },
    remedy: 'The message names the condition (e.g. evidence attached, a different verifier); meet it first.',
  },
  QT_CASE_CLOSED: {
    status: 422,
    message: { vi: 'Hồ sơ đã kết thúc.', en: 'The case is closed.' },
    remedy: 'Nothing more can be done on a closed case; open a new one if needed.',
  },
  QT_INCIDENT_CLOSED: {
    status: 409,
    message: {
      vi: 'Sự cố này đã được xử lý (thử lại hoặc bỏ qua) hoặc bước tự động đã kết thúc.',
      en: 'This incident was already dealt with (retried or skipped), or its automated step has ended.',
    },
    remedy: 'Reload the incidents (GET /api/incidents): only open ones can be retried or skipped.',
  },
  QT_PROCEDURE_INVALID: {
    status: 422,
    message: { vi: 'Quy trình chưa hợp lệ, chưa thể phát hành.', en: 'The procedure is not valid and cannot be published.' },
    remedy: 'Fix the problems listed in `details` (each with its path) in the designer, then publish again.',
  },
  QT_MACHINE_INVALID: {
    status: 422,
    message: { vi: 'Tệp không phải một máy trạng thái XState chạy được; chưa nhập gì.', en: 'The file is not an XState machine that would run; nothing was imported.' },
    remedy: 'Each entry of `details` says what is wrong and where (`path` is a JSON pointer into the uploaded machine); correct the machine and import it again.',
  },
  QT_PROCEDURE_EXISTS: {
    status: 409,
    message: { vi: 'Đã có quy trình với mã này. Hãy chọn mã khác cho bản nhập.', en: 'A procedure with this key exists. Choose another key for the import.' },
    remedy: 'Send another `key` with the machine, or open the existing procedure in the designer.',
  },
  QT_PROCEDURE_NOT_PUBLISHED: {
    status: 422,
    message: { vi: 'Quy trình chưa có phiên bản phát hành nào.', en: 'The procedure has no published version yet.' },
    remedy: 'An administrator publishes the procedure first; cases open on its latest published version.',
  },
  QT_NO_DRAFT: {
    status: 409,
    message: { vi: 'Quy trình không có bản nháp để phát hành.', en: 'The procedure has no draft to publish.' },
    remedy: 'Save a draft with PUT /api/procedures/:key/draft, then publish it.',
  },
  QT_PUBLISH_NOTE_REQUIRED: {
    status: 422,
    message: { vi: 'Hãy ghi chú thay đổi trước khi công bố.', en: 'Write a change note before publishing.' },
    remedy: 'Say in a sentence what this version changes; the note is kept in the version history.',
  },
  QT_MIGRATION_UNMAPPED: {
    status: 422,
    message: {
      vi: 'Có hồ sơ đang xử lý ở trạng thái chưa được chuyển sang phiên bản mới. Không hồ sơ nào được chuyển.',
      en: 'Some running cases are in states the mapping does not move to the new version. No case was migrated.',
    },
    remedy: 'Choose a new state for every old state listed in `details` (`[{ caseId, number, state, message }]`) and run the migration again.',
  },
  QT_PASSWORD_CHANGE_REQUIRED: {
    status: 403,
    message: {
      vi: 'Bạn cần đổi mật khẩu do quản trị viên cấp trước khi tiếp tục.',
      en: 'Change the password an administrator gave you before going on.',
    },
    remedy: 'Change the password (POST /api/me/password, or the screen shown after sign-in); every other page opens after that.',
  },
  QT_USERNAME_TAKEN: {
    status: 409,
    message: { vi: 'Tên đăng nhập này đã có người dùng.', en: 'This user name is already taken.' },
    remedy: 'Choose another user name (e.g. add the unit or a number); user names are never reused, even of deactivated accounts.',
  },
  QT_EMAIL_INVALID: {
    status: 422,
    message: {
      vi: 'Địa chỉ e-mail chưa đúng. Ghi theo dạng ten@coquan.gov.vn, hoặc để trống nếu chưa có.',
      en: 'The e-mail address is not valid. Write it as name@agency.gov.vn, or leave it empty if there is none.',
    },
    remedy: 'Send one address with a single @ and a dotted domain, no spaces (at most 254 characters); null or "" removes it.',
  },
  QT_UNIT_NAME_TAKEN: {
    status: 409,
    message: { vi: 'Đã có đơn vị mang tên này.', en: 'A unit with this name already exists.' },
    remedy: 'Use the existing unit, or give the new one a name that tells them apart.',
  },
  QT_UNKNOWN_UNIT: {
    status: 422,
    message: { vi: 'Đơn vị không tồn tại.', en: 'This unit does not exist.' },
    remedy: 'Choose a unit from the list; an administrator adds a missing one on the Officials page.',
  },
  QT_UNKNOWN_ROLE: {
    status: 422,
    message: { vi: 'Có vai trò không tồn tại.', en: 'One of the roles does not exist.' },
    remedy: 'Use the roles listed in docs/api.md: admin, monitor, verifier, lead, liaison, secretariat, observer.',
  },
  QT_PASSWORD_WEAK: {
    status: 422,
    message: {
      vi: 'Mật khẩu quá yếu: cần ít nhất 12 ký tự, không phải mật khẩu phổ biến và không chứa tên đăng nhập.',
      en: 'The password is too weak: it needs at least 12 characters, must not be a common password and must not contain the user name.',
    },
    remedy: 'Choose a longer password, e.g. several unrelated words; `details` says which rule it broke.',
  },
  QT_PASSWORD_WRONG: {
    status: 422,
    message: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
    remedy: 'Type the password you signed in with; if it is lost, an administrator resets it.',
  },
  QT_CANNOT_DEACTIVATE_SELF: {
    status: 409,
    message: { vi: 'Bạn không thể tự khóa tài khoản của mình.', en: 'You cannot deactivate your own account.' },
    remedy: 'Another administrator deactivates the account.',
  },
  QT_LAST_ADMIN: {
    status: 409,
    message: {
      vi: 'Đây là quản trị viên cuối cùng đang hoạt động; hệ thống cần ít nhất một người.',
      en: 'This is the last active administrator; the system needs at least one.',
    },
    remedy: 'Give another active official the admin role first, then change this one.',
  },
  QT_IMPORT_INVALID: {
    status: 422,
    message: {
      vi: 'Tệp danh sách có dòng chưa hợp lệ. Chưa tài khoản nào được tạo.',
      en: 'Some rows of the list are not valid. No account was created.',
    },
    remedy: 'Fix the rows named in `details` (`[{ line, field, code, message }]`) and import the whole file again.',
  },
  QT_RATE_LIMITED: {
    status: 429,
    message: { vi: 'Quá nhiều lần thử. Hãy đợi một lát rồi thử lại.', en: 'Too many attempts. Wait a moment and try again.' },
    remedy: 'Wait for the time in the `Retry-After` header.',
  },
  QT_ACCOUNT_CHANGED: {
    status: 409,
    message: {
      vi: 'Tài khoản của bạn vừa được thay đổi (vai trò, đơn vị hoặc mật khẩu). Trang sẽ kết nối lại với quyền hiện tại.',
      en: 'Your account has just been changed (roles, unit or password). The page reconnects with your current permissions.',
    },
    remedy: 'Nothing: the page reconnects by itself with the account as it is now. If the account was deactivated, ask an administrator.',
  },
  QT_LIVE_TOO_MANY_CONNECTIONS: {
    status: 429,
    message: {
      vi: 'Bạn đang mở quá nhiều kết nối trực tiếp (thẻ trình duyệt). Hãy đóng bớt các thẻ quytrinh rồi tải lại trang.',
      en: 'You have too many live connections (browser tabs) open. Close some quytrinh tabs and reload the page.',
    },
    remedy: 'Each open page holds one WebSocket; a user may hold 8 at once on a server process (QUYTRINH_WS_CONNECTIONS_PER_USER). Close pages you no longer use.',
  },
  QT_LIVE_CATCH_UP_LIMITED: {
    status: 429,
    message: {
      vi: 'Kết nối này vừa được gửi lại các hồ sơ đã lỡ. Hãy đợi vài giây; nếu trang còn thiếu hồ sơ, hãy tải lại trang.',
      en: 'This connection has just been sent the cases it missed. Wait a few seconds; if the page still lacks a case, reload it.',
    },
    remedy: 'Ask for a catch-up (`since`) once per connection, when it opens: it is answered at most once every 10 seconds per connection (QUYTRINH_WS_CATCH_UP_SECONDS), and as many times per user as the connections they may hold. Live updates keep coming meanwhile.',
  },
  QT_LIVE_TOO_MANY_MESSAGES: {
    status: 429,
    message: {
      vi: 'Kết nối này gửi quá nhiều yêu cầu trong một phút; các yêu cầu tiếp theo bị bỏ qua đến hết phút.',
      en: 'This connection sent too many requests in a minute; further ones are ignored until the minute is over.',
    },
    remedy: 'Send at most 120 messages a minute on one connection (QUYTRINH_WS_MESSAGES_PER_MINUTE); one `subscribe` can name many topics.',
  },
  QT_LIVE_TOO_SLOW: {
    status: 503,
    message: {
      vi: 'Kết nối trực tiếp nhận dữ liệu quá chậm nên đã bị đóng. Trang sẽ tự kết nối lại.',
      en: 'The live connection was reading too slowly and was closed. The page reconnects by itself.',
    },
    remedy: 'A WebSocket with more than 4 MB waiting to be sent to it (QUYTRINH_WS_BUFFER_MB) is closed with code 1013; reconnect and catch up with `since`. A program on the socket must keep reading it.',
  },
  QT_LOGIN_LOCKED: {
    status: 429,
    message: {
      vi: 'Tên đăng nhập này tạm bị khóa do nhập sai mật khẩu nhiều lần. Hãy thử lại sau.',
      en: 'This user name is locked for a while after too many wrong passwords. Try again later.',
    },
    remedy: 'Wait for the time in the `Retry-After` header (`details[0].retryAfterSeconds`), or ask an administrator to reset the password.',
  },
  QT_INTERNAL: {
    status: 500,
    message: { vi: 'Lỗi máy chủ. Hãy thử lại; nếu vẫn lỗi, báo quản trị viên.', en: 'Server error. Try again; if it persists, tell an administrator.' },
    remedy: 'Retry; if it persists, the server log has the request id and the cause.',
  },
  QT_DATABASE_UNAVAILABLE: {
    status: 503,
    message: { vi: 'Cơ sở dữ liệu tạm thời không truy cập được.', en: 'The database is temporarily unavailable.' },
    remedy: 'Retry later; an operator checks DATABASE_URL and the database server.',
  },
  QT_MIGRATIONS_PENDING: {
    status: 503,
    message: { vi: 'Cơ sở dữ liệu chưa được nâng cấp lên phiên bản của mã này.', en: 'The database has not been upgraded to this code\'s version yet.' },
    remedy: 'Start (or restart) one server process of this version: it runs the migrations at start-up. /api/ready answers 503 meanwhile.',
  },
  QT_DATABASE_NEWER_THAN_CODE: {
    status: 503,
    message: {
      vi: 'Cơ sở dữ liệu đã được nâng cấp bởi một phiên bản mới hơn của quytrinh; phiên bản này không chạy trên nó.',
      en: 'The database was upgraded by a newer version of quytrinh; this version does not run on it.',
    },
    remedy: 'Install the version that upgraded the database (or newer); `details` names the migrations this code does not know. Migrations are forward-only: never restore an older release onto an upgraded database.',
  },
  QT_TIMERS_NOT_RUNNING: {
    status: 503,
    message: { vi: 'Bộ hẹn giờ của tiến trình này không chạy hoặc bị trễ.', en: 'This process\'s timers are not running, or are late.' },
    remedy: 'Check the server log for `scheduler:` errors and the database; restart the process if it stays late.',
  },
  QT_BACKUP_TOOL_MISSING: {
    status: 500,
    message: {
      vi: 'Không tìm thấy pg_dump/pg_restore trên PATH. Hãy cài gói postgresql-client cùng phiên bản với máy chủ.',
      en: 'pg_dump/pg_restore was not found on the PATH. Install the postgresql-client package of the server\'s version.',
    },
    remedy: 'On Debian/Ubuntu: `apt-get install postgresql-client`; the client\'s major version must be at least the server\'s.',
  },
  QT_RESTORE_NOT_EMPTY: {
    status: 409,
    message: {
      vi: 'Cơ sở dữ liệu đích đã có dữ liệu; không khôi phục đè lên nếu không có --force.',
      en: 'The target database already holds data; a restore does not overwrite it without --force.',
    },
    remedy: 'Restore into an empty database, or add `--force` to replace everything in it with the backup (stop every server process first).',
  },
  QT_BACKUP_UNREADABLE: {
    status: 400,
    message: { vi: 'Tệp sao lưu không đọc được hoặc không phải bản sao lưu của quytrinh.', en: 'The backup file cannot be read or is not a quytrinh backup.' },
    remedy: 'Give the file `npm run backup` wrote; a PGlite backup restores into PGlite, a PostgreSQL backup into PostgreSQL.',
  },
} as const satisfies Record<string, ErrorDef>;

export type ErrorCode = keyof typeof ErrorCatalog;

export interface ErrorDetail {
  field?: string;
  message: string | Text;
  [key: string]: unknown;
}

/** An error the server answers with; thrown anywhere, shaped once by the app's error handler. */
export class QtError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly messages: Text;
  readonly details: unknown[];
  readonly headers: Record<string, string>;
  constructor(code: ErrorCode, opts: { messages?: Text; details?: unknown[]; headers?: Record<string, string> } = {}) {
    const def: ErrorDef = ErrorCatalog[code];
    super(opts.messages?.en ?? def.message.en);
    this.name = 'QtError';
    this.code = code;
    this.status = def.status;
    this.messages = opts.messages ?? def.message;
    this.details = opts.details ?? [];
    this.headers = opts.headers ?? {};
  }
}

export function qtError(code: ErrorCode, opts?: ConstructorParameters<typeof QtError>[1]): QtError {
  return new QtError(code, opts);
}

export type Lang = 'vi' | 'en';

/** `Accept-Language: en…` → English; anything else → Vietnamese. */
export function langOf(acceptLanguage: string | undefined): Lang {
  const first = (acceptLanguage ?? '').split(',')[0]?.trim().toLowerCase() ?? '';
  return first.startsWith('en') ? 'en' : 'vi';
}

export function errorBody(err: QtError, lang: Lang): ErrorBody {
  return { error: { code: err.code, message: err.messages[lang], messages: err.messages, details: err.details } };
}
