import { defineSample, lead, liaison, press, pressLead, verifier } from '../../sample.ts';
import { imp } from '../../walks.ts';

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description:
    'Agency does not answer (3-day timer), then takedown and public warning run in parallel, with an overdue timer in the platform region; both regions finish and join into closing.',
  steps: [
    imp.open,
    imp.confirmFake,
    { advance: 'P4D', expect: { state: 'takedown.platform_report.filing,takedown.public_warning.drafting' } },
    {
      actor: liaison,
      event: { type: 'FILED', data: { reportReference: 'FB-IMP-2024-0517', channel: 'platform_report_tool', filedAt: '2024-05-06' } },
      expect: { state: 'takedown.platform_report.awaiting,takedown.public_warning.drafting' },
    },
    {
      actor: pressLead,
      event: {
        type: 'SUBMIT_WARNING',
        data: {
          warningTitle: 'Cảnh báo trang Facebook giả mạo Công an tỉnh Kiên Giang',
          warningText:
            'Công an tỉnh Kiên Giang thông báo: trang “Công an tỉnh Kiên Giang - Tiếp nhận tố giác” là trang giả mạo. Đề nghị người dân không liên hệ, không chuyển tiền.',
          warningChannels: ['agency_official_pages', 'provincial_press'],
        },
      },
      expect: { state: 'takedown.platform_report.awaiting,takedown.public_warning.approving' },
    },
    { actor: pressLead, event: { type: 'APPROVE_WARNING', data: {} }, expect: { rejected: 'QT_GUARD_REFUSED' } },
    {
      actor: lead,
      event: { type: 'APPROVE_WARNING', data: {} },
      expect: { state: 'takedown.platform_report.awaiting,takedown.public_warning.publishing' },
    },
    { advance: 'P6D', expect: { state: 'takedown.platform_report.escalated,takedown.public_warning.publishing' } },
    {
      actor: lead,
      event: { type: 'ESCALATE', data: { escalationNote: 'Đã kiến nghị Bộ Thông tin và Truyền thông yêu cầu Meta gỡ bỏ.' } },
      expect: { state: 'takedown.platform_report.awaiting,takedown.public_warning.publishing' },
    },
    {
      actor: press,
      event: {
        type: 'WARNING_PUBLISHED',
        data: { warningUrls: ['https://baokiengiang.vn/canh-bao-trang-gia-mao-cong-an-tinh'], publishedAt: '2024-05-13' },
      },
      expect: { state: 'takedown.platform_report.awaiting,takedown.public_warning.published' },
    },
    { actor: liaison, event: { type: 'PAGE_REMOVED', data: { removedAt: '2024-05-14' } }, expect: { state: 'closing' } },
    {
      actor: verifier,
      event: {
        type: 'CLOSE_CASE',
        data: { pageOffline: true, closingSummary: 'Trang giả mạo đã bị gỡ bỏ; đã cảnh báo trên Báo Kiên Giang.' },
      },
      expect: { state: 'closed' },
    },
  ],
  finalState: 'closed',
});
