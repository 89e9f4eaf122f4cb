/** Strings of the auth feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const authEn = {
  authFeature: {
    forgotLink: "Forgot your password?",
    backToLogin: "Back to log in",
    seconds_one: "{{count}} second",
    seconds_other: "{{count}} seconds",
    minutes_one: "{{count}} minute",
    minutes_other: "{{count}} minutes",
    errors: {
      login_throttled:
        "Too many failed attempts for this account. Try again in {{wait}}, or reset your password.",
      account_locked:
        "This account is locked after too many failed attempts. If it's yours, use the unlock link we sent to its e-mail address, or reset your password.",
      rate_limited: "Too many requests from your connection. Try again in {{wait}}.",
      link_invalid: "This link is not valid. Ask for a new one.",
      link_expired: "This link has expired. Ask for a new one.",
      link_used: "This link has already been used. Ask for a new one if you still need it.",
      email_taken:
        "This e-mail address already belongs to an account. Log in, or reset your password if you forgot it.",
    },
    login: {
      unlocked: "Your account is unlocked. You can log in now.",
      loggedOutEverywhere: "You have been logged out on every device.",
    },
    forgot: {
      title: "Forgot your password?",
      lead: "Enter the e-mail address of your account. We'll send you a link to choose a new password.",
      email: "E-mail address",
      button: "Send the link",
      sent: "If an account exists for that address, we sent a link to it. The link works for 1 hour; check your spam folder too.",
    },
    reset: {
      title: "Choose a new password",
      lead: "After saving, you are logged in here and logged out on every other device.",
      password: "New password",
      hint: "At least 8 characters.",
      button: "Save the new password",
      invalidTitle: "This link can't be used",
      requestNew: "Ask for a new link",
    },
    unlock: {
      title: "Unlock your account",
      lead: "Your account was locked after too many failed login attempts. Unlock it, then log in with your password.",
      hint: "If the failed attempts weren't yours, choose a new password afterwards with “Forgot your password?”.",
      button: "Unlock my account",
      invalidTitle: "This link can't be used",
    },
    security: {
      link: "Account security",
      title: "Account security",
      lead: "Your sessions and your password.",
      passwordReset:
        "Your password has been changed. You are logged in here, and every other device has been logged out.",
      sessionsTitle: "Where you're logged in",
      sessions_one: "You are logged in on {{count}} device or browser (this one).",
      sessions_other: "You are logged in on {{count}} devices or browsers, this one included.",
      logoutHint:
        "Logs you out on every device, this one included. Use it after logging in on a shared computer, or if you think someone else knows your password.",
      logoutEverywhere: "Log out everywhere",
      passwordTitle: "Password",
      passwordHint: "To change your password, we send a reset link to {{email}}.",
      passwordButton: "Send me a reset link",
      passwordSent: "We sent a link to {{email}}. It works for 1 hour.",
    },
  },
};
