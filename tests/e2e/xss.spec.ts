/**
 * Stored and reflected XSS, end to end: OWASP filter-evasion style payloads are written through the pages and
 * the JSON API (as a member and as staff), then every page that shows them is opened in Chromium. A trap set up
 * before any page script runs records `window.__xss = …`; dialogs and CSP violations are recorded too, and the
 * DOM is searched for event-handler attributes and script URLs. The payload text must still be visible as text,
 * so a sanitizer that silently drops content fails the test as well. The sanitizer must hold on its own: CSP
 * (if any) is only a second line.
 */
import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { logIn } from "./support";

test.describe.configure({ mode: "serial" });

const TAG = Math.random().toString(36).slice(2, 7);
const X = "window.__xss=1";

/** Filter-evasion payloads (OWASP cheat sheet style). Each one is stored as text and must come back as text. */
const PAYLOADS = [
  `<script>${X}</script>`,
  `<img src=x onerror=${X}>`,
  `<svg/onload=${X}>`,
  `"><script>${X}</script>`,
  `' onmouseover='${X}' x='`,
  `" autofocus onfocus="${X}" x="`,
  `</textarea><script>${X}</script>`,
  `</title><script>${X}</script>`,
  `<iframe srcdoc="<script>parent.__xss=1</script>">`,
  `{{constructor.constructor('${X}')()}}`,
  `<math><mtext><table><mglyph><style><img src=x onerror=${X}>`,
  `<a href="java\tscript:${X}">tab link</a>`,
  `<a href="jaVasCript:${X}">mixed case</a>`,
  `<a href="&#106;avascript:${X}">entity</a>`,
  `<a href="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">data</a>`,
  `\\u003cscript\\u003e${X}\\u003c/script\\u003e`,
  `<details open ontoggle=${X}>`,
  `javascript:${X}`,
];

/** Hrefs a link mark may never carry (all refused by the server). */
const BAD_HREFS = [
  `javascript:${X}`,
  `jaVasCript:${X}`,
  ` javascript:${X}`,
  `java\tscript:${X}`,
  `java\nscript:${X}`,
  `&#106;avascript:${X}`,
  `\u006aavascript:${X}`.replace("j", "\\u006a"),
  `vbscript:msgbox(1)`,
  `data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==`,
  `//evil.example/x`,
  `/relative/path`,
  `file:///etc/passwd`,
];

const doc = (...paragraphs: string[]) => ({
  type: "doc",
  content: paragraphs.map((text) => ({ type: "paragraph", content: [{ type: "text", text }] })),
});

// ---------------------------------------------------------------------------------------------------------
// The trap and the checks.

interface Findings {
  dialogs: string[];
}

/** A browser context in English with the XSS trap installed in every frame before any page script. */
async function trappedContext(browser: Browser): Promise<{ ctx: BrowserContext; findings: Findings }> {
  const ctx = await browser.newContext();
  const base = test.info().project.use.baseURL!;
  await ctx.addCookies([{ name: "lantern_lang", value: "en", url: base }]);
  await ctx.addInitScript(() => {
    const w = window as unknown as Record<string, unknown>;
    const hits: string[] = [];
    const csp: string[] = [];
    Object.defineProperty(w, "__xssHits", { value: hits });
    Object.defineProperty(w, "__cspViolations", { value: csp });
    Object.defineProperty(w, "__xss", {
      configurable: false,
      get: () => (hits.length ? hits[0] : undefined),
      set: (v: unknown) => {
        hits.push(`${String(v)} at ${location.href}`);
      },
    });
    // An iframe (srcdoc) writes `parent.__xss`: that lands in the parent's trap above.
    // Only violations in this page's own document count: ProseMirror parses pasted HTML in an inert document
    // (no browsing context, so nothing runs there), yet Chromium still reports the handlers it finds there.
    document.addEventListener("securitypolicyviolation", (e) => {
      const target = e.target as Node | null;
      const own = target === document || target?.ownerDocument === document;
      csp.push(
        `${own ? "" : "[inert document] "}${e.violatedDirective} ${e.blockedURI} ${e.sample} @ ${e.sourceFile}`,
      );
    });
  });
  const findings: Findings = { dialogs: [] };
  ctx.on("page", (p) => watch(p, findings));
  return { ctx, findings };
}

