import { defineSample, send, wait, lead, liaison, press, pressLead, verifier } from '../../sample.ts';
import { imp } from '../../walks.ts';

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description:
    'Agency does not answer (3-day timer), then takedown and public warning run in parallel, with an overdue timer in the platform region; both regions finish and join into closing.',
  steps: [
    imp.open,
    imp.confirmFake,
    wait('P4D', { state: 'takedown.platform_report.filing,takedown.public_warning.drafting' }),
    send(
      liaison,
      'FILED',
      { reportReference: 'FB-IMP-2024-0517', channel: 'platform_report_tool', filedAt: '2024-05-06' },
      { state: 'takedown.platform_report.awaiting,takedown.public_warning.drafting' },
    ),
    send(
      pressLead,
      'SUBMIT_WARNING',
      {
        warningTitle: 'Cảnh báo trang Facebook giả mạo Công an tỉnh Kiên Giang',
        warningText:
          'Công an tỉnh Kiên Giang thông báo: trang “Công an tỉnh Kiên Giang - Tiếp nhận tố giác” là trang giả mạo. Đề nghị người dân không liên hệ, không chuyển tiền.',
        warningChannels: ['agency_official_pages', 'provincial_press'],
      },
      { state: 'takedown.platform_report.awaiting,takedown.public_warning.approving' },
    ),
    send(pressLead, 'APPROVE_WARNING', {}, { rejected: 'QT_GUARD_REFUSED' }),
    send(lead, 'APPROVE_WARNING', {}, { state: 'takedown.platform_report.awaiting,takedown.public_warning.publishing' }),
    wait('P6D', { state: 'takedown.platform_report.escalated,takedown.public_warning.publishing' }),
    send(
      lead,
      'ESCALATE',
      { escalationNote: 'Đã kiến nghị Bộ Thông tin và Truyền thông yêu cầu Meta gỡ bỏ.' },
      { state: 'takedown.platform_report.awaiting,takedown.public_warning.publishing' },
    ),
    send(
      press,
      'WARNING_PUBLISHED',
      { warningUrls: ['https://baokiengiang.vn/canh-bao-trang-gia-mao-cong-an-tinh'], publishedAt: '2024-05-13' },
      { state: 'takedown.platform_report.awaiting,takedown.public_warning.published' },
    ),
    send(liaison, 'PAGE_REMOVED', { removedAt: '2024-05-14' }, { state: 'closing' }),
    send(verifier, 'CLOSE_CASE', { pageOffline: true, closingSummary: 'Trang giả mạo đã bị gỡ bỏ; đã cảnh báo trên Báo Kiên Giang.' }, { state: 'closed' }),
  ],
  finalState: 'closed',
});
