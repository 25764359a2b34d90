import { defineSample, send, admin, liaison } from '../../sample.ts';
import { imp } from '../../walks.ts';

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description:
    'Written confirmation by the agency; the platform refuses while the warning is still being drafted; cancelled by an admin from inside the parallel state.',
  steps: [
    imp.open,
    imp.confirmFake,
    send(
      liaison,
      'AGENCY_CONFIRMED',
      { confirmationReference: '1024/CAT-PV01', confirmedAt: '2024-05-04' },
      { state: 'takedown.platform_report.filing,takedown.public_warning.drafting' },
    ),
    send(
      liaison,
      'FILED',
      { reportReference: 'FB-IMP-2024-0518', channel: 'official_letter', filedAt: '2024-05-04' },
      { state: 'takedown.platform_report.awaiting,takedown.public_warning.drafting' },
    ),
    send(
      liaison,
      'PLATFORM_REFUSED',
      { platformResponse: 'Nền tảng đề nghị cơ quan tự gửi yêu cầu qua công cụ xác minh danh tính.' },
      { state: 'takedown.platform_report.refused,takedown.public_warning.drafting' },
    ),
    send(admin, 'CANCEL', { reason: 'Chuyển sang xử lý theo hồ sơ liên ngành.' }, { state: 'cancelled' }),
  ],
  finalState: 'cancelled',
});