function watch(page: Page, findings: Findings) {
  page.on("dialog", (d) => {
    findings.dialogs.push(`${d.type()}: ${d.message()} at ${page.url()}`);
    void d.dismiss().catch(() => {});
  });
}

interface DomReport {
  hits: string[];
  csp: string[];
  bad: string[];
}

/** What the DOM holds that only an injection could have put there. */
async function domReport(page: Page): Promise<DomReport> {
  return page.evaluate(() => {
    const w = window as unknown as { __xssHits?: string[]; __cspViolations?: string[]; __xss?: unknown };
    const bad: string[] = [];
    const scriptUrl = (v: string) =>
      // eslint-disable-next-line no-control-regex
      /^(javascript|vbscript|data:text\/html)/i.test(v.replace(/[\u0000-\u0020\u007f-\u009f]/g, ""));
    const describe = (el: Element) => `<${el.tagName.toLowerCase()}> ${el.outerHTML.slice(0, 160)}`;
    for (const el of Array.from(document.querySelectorAll("*"))) {
      for (const attr of Array.from(el.attributes)) {
        const name = attr.name.toLowerCase();
        if (name.startsWith("on")) bad.push(`event handler attribute ${name}: ${describe(el)}`);
        if (
          ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background"].includes(
            name,
          ) &&
          scriptUrl(attr.value)
        )
          bad.push(`script URL in ${name}: ${describe(el)}`);
        if (name === "srcdoc") bad.push(`srcdoc: ${describe(el)}`);
      }
    }
    for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>("a[href], area[href]"))) {
      if (/^(javascript|vbscript|data):$/i.test(a.protocol))
        bad.push(`anchor protocol ${a.protocol}: ${describe(a)}`);
    }
    for (const el of Array.from(document.querySelectorAll("body iframe, body object, body embed, base"))) {
      bad.push(`embedding element: ${describe(el)}`);
    }
    for (const el of Array.from(document.querySelectorAll("main script, main style, main svg[onload]"))) {
      if (/xss/i.test(el.textContent ?? "") || el.tagName === "svg")
        bad.push(`injected element: ${describe(el)}`);
    }
    if (w.__xss !== undefined && !(w.__xssHits ?? []).length) bad.push("window.__xss is defined");
    return { hits: [...(w.__xssHits ?? [])], csp: [...(w.__cspViolations ?? [])], bad };
  });
}

/**
 * Asserts no script ran and nothing dangerous is in the DOM of the page as it is now. `pasted`: HTML was just
 * pasted into the editor. ProseMirror parses clipboard HTML in a document made by
 * document.implementation.createHTMLDocument, which has no browsing context and so runs nothing (the trap
 * stays silent, also with CSP turned off), yet Chromium still reports the `onerror` it meets there as a CSP
 * violation raised from the editor's script. Those reports, and only those, are set aside.
 */
async function expectClean(page: Page, findings: Findings, where: string, opts: { pasted?: boolean } = {}) {
  // Give lazy client code (the editor, hover cards) a moment to run before judging.
  await page.waitForLoadState("load");
  await page.waitForTimeout(opts.pasted ? 500 : 100);
  if (opts.pasted) {
    await page.evaluate(() => {
      const csp = (window as unknown as { __cspViolations: string[] }).__cspViolations;
      const kept = csp.filter((v) => !/^script-src-attr .* @ \S*\/assets\/tiptap-editor-[\w-]+\.js$/.test(v));
      csp.splice(0, csp.length, ...kept);
    });
  }
  const report = await domReport(page);
  expect(report.hits, `${where}: the XSS trap fired`).toEqual([]);
  expect(findings.dialogs, `${where}: a dialog opened`).toEqual([]);
  expect(report.bad, `${where}: dangerous markup in the DOM`).toEqual([]);
  // CSP is a second line (it may or may not be on): an inline handler or a payload sample being blocked means
  // the markup got through the sanitizer.
  const injected = report.csp.filter(
    (v) => !v.startsWith("[inert document]") && /xss|script-src-attr/i.test(v),
  );
  expect(injected, `${where}: CSP blocked injected code`).toEqual([]);
  if (report.csp.length)
    test
      .info()
      .annotations.push({ type: "csp-violation", description: `${where}: ${report.csp.join(" | ")}` });
}

