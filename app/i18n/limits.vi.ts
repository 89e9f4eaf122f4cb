/** Strings of the limits feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const limitsVi = {
  limitsFeature: {
    /** {{wait}} là một trong hai chuỗi bên dưới. */
    post: "Bạn đang đăng bài quá nhanh; hãy thử lại sau {{wait}}.",
    vote: "Bạn đang bình chọn quá nhanh; hãy thử lại sau {{wait}}.",
    accept: "Bạn đang đổi câu trả lời được chấp nhận quá nhanh; hãy thử lại sau {{wait}}.",
    flag: "Bạn đã gửi nhiều báo cáo trong giờ này; hãy thử lại sau {{wait}}.",
    search: "Bạn đang tìm kiếm quá nhanh; hãy thử lại sau {{wait}}.",
    api: "Có quá nhiều yêu cầu trong thời gian ngắn; hãy thử lại sau {{wait}}.",
    keptText: "Nội dung bạn đã viết vẫn được giữ nguyên để bạn gửi lại sau.",
    keptSearch: "Nội dung tìm kiếm vẫn còn trong ô; khi đó hãy bấm “Tìm” lại.",
    seconds_other: "{{count}} giây",
    minutes_other: "{{count}} phút",
  },
};
