/**
 * Per-request values the document needs while rendering: the CSP nonce (for Remix's inline scripts) and the
 * request id (shown on the 500 page so a member can quote it) and the request's language. entry.server.tsx provides them on the server; in
 * the browser they are read back from the DOM the server sent, so the nonce appears in the HTML only as
 * `nonce="…"` attributes (a page cache can swap it) and never in loader data.
 */
import { createContext, useContext } from "react";

export interface DocumentRequestInfo {
  nonce?: string;
  requestId?: string;
  /**
   * The visitor's language as the request says (cookie, Accept-Language): used when the root loader did not run,
   * e.g. the 404 of a URL no route matches.
   */
  lang?: string;
  /** Server only, on a shared member page (ADR 017): the text to render where the member's own header part goes. */
  memberSlot?: string;
}

function fromDom(): DocumentRequestInfo {
  if (typeof document === "undefined") return {};
  // Browsers hide the nonce attribute after parsing; the `nonce` property keeps it.
  const script = document.querySelector<HTMLScriptElement>("script[nonce]");
  const rid = document.querySelector("[data-request-id]")?.getAttribute("data-request-id");
  return {
    nonce: script?.nonce || undefined,
    requestId: rid ?? undefined,
    lang: document.documentElement.lang || undefined,
  };
}

export const DocumentRequestContext = createContext<DocumentRequestInfo | null>(null);

let clientInfo: DocumentRequestInfo | null = null;

export function useDocumentRequestInfo(): DocumentRequestInfo {
  const provided = useContext(DocumentRequestContext);
  if (provided) return provided;
  clientInfo ??= fromDom();
  return clientInfo;
}