/** Opens `path`, checks it answers, shows every text in `texts` as text, and is clean. */
async function visit(page: Page, findings: Findings, path: string, texts: string[] = []) {
  const res = await page.goto(path);
  expect(res?.status(), `${path} answers`).toBeLessThan(400);
  for (const text of texts) await expect(page.locator("body"), `${path} shows the text`).toContainText(text);
  await expectClean(page, findings, path);
}

async function apiPost(ctx: BrowserContext, path: string, data: unknown, method: "POST" | "PATCH" = "POST") {
  const base = test.info().project.use.baseURL!;
  return ctx.request.fetch(path, { method, data, headers: { Origin: new URL(base).origin } });
}

/** Types lines into the tiptap editor, one paragraph each. */
async function typeInEditor(page: Page, lines: string[]) {
  const editor = page.locator(".editor-content");
  await editor.click();
  for (const [i, line] of lines.entries()) {
    if (i > 0) await page.keyboard.press("Enter");
    await page.keyboard.insertText(line);
  }
}

/** Submits the ask form. A DOM click: the similar-threads list may appear under the title and shift the button. */
async function submitAsk(page: Page) {
  await page
    .getByRole("button", { name: "Post your question" })
    .evaluate((b: HTMLButtonElement) => b.click());
}

// Shared between the tests below (serial).
const state: { member?: string; threadId?: number; questionPostId?: number; apiThreadId?: number } = {};
const titlePayload = `Router <script>${X}</script> </title><img src=x onerror=${X}> ${TAG}`;
const editedTitle = `Edited "><svg/onload=${X}> ' onmouseover='${X}' ${TAG}`;
const replyPayload = `<img src=x onerror=${X}> reply ${TAG}`;

// ---------------------------------------------------------------------------------------------------------

test("sign-up refuses usernames that carry markup or script URLs, and the error page runs nothing", async ({
  browser,
}) => {
  const { ctx, findings } = await trappedContext(browser);
  const page = await ctx.newPage();
  for (const username of [
    `<script>${X}</script>`,
    `"><img src=x onerror=${X}>`,
    `javascript:${X}`,
    `a' onmouseover='${X}`,
  ]) {
    await page.goto("/signup");
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Email").fill(`xss_${TAG}@example.test`);
    await page.getByLabel("Password").fill("a strong password 1");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.locator("#username")).toHaveAttribute("aria-invalid", "true");
    // The rejected value is kept in the field as text.
    await expect(page.locator("#username")).toHaveValue(username);
    await expectClean(page, findings, `signup with ${username}`);
  }
  // The API refuses them too.
  const res = await apiPost(ctx, "/api/v1/auth/signup", {
    username: `<svg/onload=${X}>`,
    email: `xss2_${TAG}@example.test`,
    password: "a strong password 1",
  });
  expect(res.status()).toBe(400);
  await ctx.close();
});

