import { defineSample, admin, liaison } from '../../sample.ts';
import { imp } from '../../walks.ts';

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description:
    'Written confirmation by the agency; the platform refuses while the warning is still being drafted; cancelled by an admin from inside the parallel state.',
  steps: [
    imp.open,
    imp.confirmFake,
    {
      actor: liaison,
      event: { type: 'AGENCY_CONFIRMED', data: { confirmationReference: '1024/CAT-PV01', confirmedAt: '2024-05-04' } },
      expect: { state: 'takedown.platform_report.filing,takedown.public_warning.drafting' },
    },
    {
      actor: liaison,
      event: { type: 'FILED', data: { reportReference: 'FB-IMP-2024-0518', channel: 'official_letter', filedAt: '2024-05-04' } },
      expect: { state: 'takedown.platform_report.awaiting,takedown.public_warning.drafting' },
    },
    {
      actor: liaison,
      event: {
        type: 'PLATFORM_REFUSED',
        data: { platformResponse: 'Nền tảng đề nghị cơ quan tự gửi yêu cầu qua công cụ xác minh danh tính.' },
      },
      expect: { state: 'takedown.platform_report.refused,takedown.public_warning.drafting' },
    },
    {
      actor: admin,
      event: { type: 'CANCEL', data: { reason: 'Chuyển sang xử lý theo hồ sơ liên ngành.' } },
      expect: { state: 'cancelled' },
    },
  ],
  finalState: 'cancelled',
});
