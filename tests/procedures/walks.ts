// The steps the valid samples share: the same report opened, submitted, confirmed, and so on.
import { lead, liaison, monitor, open, press, secretariat, send, verifier, type Step } from './sample.ts';

/** An impersonating page, as the press reports it. */
export const pageReport = {
  pageUrls: ['https://www.facebook.com/profile.php?id=100089123456789'],
  platform: 'facebook',
  pageName: 'Công an tỉnh Kiên Giang - Tiếp nhận tố giác',
  impersonatedAgency: 'Công an tỉnh Kiên Giang',
  followers: 1250,
  description: 'Trang sử dụng tên, biểu tượng của Công an tỉnh, đề nghị người dân “nộp phí hỗ trợ lấy lại tiền bị lừa”.',
  evidence: ['att-0201'],
};

export const hc = {
  open: open(
    monitor,
    {
      urls: ['https://www.facebook.com/tinnong.kiengiang24h/posts/1029384756'],
      platform: 'facebook',
      accountName: 'Tin nóng Kiên Giang 24h',
      category: 'fraud',
      description: 'Trang đăng bài tuyển cộng tác viên “việc nhẹ lương cao”, yêu cầu nộp tiền đặt cọc; nhiều người dân phản ánh bị chiếm đoạt tiền.',
      discoveredAt: '2024-05-02',
      reach: 3400,
      evidence: ['att-0001'],
    },
    { state: 'detected' },
  ),
  submit: send(monitor, 'SUBMIT', {}, { state: 'verifying' }),
  confirm: send(
    verifier,
    'CONFIRM',
    { legalBasis: ['decree_15_2020'], severity: 'high', verificationNote: 'Vi phạm điểm a khoản 1 Điều 101 Nghị định số 15/2020/NĐ-CP.' },
    { state: 'deciding' },
  ),
  requestRemoval: send(
    lead,
    'REQUEST_REMOVAL',
    { platformContact: 'Đại diện Meta tại Việt Nam', deadline: '2024-05-10', removalInstructions: 'Đề nghị gỡ bỏ trong 24 giờ.' },
    { state: 'removal.requested' },
  ),
  sent: send(liaison, 'SENT', { requestReference: '125/STTTT-TTBCXB', sentAt: '2024-05-03', channel: 'ministry_ict' }, { state: 'removal.following_up' }),
  submitReport: send(
    secretariat,
    'SUBMIT_REPORT',
    { reportNumber: '15-BC/BTGTU', reportDate: '2024-05-31', summary: 'Đã yêu cầu gỡ bỏ và theo dõi kết quả xử lý; tổng hợp vào báo cáo tháng 5/2024.' },
    { state: 'done' },
  ),
};

export const imp = {
  open: open(press, pageReport, { state: 'verification.checking' }),
  confirmFake: send(
    verifier,
    'CONFIRM_FAKE',
    {
      fakeIndicators: ['name_logo', 'solicits_money'],
      officialPageUrl: 'https://www.facebook.com/congankiengiang',
      checkNote: 'Không có trong danh sách trang chính thức.',
    },
    { state: 'verification.agency_confirmation' },
  ),
};

/** Opened, submitted and confirmed: the case waits for the lead's decision. */
export const toDeciding: Step[] = [hc.open, hc.submit, hc.confirm];
/** Removal requested and sent: the case waits for the platform. */
export const toFollowingUp: Step[] = [...toDeciding, hc.requestRemoval, hc.sent];
