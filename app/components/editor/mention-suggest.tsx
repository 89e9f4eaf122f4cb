/**
 * @mention autocomplete for the tiptap editor. When the text before the cursor ends with `@` + letters (outside
 * code), members whose usernames start with them are fetched from /api/v1/users/suggest and shown in a listbox:
 * arrow keys move, Enter or Tab inserts `@username ` as plain text (the rich-text contract is unchanged),
 * Escape closes. The editable element gets the combobox ARIA attributes while the list is open.
 */
import type { Editor } from "@tiptap/react";
import { useCallback, useEffect, useRef, useState } from "react";
import { useTranslation } from "~/i18n/react";
import { mentionQueryBefore } from "~/domain/engagement/mentions";

interface MentionState {
  query: string;
  from: number;
  to: number;
  items: string[];
  active: number;
  loaded: boolean;
}

type EditorView = Editor["view"];

export function useMentionSuggest(listId: string) {
  const [state, setState] = useState<MentionState | null>(null);
  const ref = useRef<MentionState | null>(null);
  ref.current = state;
  const viewRef = useRef<EditorView | null>(null);
  const abort = useRef<AbortController | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const close = useCallback(() => {
    abort.current?.abort();
    if (timer.current) clearTimeout(timer.current);
    setState(null);
  }, []);

  /** Call on every editor update / selection change. */
  const update = useCallback(
    (view: EditorView) => {
      viewRef.current = view;
      const { selection } = view.state;
      const $from = selection.$from;
      const inCode =
        $from.parent.type.spec.code === true || $from.marks().some((m) => m.type.name === "code");
      const before = selection.empty
        ? $from.parent.textBetween(0, $from.parentOffset, undefined, "\ufffc")
        : "";
      const query = inCode ? null : mentionQueryBefore(before);
      if (!query) {
        if (ref.current) close();
        return;
      }
      const to = selection.from;
      const from = to - query.length - 1;
      if (ref.current?.query === query && ref.current.from === from) return;
      setState((s) => ({ query, from, to, items: s?.items ?? [], active: 0, loaded: s?.loaded ?? false }));
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        abort.current?.abort();
        const ctl = new AbortController();
        abort.current = ctl;
        fetch(`/api/v1/users/suggest?q=${encodeURIComponent(query)}`, { signal: ctl.signal })
          .then((r) => (r.ok ? (r.json() as Promise<{ users: { username: string }[] }>) : { users: [] }))
          .then((body) => {
            setState((s) =>
              s && s.query === query
                ? { ...s, items: body.users.map((u) => u.username), active: 0, loaded: true }
                : s,
            );
          })
          .catch(() => {
            /* aborted or offline: keep typing */
          });
      }, 150);
    },
    [close],
  );

  const choose = useCallback(
    (username: string) => {
      const view = viewRef.current;
      const s = ref.current;
      if (!view || !s) return;
      view.dispatch(view.state.tr.insertText(`@${username} `, s.from, s.to));
      view.focus();
      close();
    },
    [close],
  );

  /** For editorProps.handleKeyDown: true when the key was used by the list. */
  const onKeyDown = useCallback(
    (event: KeyboardEvent): boolean => {
      const s = ref.current;
      if (!s) return false;
      if (event.key === "Escape") {
        close();
        return true;
      }
      if (!s.items.length) return false;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        const d = event.key === "ArrowDown" ? 1 : -1;
        setState({ ...s, active: (s.active + d + s.items.length) % s.items.length });
        return true;
      }
      if (event.key === "Enter" || event.key === "Tab") {
        choose(s.items[s.active]!);
        return true;
      }
      return false;
    },
    [choose, close],
  );

  // Combobox semantics on the editable element while the list is open.
  useEffect(() => {
    const dom = viewRef.current?.dom;
    if (!dom) return;
    const open = !!state && state.loaded;
    dom.setAttribute("aria-autocomplete", "list");
    if (open) dom.setAttribute("aria-controls", listId);
    else dom.removeAttribute("aria-controls");
    if (open && state.items.length) dom.setAttribute("aria-activedescendant", `${listId}-${state.active}`);
    else dom.removeAttribute("aria-activedescendant");
  }, [state, listId]);

  useEffect(() => () => close(), [close]);

  return { state, update, onKeyDown, choose, close };
}

export function MentionList({
  id,
  state,
  onChoose,
}: {
  id: string;
  state: MentionState | null;
  onChoose: (username: string) => void;
}) {
  const { t } = useTranslation();
  if (!state || !state.loaded) return null;
  return (
    <>
      <p role="status" className="sr-only">
        {state.items.length ? t("engagementFeature.mentionHint") : t("engagementFeature.mentionNone")}
      </p>
      <ul
        id={id}
        role="listbox"
        className="mention-list"
        aria-label={t("engagementFeature.mentionListLabel")}
      >
        {state.items.length === 0 ? (
          <li className="mention-empty" role="presentation">
            {t("engagementFeature.mentionNone")}
          </li>
        ) : (
          state.items.map((name, i) => (
            <li
              key={name}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === state.active}
              onMouseDown={(e) => {
                e.preventDefault();
                onChoose(name);
              }}
            >
              @{name}
            </li>
          ))
        )}
      </ul>
    </>
  );
}
