import { defineSample, pressVerifier, verifier } from '../../sample.ts';

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description: 'The reporter may not check their own report; the checker finds the page is genuine.',
  steps: [
    {
      actor: pressVerifier,
      open: {
        pageUrls: ['https://www.facebook.com/profile.php?id=100089123456789'],
        platform: 'facebook',
        pageName: 'Công an tỉnh Kiên Giang - Tiếp nhận tố giác',
        impersonatedAgency: 'Công an tỉnh Kiên Giang',
        followers: 1250,
        description: 'Trang sử dụng tên, biểu tượng của Công an tỉnh, đề nghị người dân “nộp phí hỗ trợ lấy lại tiền bị lừa”.',
        evidence: [],
      },
      expect: { state: 'verification.checking' },
    },
    {
      actor: pressVerifier,
      event: {
        type: 'CONFIRM_FAKE',
        data: {
          fakeIndicators: ['name_logo', 'solicits_money'],
          officialPageUrl: 'https://www.facebook.com/congankiengiang',
          checkNote: 'Không có trong danh sách trang chính thức.',
        },
      },
      expect: { rejected: 'QT_GUARD_REFUSED' },
    },
    {
      actor: verifier,
      event: { type: 'NOT_FAKE', data: { reason: 'Trang đã được Công an tỉnh xác nhận là trang chính thức mới lập.' } },
      expect: { state: 'closed_not_fake' },
    },
  ],
  finalState: 'closed_not_fake',
});
