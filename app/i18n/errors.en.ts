/** Strings of the errors feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const errorsEn = {
  errorsFeature: {
    pageTitle: "Lantern (error {{status}})",
    unauthorized: {
      title: "Please log in first",
      body: "You need to be logged in to see this page.",
    },
    badRequest: {
      title: "We couldn't handle that request",
      body: "Something in the link or the form was not right. Go back and try again.",
    },
    tooMany: {
      title: "Slow down a little",
      body: "You're doing that too often. Wait a moment, then try again.",
    },
    login: "Log in",
    tryAgain: "Try again",
    reference: "Reference code (quote it if you contact us): {{id}}",
    devDetails: "Error details (shown only in development)",
    crossSite: {
      title: "Request refused",
      body: "This form was sent from another website, so we did not act on it. Open Lantern directly and try again.",
      home: "Go to Lantern",
    },
  },
};
