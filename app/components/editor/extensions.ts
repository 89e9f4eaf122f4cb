/**
 * The editor's extensions, shared by the browser editor and the server renderer so both use one schema.
 * The allowed node/mark types must match domain/forum/rich-text.ts (a unit test checks that they do).
 */
import StarterKit from "@tiptap/starter-kit";

export const editorExtensions = [
  StarterKit.configure({
    heading: { levels: [2, 3] },
    underline: false,
    link: {
      openOnClick: false,
      autolink: true,
      protocols: ["http", "https", "mailto"],
      HTMLAttributes: { rel: "nofollow ugc noopener noreferrer", target: "_blank" },
    },
  }),
];