test("a member asks, replies and edits with payloads through the pages; every page shows them as text", async ({
  browser,
}) => {
  const { ctx, findings } = await trappedContext(browser);
  const page = await ctx.newPage();
  const member = `xss_${TAG}`;
  state.member = member;
  await page.goto("/signup");
  await page.getByLabel("Username").fill(member);
  await page.getByLabel("Email").fill(`${member}@example.test`);
  await page.getByLabel("Password").fill("a strong password 1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.locator(".nav-user")).toBeVisible();

  // A tag with markup is refused, and the form is safe to show again.
  await page.goto("/ask");
  await page.locator("#board").selectOption("internet-wifi");
  await page.locator("#title").fill(titlePayload);
  await typeInEditor(page, ["first try"]);
  await page.locator("#tags").fill(`<script>${X}</script>`);
  await submitAsk(page);
  await expect(page.locator("#tags")).toHaveAttribute("aria-invalid", "true");
  await expectClean(page, findings, "ask with a markup tag");

  // A tampered form: the hidden editor JSON carries a javascript: link and an unknown node. The server refuses
  // it, and the editor that shows the submitted document again must not turn it into a live link.
  await page.goto("/ask");
  await page.locator("#board").selectOption("internet-wifi");
  await page.locator("#title").fill(titlePayload);
  await typeInEditor(page, ["tampered"]);
  await page.locator("#tags").fill(`xss${TAG}`);
  await page.evaluate((x) => {
    // React keeps its hidden input in sync with the editor, so the attacker's value goes in an input of its own.
    const own = document.querySelector<HTMLInputElement>('input[name="body"]')!;
    own.removeAttribute("name");
    const input = document.createElement("input");
    input.type = "hidden";
    input.name = "body";
    own.form!.append(input);
    input.value = JSON.stringify({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [
            { type: "text", text: "click me", marks: [{ type: "link", attrs: { href: `javascript:${x}` } }] },
            { type: "text", text: "<img src=x onerror=" + x + ">" },
          ],
        },
        { type: "image", attrs: { src: "x", onerror: x } },
      ],
    });
  }, X);
  await submitAsk(page);
  await expect(page.locator("#body-error")).toBeVisible();
  await expect(page).toHaveURL(/\/ask/);
  await expectClean(page, findings, "ask with a tampered body");

  // HTML pasted into the editor becomes text and safe marks only.
  await page.goto("/ask");
  await page.locator("#board").selectOption("internet-wifi");
  await page.locator("#title").fill(titlePayload);
  await typeInEditor(page, PAYLOADS);
  await page.keyboard.press("Enter");
  await page.evaluate((x) => {
    const dt = new DataTransfer();
    dt.setData(
      "text/html",
      `<p>pasted <a href="javascript:${x}">js link</a> <a href="https://example.com/ok">ok link</a>` +
        `<img src=x onerror="${x}"><script>${x}</script><iframe srcdoc="<script>parent.__xss=1</script>"></iframe></p>`,
    );
    dt.setData("text/plain", "pasted js link ok link");
    document
      .querySelector(".editor-content")!
      .dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
  }, X);
  await expectClean(page, findings, "ask after pasting HTML", { pasted: true });
  await page.locator("#tags").fill(`xss${TAG}, wifi`);
  await submitAsk(page);
  await expect(page).toHaveURL(/\/t\/\d+/);
  const threadId = Number(/\/t\/(\d+)/.exec(page.url())![1]);
  state.threadId = threadId;
  const questionPostId = Number(
    (await page.locator("article.is-question").getAttribute("id"))!.replace("p-", ""),
  );
  state.questionPostId = questionPostId;
  await expect(page.locator("h1")).toHaveText(titlePayload);
  for (const p of PAYLOADS) await expect(page.locator("article.is-question .prose")).toContainText(p);
  await expect(page.locator("article.is-question .prose")).toContainText("pasted");
  // The safe pasted link survives as a link; the script one does not.
  await expect(page.locator('article.is-question .prose a[href="https://example.com/ok"]')).toHaveCount(1);
  expect(await page.title()).toContain(`</title><img src=x onerror=${X}>`);
  await expectClean(page, findings, "new thread page");

  // A reply through the page, with an autolinked URL carrying an attribute breakout.
  await typeInEditor(page, [replyPayload, `see https://example.com/?q="onmouseover="${X}" ok`]);
  await page.getByRole("button", { name: "Post your answer" }).click();
  await expect(page.locator("article").filter({ hasText: `reply ${TAG}` })).toBeVisible();
  await expect(page.locator("article", { hasText: `reply ${TAG}` }).locator(".prose")).toContainText(
    replyPayload,
  );
  await expectClean(page, findings, "thread page after reply");

  // Edit title and body through the edit page (the editor loads the stored document client-side).
  await page.goto(`/p/${questionPostId}/edit`);
  await expect(page.locator(".editor-content")).toContainText(`<script>${X}</script>`);
  await expectClean(page, findings, "edit page");
  await page.locator("#title").fill(editedTitle);
  await page.locator(".editor-content").click();
  await page.keyboard.press("Control+End");
  await page.keyboard.press("Enter");
  await page.keyboard.insertText(`edited <body onload=${X}> ${TAG}`);
  await page.getByRole("button", { name: "Save changes" }).click();
  await expect(page).toHaveURL(new RegExp(`/t/${threadId}`));
  await expect(page.locator("h1")).toHaveText(editedTitle);
  await expectClean(page, findings, "thread page after edit");

  // Every page that shows the content, as its author.
  await visit(page, findings, `/p/${questionPostId}/revisions`, [`<body onload=${X}>`]);
  await visit(page, findings, `/p/${questionPostId}/edit`, [`<script>${X}</script>`]);
  await visit(page, findings, "/", []);
  await visit(page, findings, "/b/internet-wifi", [editedTitle]);
  await visit(page, findings, `/tags/xss${TAG}`, [editedTitle]);
  await visit(page, findings, `/u/${member}`, [member]);
  await visit(page, findings, `/search?q=${encodeURIComponent(`edited ${TAG}`)}`, [
    editedTitle,
    `<body onload=${X}>`,
  ]);
  // Reflected: the query itself is a payload.
  await visit(page, findings, `/search?q=${encodeURIComponent(`<script>${X}</script> ${TAG}`)}`, []);
  await expect(page.locator('input[name="q"]').first()).toHaveValue(`<script>${X}</script> ${TAG}`);
  await visit(page, findings, `/search?q=${encodeURIComponent(`"><img src=x onerror=${X}>`)}`, []);
  await ctx.close();

  // Another member replies and mentions the author: the author's notifications show the payload title.
  const other = await trappedContext(browser);
  const lan = await other.ctx.newPage();
  await logIn(lan, "lan.nguyen");
  const reply = await apiPost(other.ctx, `/api/v1/threads/${threadId}/replies`, {
    body: doc(`@${member} <script>${X}</script> mention ${TAG}`),
  });
  expect(reply.status()).toBe(201);
  await visit(lan, other.findings, `/t/${threadId}`, [`<script>${X}</script> mention ${TAG}`]);
  await other.ctx.close();

  const again = await trappedContext(browser);
  const author = await again.ctx.newPage();
  await logIn(author, member, "a strong password 1");
  await visit(author, again.findings, "/notifications", [editedTitle]);
  await again.ctx.close();
});

