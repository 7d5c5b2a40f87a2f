// Every text of the citizen app, in Vietnamese and English.
export const languages = ['vi', 'en'] as const;
export type Lang = (typeof languages)[number];

const texts = {
  brand: { vi: 'Phản ánh hiện trường', en: 'Report a problem' },
  navReport: { vi: 'Gửi phản ánh', en: 'Report' },
  navMap: { vi: 'Bản đồ', en: 'Map' },
  navStats: { vi: 'Thống kê', en: 'Statistics' },
  other: { vi: 'English', en: 'Tiếng Việt' },
  category: { vi: 'Lĩnh vực', en: 'Category' },
  choose: { vi: '— Chọn lĩnh vực —', en: '— Choose a category —' },
  photo: { vi: 'Ảnh hiện trường', en: 'Photo' },
  photoHint: {
    vi: 'Vị trí được lấy từ ảnh (nếu có); thông tin EXIF bị xóa trước khi công bố.',
    en: 'The location is read from the photo when it has one; its EXIF data is removed before anything is published.',
  },
  location: { vi: 'Vị trí (chạm vào bản đồ để ghim)', en: 'Location (tap the map to drop a pin)' },
  fromPhoto: { vi: 'Vị trí lấy từ ảnh', en: 'Location from the photo' },
  noLocation: { vi: 'Chưa có vị trí', en: 'No location yet' },
  description: { vi: 'Mô tả', en: 'Description' },
  email: { vi: 'Email (không công khai)', en: 'Email (never published)' },
  send: { vi: 'Gửi phản ánh', en: 'Send report' },
  sending: { vi: 'Đang gửi…', en: 'Sending…' },
  sent: { vi: 'Đã tiếp nhận phản ánh', en: 'Your report was received' },
  follow: {
    vi: 'Theo dõi phản ánh tại liên kết này (giữ bí mật):',
    en: 'Follow your report at this link (keep it private):',
  },
  needCategory: { vi: 'Hãy chọn lĩnh vực.', en: 'Please choose a category.' },
  needLocation: {
    vi: 'Hãy ghim vị trí hoặc chọn ảnh có vị trí.',
    en: 'Please drop a pin or choose a photo with a location.',
  },
  status: { vi: 'Trạng thái', en: 'Status' },
  open: { vi: 'Đang xử lý', en: 'Open' },
  closed: { vi: 'Đã xử lý', en: 'Closed' },
  agency: { vi: 'Cơ quan xử lý', en: 'Responsible agency' },
  deadline: { vi: 'Hạn trả lời', en: 'Answer due' },
  overdue: { vi: 'Quá hạn', en: 'Overdue' },
  answer: { vi: 'Kết quả xử lý', en: 'Answer' },
  noAnswer: { vi: 'Chưa có kết quả.', en: 'No answer yet.' },
  pending: { vi: 'Nội dung đang chờ kiểm duyệt.', en: 'The text is waiting for moderation.' },
  rate: { vi: 'Đánh giá kết quả', en: 'Rate the answer' },
  rated: { vi: 'Cảm ơn bạn đã đánh giá', en: 'Thank you for your rating' },
  reopen: { vi: 'Chưa khắc phục? Phản ánh lại', en: 'Not fixed? Reopen' },
  reopenReason: { vi: 'Lý do', en: 'Reason' },
  month: { vi: 'Tháng', en: 'Month' },
  received: { vi: 'Tiếp nhận', en: 'Received' },
  answered: { vi: 'Đã trả lời', en: 'Answered' },
  onTime: { vi: 'Đúng hạn', en: 'On time' },
  lateOpen: { vi: 'Trễ hạn', en: 'Late' },
  onTimeRate: { vi: 'Tỉ lệ đúng hạn', en: 'On-time rate' },
  mapAttribution: { vi: 'Vị trí phản ánh', en: 'Report locations' },
} as const satisfies Record<string, Record<Lang, string>>;
export type TextKey = keyof typeof texts;

export function translator(lang: Lang) {
  return (key: TextKey) => texts[key][lang];
}
