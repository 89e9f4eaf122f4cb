/** Strings of the errors feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const errorsVi = {
  errorsFeature: {
    pageTitle: "Lantern (lỗi {{status}})",
    unauthorized: {
      title: "Vui lòng đăng nhập trước",
      body: "Bạn cần đăng nhập để xem trang này.",
    },
    badRequest: {
      title: "Chúng tôi không xử lý được yêu cầu này",
      body: "Đường dẫn hoặc biểu mẫu có chỗ chưa đúng. Hãy quay lại và thử lần nữa.",
    },
    tooMany: {
      title: "Chậm lại một chút nhé",
      body: "Bạn thao tác quá nhiều lần. Hãy đợi một lát rồi thử lại.",
    },
    login: "Đăng nhập",
    tryAgain: "Thử lại",
    reference: "Mã tham chiếu (hãy gửi kèm khi liên hệ với chúng tôi): {{id}}",
    devDetails: "Chi tiết lỗi (chỉ hiển thị khi phát triển)",
    crossSite: {
      title: "Yêu cầu bị từ chối",
      body: "Biểu mẫu này được gửi từ một trang web khác nên chúng tôi không thực hiện. Hãy mở Lantern trực tiếp rồi thử lại.",
      home: "Đến Lantern",
    },
  },
};