test("the JSON API refuses script links, unknown nodes and bad attributes, and renders HTML in text as text", async ({
  browser,
}) => {
  const { ctx, findings } = await trappedContext(browser);
  const signup = await apiPost(ctx, "/api/v1/auth/signup", {
    username: `xssapi_${TAG}`,
    email: `xssapi_${TAG}@example.test`,
    password: "a strong password 1",
  });
  expect(signup.status()).toBe(201);
  const post = (body: unknown, title = `API payload thread ${TAG}`) =>
    apiPost(ctx, "/api/v1/threads", { board: "internet-wifi", title, body, tags: [`xssapi${TAG}`] });
  const fieldOf = async (res: Awaited<ReturnType<typeof post>>) =>
    ((await res.json()) as { error?: { fields?: { body?: string } } }).error?.fields?.body;

  for (const href of BAD_HREFS) {
    const res = await post({
      type: "doc",
      content: [
        {
          type: "paragraph",
          content: [{ type: "text", text: "click", marks: [{ type: "link", attrs: { href } }] }],
        },
      ],
    });
    expect(res.status(), `href ${JSON.stringify(href)}`).toBe(400);
    expect(await fieldOf(res), `href ${JSON.stringify(href)}`).toBe("body_unsafe_link");
  }
  const bad: [unknown, string][] = [
    [{ type: "doc", content: [{ type: "image", attrs: { src: "x", onerror: X } }] }, "body_unknown_node"],
    [
      { type: "doc", content: [{ type: "iframe", attrs: { srcdoc: `<script>${X}</script>` } }] },
      "body_unknown_node",
    ],
    [
      {
        type: "doc",
        content: [{ type: "html", content: [{ type: "text", text: `<script>${X}</script>` }] }],
      },
      "body_unknown_node",
    ],
    [{ type: "doc", content: [{ type: "script", text: X }] }, "body_unknown_node"],
    [
      {
        type: "doc",
        content: [
          {
            type: "paragraph",
            content: [{ type: "text", text: "x", marks: [{ type: "textStyle", attrs: { style: "x" } }] }],
          },
        ],
      },
      "body_unknown_mark",
    ],
    [
      {
        type: "doc",
        content: [
          { type: "heading", attrs: { level: `2 onmouseover=${X}` }, content: [{ type: "text", text: "h" }] },
        ],
      },
      "body_bad_attribute",
    ],
    [
      {
        type: "doc",
        content: [
          {
            type: "codeBlock",
            attrs: { language: `"><script>${X}</script>` },
            content: [{ type: "text", text: "c" }],
          },
        ],
      },
      "body_bad_attribute",
    ],
    [
      { type: "doc", content: [{ type: "orderedList", attrs: { start: `1" onclick="${X}` }, content: [] }] },
      "body_bad_attribute",
    ],
    [`<p>${X}</p>`, "body_not_a_document"],
  ];
  for (const [body, code] of bad) {
    const res = await post(body);
    expect(res.status(), JSON.stringify(body)).toBe(400);
    expect(await fieldOf(res), JSON.stringify(body)).toBe(code);
  }

  // Accepted: HTML inside text nodes, extra attributes on allowed nodes and marks (dropped), a safe link whose
  // URL carries an attribute breakout, a code block with a script in it.
  const ok = await post(
    {
      type: "doc",
      content: [
        {
          type: "paragraph",
          attrs: { onclick: X, style: "background:url(javascript:1)", class: "x" },
          content: PAYLOADS.map((text) => ({ type: "text", text: `${text} ` })),
        },
        {
          type: "paragraph",
          content: [
            {
              type: "text",
              text: "safe link",
              marks: [
                {
                  type: "link",
                  attrs: {
                    href: `https://example.com/a?b="><script>${X}</script>`,
                    onclick: X,
                    target: "_self",
                  },
                },
              ],
            },
          ],
        },
        {
          type: "codeBlock",
          attrs: { language: "html" },
          content: [{ type: "text", text: `<script>${X}</script> code ${TAG}` }],
        },
      ],
    },
    `API <img src=x onerror=${X}> thread ${TAG}`,
  );
  expect(ok.status()).toBe(201);
  const { thread } = (await ok.json()) as { thread: { id: number } };
  state.apiThreadId = thread.id;

  const read = await ctx.request.get(`/api/v1/threads/${thread.id}`);
  const { thread: t } = (await read.json()) as { thread: { bodyHtml: string; title: string } };
  expect(t.title).toBe(`API <img src=x onerror=${X}> thread ${TAG}`);
  // Text is escaped, so every literal "<" in bodyHtml opens a real tag: only the allow-listed ones, without
  // handlers or styles, and links only to http(s)/mailto with the attribute breakout encoded.
  expect(t.bodyHtml).not.toMatch(/<(?!\/?(p|br|h2|h3|ul|ol|li|blockquote|pre|code|hr|strong|em|s|a)[\s>/])/i);
  expect(t.bodyHtml).not.toMatch(/<[^>]*\s(on\w+|style|srcdoc|class="x")\s*=/i);
  expect(t.bodyHtml).not.toMatch(/<a [^>]*href="(?!https?:|mailto:)/i);
  expect(t.bodyHtml).toContain("&lt;script&gt;");
  expect(t.bodyHtml).toContain(
    `href="https://example.com/a?b=&quot;&gt;&lt;script&gt;window.__xss=1&lt;/script&gt;"`,
  );
  expect(t.bodyHtml).toContain('rel="nofollow ugc noopener noreferrer"');

  const page = await ctx.newPage();
  await visit(page, findings, `/t/${thread.id}`, [...PAYLOADS, `<script>${X}</script> code ${TAG}`]);
  await expect(page.locator("h1")).toHaveText(`API <img src=x onerror=${X}> thread ${TAG}`);
  await expect(page.locator('.prose a[href^="https://example.com/a"]')).toHaveText("safe link");
  await visit(page, findings, `/tags/xssapi${TAG}`, [`API <img src=x onerror=${X}> thread ${TAG}`]);
  await visit(page, findings, `/search?q=${encodeURIComponent(`code ${TAG}`)}`, [
    `API <img src=x onerror=${X}> thread ${TAG}`,
  ]);
  await ctx.close();
});

test("staff names, notes and URLs with payloads are shown as text on the moderator and admin pages", async ({
  browser,
}) => {
  expect(state.threadId, "the member test ran first").toBeDefined();
  const threadId = state.threadId!;
  const { ctx, findings } = await trappedContext(browser);

  // A champion flags the question with a payload note (shown in the review queue).
  const lanCtx = await trappedContext(browser);
  const lan = await lanCtx.ctx.newPage();
  await logIn(lan, "lan.nguyen");
  const flag = await apiPost(lanCtx.ctx, `/api/v1/posts/${state.questionPostId}/flags`, {
    reason: "needs_staff",
    note: `<img src=x onerror=${X}> flag note ${TAG}`,
  });
  expect(flag.status()).toBe(201);
  await lanCtx.ctx.close();

  const page = await ctx.newPage();
  await logIn(page, "admin");

  // A team named with payloads, through the admin page.
  const teamVi = `<img src=x onerror=${X}> Đội ${TAG}`;
  const teamEn = `"><svg/onload=${X}> Team ${TAG}`;
  await page.goto("/admin/teams");
  await page.locator("#team-new-slug").fill(`xss-${TAG}`);
  await page.locator("#team-new-vi").fill(teamVi);
  await page.locator("#team-new-en").fill(teamEn);
  await page
    .locator("#team-new-slug")
    .locator("xpath=ancestor::form")
    .locator('button[type="submit"]')
    .click();
  await expect(page.locator("main")).toContainText(teamEn);
  await expectClean(page, findings, "/admin/teams after create");
  const badSlug = await apiPost(ctx, "/admin/teams", {});
  expect(badSlug.status()).toBeLessThan(500);

  // A webhook: a javascript: URL is refused; an https one whose query carries markup is stored (encoded).
  await page.goto("/admin/webhooks");
  await page.locator("#wh-url").fill(`javascript:${X}`);
  await page.locator("#wh-url").locator("xpath=ancestor::form").locator('button[type="submit"]').click();
  await expect(page.locator("#wh-url")).toHaveAttribute("aria-invalid", "true");
  await expect(page.locator("#wh-url")).toHaveValue(`javascript:${X}`);
  await expectClean(page, findings, "/admin/webhooks refused");
  await page.locator("#wh-url").fill(`https://hooks.example.test/x?a="><script>${X}</script>&${TAG}`);
  await page.locator('form input[name="events"]').first().check();
  await page.locator("#wh-url").locator("xpath=ancestor::form").locator('button[type="submit"]').click();
  await expect(page.locator("main")).toContainText(`hooks.example.test/x?a=`);
  await expectClean(page, findings, "/admin/webhooks created");

  // Escalate the member's thread to that team, then add an internal note and a public resolution (pages).
  const esc = await apiPost(ctx, `/api/v1/threads/${threadId}/escalations`, {
    team: `xss-${TAG}`,
    priority: "P3",
  });
  expect(esc.status()).toBe(201);
  const { escalation } = (await esc.json()) as { escalation: { id: number } };
  const note = `</textarea><script>${X}</script> internal note ${TAG}`;
  const summary = `<iframe srcdoc="<script>parent.__xss=1</script>"> summary ${TAG}`;
  await page.goto(`/mod/escalations/${escalation.id}`);
  await page.locator("#esc-note").fill(note);
  await page.locator("#esc-note").locator("xpath=ancestor::form").locator('button[type="submit"]').click();
  await expect(page.locator("main")).toContainText(note);
  await expectClean(page, findings, "escalation after note");
  await page.locator("#esc-resolution").fill(summary);
  await page.locator('input[name="resolutionPublic"]').check();
  await page
    .locator("#esc-resolution")
    .locator("xpath=ancestor::form")
    .locator('button[type="submit"]')
    .click();
  await expect(page.locator("#esc-resolution")).toHaveValue(summary);
  await expectClean(page, findings, "escalation after resolution");
  await page.locator("#esc-status").selectOption("resolved");
  await page.locator("#esc-status").locator("xpath=ancestor::form").locator('button[type="submit"]').click();
  await expect(page).toHaveURL(/done=status/);
  await expectClean(page, findings, "escalation resolved");

  const member = state.member!;
  const staffPages: [string, string[]][] = [
    [`/mod/escalations/${escalation.id}`, [note, teamEn]],
    ["/mod/escalations?status=all", [editedTitle]],
    ["/mod/queue", [`<img src=x onerror=${X}> flag note ${TAG}`]],
    ["/mod/triage", []],
    ["/mod/audit", []],
    [`/mod/audit?q=${encodeURIComponent(TAG)}`, []],
    ["/mod/members", []],
    [`/mod/members?q=${encodeURIComponent(member)}`, [member]],
    [`/mod/members/${member}`, [member]],
    ["/mod", []],
    ["/mod/community", []],
    ["/mod/incidents", []],
    [`/mod/incidents?q=${encodeURIComponent(`<script>${X}</script>`)}`, []],
    ["/mod/governance", []],
    ["/mod/settings", []],
    ["/mod/sentiment", []],
    ["/admin/teams", [teamEn]],
    ["/admin/webhooks", ["hooks.example.test"]],
    ["/admin/emails", []],
    [`/t/${threadId}`, [summary, editedTitle]],
    [`/p/${state.questionPostId}/revisions`, [editedTitle]],
    [`/u/${member}`, [member]],
  ];
  for (const [path, texts] of staffPages) {
    const res = await page.goto(path);
    if (res?.status() === 404) continue; // a page this build does not have
    expect(res?.status(), `${path} answers`).toBeLessThan(400);
    for (const text of texts)
      await expect(page.locator("body"), `${path} shows the text`).toContainText(text);
    await expectClean(page, findings, path);
  }
  // The Vietnamese names show on the Vietnamese pages.
  await ctx.addCookies([{ name: "lantern_lang", value: "vi", url: test.info().project.use.baseURL! }]);
  await visit(page, findings, "/admin/teams", [teamVi]);
  await visit(page, findings, `/mod/escalations/${escalation.id}`, [teamVi, note]);
  await ctx.addCookies([{ name: "lantern_lang", value: "en", url: test.info().project.use.baseURL! }]);

  // The internal note never reaches a member; the public summary does, as text.
  const memberCtx = await trappedContext(browser);
  const m = await memberCtx.ctx.newPage();
  await logIn(m, "sarah_k");
  await visit(m, memberCtx.findings, `/t/${threadId}`, [summary]);
  await expect(m.locator("body")).not.toContainText(`internal note ${TAG}`);
  await memberCtx.ctx.close();

  // Clean up the webhook so nothing tries to deliver to it.
  await page.goto("/admin/webhooks");
  const del = page.getByRole("button", { name: /delete/i }).first();
  if (await del.isVisible()) await del.click();
  await ctx.close();
});

test("redirect targets from the query string cannot be script URLs or other sites", async ({ browser }) => {
  const { ctx, findings } = await trappedContext(browser);
  const base = test.info().project.use.baseURL!;
  // Nothing may leave this server: a navigation elsewhere is recorded and stopped before any look-up.
  const left: string[] = [];
  await ctx.route(
    (url) => url.host !== new URL(base).host,
    (route) => {
      left.push(route.request().url());
      return route.abort();
    },
  );
  const page = await ctx.newPage();
  for (const target of [
    `javascript:${X}`,
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "https://evil.example/",
  ]) {
    await page.goto(`/login?redirectTo=${encodeURIComponent(target)}`);
    await expectClean(page, findings, `login form with redirectTo ${JSON.stringify(target)}`);
    await page.locator("#login").fill("sarah_k");
    await page.locator("#password").fill("lantern-demo-1");
    await page.locator("form.auth-card button[type=submit]").click();
    // A navigation to another site is aborted above, which fails waitForURL: the check below says why.
    await page.waitForURL((u) => !u.pathname.startsWith("/login")).catch(() => {});
    expect(left, `redirectTo ${JSON.stringify(target)} left the site`).toEqual([]);
    await expect(page.locator(".nav-user")).toBeVisible();
    expect(new URL(page.url()).host).toBe(new URL(base).host);
    await expectClean(page, findings, `after login with redirectTo ${JSON.stringify(target)}`);
    await ctx.clearCookies();
    await ctx.addCookies([{ name: "lantern_lang", value: "en", url: base }]);
  }
  await ctx.close();
});
