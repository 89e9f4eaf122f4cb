/** Strings of the auth feature (vi), merged by config.ts. Top-level keys must not clash with other files. */
export const authVi = {
  authFeature: {
    forgotLink: "Quên mật khẩu?",
    backToLogin: "Quay lại đăng nhập",
    seconds_one: "{{count}} giây",
    seconds_other: "{{count}} giây",
    minutes_one: "{{count}} phút",
    minutes_other: "{{count}} phút",
    errors: {
      login_throttled:
        "Tài khoản này đã đăng nhập sai quá nhiều lần. Hãy thử lại sau {{wait}}, hoặc đặt lại mật khẩu.",
      account_locked:
        "Tài khoản này đã bị tạm khoá vì đăng nhập sai quá nhiều lần. Nếu đây là tài khoản của bạn, hãy dùng liên kết mở khoá chúng tôi đã gửi tới địa chỉ e-mail của tài khoản, hoặc đặt lại mật khẩu.",
      rate_limited: "Có quá nhiều yêu cầu từ kết nối của bạn. Hãy thử lại sau {{wait}}.",
      link_invalid: "Liên kết này không hợp lệ. Hãy yêu cầu một liên kết mới.",
      link_expired: "Liên kết này đã hết hạn. Hãy yêu cầu một liên kết mới.",
      link_used: "Liên kết này đã được sử dụng. Nếu vẫn cần, hãy yêu cầu một liên kết mới.",
      email_taken: "Địa chỉ e-mail này đã có tài khoản. Hãy đăng nhập, hoặc đặt lại mật khẩu nếu bạn quên.",
    },
    login: {
      unlocked: "Tài khoản của bạn đã được mở khoá. Bây giờ bạn có thể đăng nhập.",
      loggedOutEverywhere: "Bạn đã được đăng xuất khỏi mọi thiết bị.",
    },
    forgot: {
      title: "Quên mật khẩu?",
      lead: "Nhập địa chỉ e-mail của tài khoản. Chúng tôi sẽ gửi cho bạn một liên kết để đặt mật khẩu mới.",
      email: "Địa chỉ e-mail",
      button: "Gửi liên kết",
      sent: "Nếu địa chỉ này có tài khoản, chúng tôi đã gửi một liên kết tới đó. Liên kết có hiệu lực trong 1 giờ; hãy kiểm tra cả thư mục thư rác.",
    },
    reset: {
      title: "Đặt mật khẩu mới",
      lead: "Sau khi lưu, bạn sẽ được đăng nhập tại đây và đăng xuất khỏi mọi thiết bị khác.",
      password: "Mật khẩu mới",
      hint: "Ít nhất 8 ký tự.",
      button: "Lưu mật khẩu mới",
      invalidTitle: "Không thể dùng liên kết này",
      requestNew: "Yêu cầu liên kết mới",
    },
    unlock: {
      title: "Mở khoá tài khoản",
      lead: "Tài khoản của bạn đã bị tạm khoá vì đăng nhập sai quá nhiều lần. Hãy mở khoá rồi đăng nhập bằng mật khẩu của bạn.",
      hint: "Nếu những lần đăng nhập sai đó không phải của bạn, sau đó hãy đặt mật khẩu mới bằng “Quên mật khẩu?”.",
      button: "Mở khoá tài khoản",
      invalidTitle: "Không thể dùng liên kết này",
    },
    security: {
      link: "Bảo mật tài khoản",
      title: "Bảo mật tài khoản",
      lead: "Các phiên đăng nhập và mật khẩu của bạn.",
      passwordReset:
        "Mật khẩu của bạn đã được thay đổi. Bạn đang đăng nhập tại đây, và mọi thiết bị khác đã bị đăng xuất.",
      sessionsTitle: "Nơi bạn đang đăng nhập",
      sessions_one: "Bạn đang đăng nhập trên {{count}} thiết bị hoặc trình duyệt (chính là thiết bị này).",
      sessions_other: "Bạn đang đăng nhập trên {{count}} thiết bị hoặc trình duyệt, kể cả thiết bị này.",
      logoutHint:
        "Đăng xuất khỏi mọi thiết bị, kể cả thiết bị này. Hãy dùng khi bạn đã đăng nhập trên máy dùng chung, hoặc nghi ngờ người khác biết mật khẩu của bạn.",
      logoutEverywhere: "Đăng xuất khỏi mọi thiết bị",
      passwordTitle: "Mật khẩu",
      passwordHint: "Để đổi mật khẩu, chúng tôi sẽ gửi liên kết đặt lại tới {{email}}.",
      passwordButton: "Gửi cho tôi liên kết đặt lại",
      passwordSent: "Chúng tôi đã gửi liên kết tới {{email}}. Liên kết có hiệu lực trong 1 giờ.",
    },
  },
};
