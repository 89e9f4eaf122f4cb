/** Strings of the limits feature (en), merged by config.ts. Top-level keys must not clash with other files. */
export const limitsEn = {
  limitsFeature: {
    /** {{wait}} is one of the two strings below. */
    post: "You're posting too fast; try again in {{wait}}.",
    vote: "You're voting too fast; try again in {{wait}}.",
    accept: "You're changing the accepted answer too fast; try again in {{wait}}.",
    flag: "You've sent a lot of reports this hour; try again in {{wait}}.",
    search: "You're searching too fast; try again in {{wait}}.",
    api: "Too many requests in a short time; try again in {{wait}}.",
    keptText: "What you wrote is kept, so you can send it again then.",
    keptSearch: "Your search is kept in the form; press Search again then.",
    seconds_one: "{{count}} second",
    seconds_other: "{{count}} seconds",
    minutes_one: "{{count}} minute",
    minutes_other: "{{count}} minutes",
  },
};
