/** Strings of the live feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const liveVi = {
  liveFeature: {
    newReplies_other: "{{count}} câu trả lời mới",
    updated: "Chủ đề này vừa được cập nhật.",
    show: "Xem",
    refresh: "Tải lại",
    loading: "Đang tải…",
  },
};
