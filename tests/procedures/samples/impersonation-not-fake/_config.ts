import { defineSample, open, send, pressVerifier, verifier } from '../../sample.ts';
import { pageReport } from '../../walks.ts';

export default defineSample({
  base: 'impersonation-page',
  valid: true,
  description: 'The reporter may not check their own report; the checker finds the page is genuine.',
  steps: [
    open(pressVerifier, { ...pageReport, evidence: [] }, { state: 'verification.checking' }),
    send(
      pressVerifier,
      'CONFIRM_FAKE',
      {
        fakeIndicators: ['name_logo', 'solicits_money'],
        officialPageUrl: 'https://www.facebook.com/congankiengiang',
        checkNote: 'Không có trong danh sách trang chính thức.',
      },
      { rejected: 'QT_GUARD_REFUSED' },
    ),
    send(verifier, 'NOT_FAKE', { reason: 'Trang đã được Công an tỉnh xác nhận là trang chính thức mới lập.' }, { state: 'closed_not_fake' }),
  ],
  finalState: 'closed_not_fake',
});
