import { defineSample, verifier, liaison, admin, press } from '../../sample.ts';

const report = {
  pageUrls: ['https://www.facebook.com/profile.php?id=100089123456789'],
  platform: 'facebook',
  pageName: 'Công an tỉnh Kiên Giang - Tiếp nhận tố giác',
  impersonatedAgency: 'Công an tỉnh Kiên Giang',
  followers: 1250,
  description: 'Trang sử dụng tên, biểu tượng của Công an tỉnh, đề nghị người dân “nộp phí hỗ trợ lấy lại tiền bị lừa”.',
  evidence: ['att-0201'],
};

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description:
    'Written confirmation by the agency; the platform refuses while the warning is still being drafted; cancelled by an admin from inside the parallel state.',
  steps: [
    { actor: press, open: report, expect: { state: 'verification.checking' } },
    {
      actor: verifier,
      event: {
        type: 'CONFIRM_FAKE',
        data: {
          fakeIndicators: ['name_logo', 'solicits_money'],
          officialPageUrl: 'https://www.facebook.com/congankiengiang',
          checkNote: 'Không có trong danh sách trang chính thức.',
        },
      },
      expect: { state: 'verification.agency_confirmation' },
    },
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
