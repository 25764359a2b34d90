// The steps the valid samples share: the same report opened, submitted, confirmed, and so on.
import { lead, liaison, monitor, press, secretariat, verifier, type Step } from './sample.ts';

export const hc = {
  open: {
    actor: monitor,
    open: {
      urls: ['https://www.facebook.com/tinnong.kiengiang24h/posts/1029384756'],
      platform: 'facebook',
      accountName: 'Tin nóng Kiên Giang 24h',
      category: 'fraud',
      description:
        'Trang đăng bài tuyển cộng tác viên “việc nhẹ lương cao”, yêu cầu nộp tiền đặt cọc; nhiều người dân phản ánh bị chiếm đoạt tiền.',
      discoveredAt: '2024-05-02',
      reach: 3400,
      evidence: ['att-0001'],
    },
    expect: { state: 'detected' },
  } as Step,
  submit: { actor: monitor, event: { type: 'SUBMIT', data: {} }, expect: { state: 'verifying' } } as Step,
  confirm: {
    actor: verifier,
    event: {
      type: 'CONFIRM',
      data: {
        legalBasis: 'decree_15_2020',
        severity: 'high',
        verificationNote: 'Vi phạm điểm a khoản 1 Điều 101 Nghị định số 15/2020/NĐ-CP.',
      },
    },
    expect: { state: 'deciding' },
  } as Step,
  requestRemoval: {
    actor: lead,
    event: {
      type: 'REQUEST_REMOVAL',
      data: { platformContact: 'Đại diện Meta tại Việt Nam', deadline: '2024-05-10', removalInstructions: 'Đề nghị gỡ bỏ trong 24 giờ.' },
    },
    expect: { state: 'removal.requested' },
  } as Step,
  sent: {
    actor: liaison,
    event: { type: 'SENT', data: { requestReference: '125/STTTT-TTBCXB', sentAt: '2024-05-03', channel: 'ministry_ict' } },
    expect: { state: 'removal.following_up' },
  } as Step,
  submitReport: {
    actor: secretariat,
    event: {
      type: 'SUBMIT_REPORT',
      data: {
        reportNumber: '15-BC/BTGTU',
        reportDate: '2024-05-31',
        summary: 'Đã yêu cầu gỡ bỏ và theo dõi kết quả xử lý; tổng hợp vào báo cáo tháng 5/2024.',
      },
    },
    expect: { state: 'done' },
  } as Step,
};

export const imp = {
  open: {
    actor: press,
    open: {
      pageUrls: ['https://www.facebook.com/profile.php?id=100089123456789'],
      platform: 'facebook',
      pageName: 'Công an tỉnh Kiên Giang - Tiếp nhận tố giác',
      impersonatedAgency: 'Công an tỉnh Kiên Giang',
      followers: 1250,
      description: 'Trang sử dụng tên, biểu tượng của Công an tỉnh, đề nghị người dân “nộp phí hỗ trợ lấy lại tiền bị lừa”.',
      evidence: ['att-0201'],
    },
    expect: { state: 'verification.checking' },
  } as Step,
  confirmFake: {
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
  } as Step,
};
