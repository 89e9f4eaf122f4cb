import { EditorContent, useEditor, useEditorState, type Editor } from "@tiptap/react";
import { useState } from "react";
import { Placeholder } from "@tiptap/extensions";
import { editorExtensions } from "./extensions";
import { useEditorLabels, type RichTextFieldProps } from "./rich-text-field";
import { MentionList, useMentionSuggest } from "./mention-suggest";

function plainTextToContent(text: string) {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim());
  if (!paragraphs.length) return "";
  return {
    type: "doc",
    content: paragraphs.map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })),
  };
}

function initialContent(props: RichTextFieldProps) {
  if (props.initialJson) {
    try {
      return JSON.parse(props.initialJson) as object;
    } catch {
      /* fall through to text */
    }
  }
  return plainTextToContent(props.initialText ?? "");
}

function Toolbar({ editor }: { editor: Editor }) {
  const l = useEditorLabels();
  const state = useEditorState({
    editor,
    selector: ({ editor: e }) => ({
      bold: e.isActive("bold"),
      italic: e.isActive("italic"),
      strike: e.isActive("strike"),
      code: e.isActive("code"),
      heading: e.isActive("heading", { level: 2 }),
      bulletList: e.isActive("bulletList"),
      orderedList: e.isActive("orderedList"),
      blockquote: e.isActive("blockquote"),
      codeBlock: e.isActive("codeBlock"),
      link: e.isActive("link"),
    }),
  });
  const btn = (name: keyof typeof state, label: string, icon: React.ReactNode, run: () => void) => (
    <button
      type="button"
      className={`tb-btn${state[name] ? " is-active" : ""}`}
      aria-label={label}
      title={label}
      aria-pressed={state[name]}
      onMouseDown={(e) => e.preventDefault()}
      onClick={run}
    >
      {icon}
    </button>
  );
  const chain = () => editor.chain().focus();
  return (
    <div className="editor-toolbar" role="toolbar" aria-label={l.toolbar}>
      {btn("bold", l.bold, <b>B</b>, () => chain().toggleBold().run())}
      {btn("italic", l.italic, <i>I</i>, () => chain().toggleItalic().run())}
      {btn("strike", l.strike, <s>S</s>, () => chain().toggleStrike().run())}
      {btn("code", l.code, <code>{"<>"}</code>, () => chain().toggleCode().run())}
      <span className="tb-sep" aria-hidden="true" />
      {btn("heading", l.heading, <span>H</span>, () => chain().toggleHeading({ level: 2 }).run())}
      {btn("bulletList", l.bulletList, <span>•≡</span>, () => chain().toggleBulletList().run())}
      {btn("orderedList", l.orderedList, <span>1.</span>, () => chain().toggleOrderedList().run())}
      {btn("blockquote", l.blockquote, <span>❝</span>, () => chain().toggleBlockquote().run())}
      {btn("codeBlock", l.codeBlock, <span>{"{ }"}</span>, () => chain().toggleCodeBlock().run())}
      {btn("link", l.link, <LinkIcon />, () => {
        if (editor.isActive("link")) {
          chain().unsetLink().run();
          return;
        }
        const href = window.prompt(l.linkPrompt, "https://");
        if (href && /^(https?:|mailto:)/i.test(href.trim())) chain().setLink({ href: href.trim() }).run();
      })}
    </div>
  );
}

function LinkIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      aria-hidden="true"
    >
      <path d="M10 14a4 4 0 0 0 5.66 0l3-3a4 4 0 0 0-5.66-5.66l-1 1" />
      <path d="M14 10a4 4 0 0 0-5.66 0l-3 3a4 4 0 0 0 5.66 5.66l1-1" />
    </svg>
  );
}

export default function TiptapEditor(props: RichTextFieldProps) {
  const [json, setJson] = useState<string>(() => {
    const c = initialContent(props);
    return c ? JSON.stringify(c) : "";
  });
  const mentionListId = `${props.id}-mentions`;
  const mentions = useMentionSuggest(mentionListId);
  const editor = useEditor({
    extensions: [...editorExtensions, Placeholder.configure({ placeholder: props.placeholder ?? "" })],
    immediatelyRender: false,
    content: initialContent(props),
    editorProps: {
      attributes: {
        id: props.id,
        class: "editor-content",
        role: "textbox",
        "aria-multiline": "true",
        "aria-labelledby": `${props.id}-label`,
        ...(props.errorId ? { "aria-describedby": props.errorId } : {}),
        ...(props.invalid ? { "aria-invalid": "true" } : {}),
      },
      handleKeyDown: (_view, event) => mentions.onKeyDown(event),
    },
    onUpdate: ({ editor: e }) => {
      setJson(e.isEmpty ? "" : JSON.stringify(e.getJSON()));
      mentions.update(e.view);
    },
    onSelectionUpdate: ({ editor: e }) => mentions.update(e.view),
    onBlur: () => mentions.close(),
  });
  return (
    <div className={`editor${props.invalid ? " is-invalid" : ""}`}>
      {editor ? <Toolbar editor={editor} /> : null}
      <div className="mention-box">
        <EditorContent editor={editor} />
        <MentionList id={mentionListId} state={mentions.state} onChoose={mentions.choose} />
      </div>
      <input type="hidden" name="body" value={json} />
    </div>
  );
}
