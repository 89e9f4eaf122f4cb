/**
 * HTTP hardening against the production build: a per-response CSP nonce on every script, hydration with no CSP
 * violation, security headers, forged cross-site posts refused (nothing stored), readiness, friendly 404s.
 */
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

const unique = () => Math.random().toString(36).slice(2, 8);

function nonceOf(csp: string | undefined): string {
  const m = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp ?? "");
  expect(m, `CSP: ${csp}`).not.toBeNull();
  return m![1]!;
}

/** Collects CSP violations (the DOM event) and console errors for the whole page life. */
async function watchViolations(page: Page) {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[]; __scripts: HTMLScriptElement[] };
    w.__cspViolations = [];
    w.__scripts = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
    });
    // Every <script> that ever enters the document (Remix removes its own after hydration).
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of Array.from(r.addedNodes)) if (n instanceof HTMLScriptElement) w.__scripts.push(n);
    }).observe(document, { childList: true, subtree: true });
  });
  return {
    async expectNone() {
      const violations = await page.evaluate(
        () => (window as unknown as { __cspViolations: string[] }).__cspViolations,
      );
      expect(violations).toEqual([]);
      expect(errors.filter((e) => !/status of 4\d\d/.test(e))).toEqual([]);
    },
  };
}

/**
 * Every script element that entered the DOM (recorded by watchViolations) carries the response's nonce: the
 * property, since browsers hide the attribute.
 */
async function expectScriptsCarry(page: Page, nonce: string) {
  const scripts = await page.evaluate(() =>
    (window as unknown as { __scripts: HTMLScriptElement[] }).__scripts.map((s) => ({
      nonce: s.nonce,
      src: s.src,
      inline: !s.src,
    })),
  );
  expect(scripts.filter((s) => s.inline).length).toBeGreaterThanOrEqual(2);
  for (const s of scripts) expect(s.nonce, JSON.stringify(s)).toBe(nonce);
}

/** The raw HTML: each <script> has this nonce, the nonce appears nowhere else, no inline event handler. */
function expectHtmlClean(html: string, nonce: string) {
  const tags = html.match(/<script\b[^>]*>/gi) ?? [];
  expect(tags.length).toBeGreaterThanOrEqual(2);
  for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
  expect(html.split(nonce).length - 1).toBe(html.split(`nonce="${nonce}"`).length - 1);
  expect(html).not.toMatch(/<[a-z][^>]*\son[a-z]+\s*=/i);
  expect(html).not.toMatch(/href\s*=\s*["']?\s*javascript:/i);
}

async function firstThreadPath(request: APIRequestContext): Promise<string> {
  const html = await (await request.get("/")).text();
  const m = /href="(\/t\/\d+)[^"]*"/.exec(html);
  expect(m).not.toBeNull();
  return m![1]!;
}

async function repliesOf(request: APIRequestContext, threadPath: string): Promise<string[]> {
  const res = await request.get(`/api/v1/threads/${threadPath.slice(3)}`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as { replies: { bodyHtml: string }[] };
  return body.replies.map((r) => r.bodyHtml);
}

const doc = (text: string) =>
  JSON.stringify({ type: "doc", content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

test("home page: CSP with a fresh nonce on every script, security headers, hydrates without violations", async ({
  page,
  request,
}) => {
  const watch = await watchViolations(page);
  const res = await page.goto("/");
  const headers = res!.headers();
  const nonce = nonceOf(headers["content-security-policy"]);
  expect(headers["content-security-policy"]).not.toContain("'unsafe-inline' 'nonce");
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["permissions-policy"]).toContain("camera=()");
  // A production build on localhost must not pin the browser to HTTPS.
  expect(headers["strict-transport-security"]).toBeUndefined();
  expect(headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  await expectScriptsCarry(page, nonce);

  // Hydrated: Remix's router is running, a client-side navigation works, and the language switch works.
  await page.waitForFunction(() => "__remixRouter" in window);
  await page.getByRole("link", { name: "Leaderboard" }).first().click();
  await expect(page).toHaveURL(/\/leaderboard$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.getByRole("button", { name: "Chuyển sang tiếng Việt" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "vi");
  await expect(page).toHaveURL(/\/leaderboard$/);
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await watch.expectNone();

  // Another response, another nonce; in the raw HTML the nonce only ever appears as nonce="…".
  const again = await request.get("/");
  const nonce2 = nonceOf(again.headers()["content-security-policy"]);
  expect(nonce2).not.toBe(nonce);
  expectHtmlClean(await again.text(), nonce2);

  // Static files and the API get the headers too.
  const css = (await request.get("/favicon.svg")).headers();
  expect(css["x-content-type-options"]).toBe("nosniff");
  const api = (await request.get("/api/v1/leaderboard")).headers();
  expect(api["x-content-type-options"]).toBe("nosniff");
  expect(api["x-frame-options"]).toBe("DENY");
});

test("thread page: nonce on every script; the rich-text editor works under the CSP", async ({
  page,
  request,
}) => {
  const watch = await watchViolations(page);
  await page.goto("/login");
  await page.locator("#login").fill("sarah_k");
  await page.locator("#password").fill("lantern-demo-1");
  await page.locator("form.auth-card button[type=submit]").click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));

  const threadPath = await firstThreadPath(request);
  const res = await page.goto(threadPath);
  const nonce = nonceOf(res!.headers()["content-security-policy"]);
  await expectScriptsCarry(page, nonce);
  expectHtmlClean(await res!.text(), nonce);

  // The editor exists only in the browser (tiptap): typing and the toolbar prove hydration under the policy.
  const editor = page.locator(".editor-content");
  await editor.click();
  await page.keyboard.type("Checking ");
  const bold = page.getByRole("button", { name: "Bold" });
  await bold.click();
  await expect(bold).toHaveAttribute("aria-pressed", "true");
  await page.keyboard.type("bold text");
  await expect(page.locator(".editor-content strong")).toHaveText("bold text");
  await watch.expectNone();
});

test("forged cross-site posts are refused with 403 and store nothing", async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL });
  try {
    // Log in as an API client would (no Origin, no cookie yet: allowed).
    const login = await api.post("/api/v1/auth/login", {
      data: { login: "lan.nguyen", password: "lantern-demo-1" },
    });
    expect(login.status()).toBe(200);
    const threadPath = await firstThreadPath(api);
    const before = await repliesOf(api, threadPath);
    const marker = `forged ${unique()}`;
    const evil = { Origin: "https://evil.example" };

    // The page action (what a hidden form on another site would submit).
    const page = await api.post(threadPath, {
      headers: { ...evil, "Accept-Language": "en" },
      form: { intent: "reply", body: doc(marker), bodyText: marker },
      maxRedirects: 0,
    });
    expect(page.status()).toBe(403);
    expect(page.headers()["content-type"]).toContain("text/html");
    expect(await page.text()).toContain("Request refused");

    // The JSON API.
    const json = await api.post(`/api/v1/threads${threadPath.slice(2)}/replies`, {
      headers: evil,
      data: { body: JSON.parse(doc(marker)) as unknown },
    });
    expect(json.status()).toBe(403);
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe("cross_site_request");

    // A session cookie with no Origin, Referer or Sec-Fetch-Site at all: a form-style post is refused too.
    const bare = await api.post(threadPath, {
      form: { intent: "reply", body: doc(marker), bodyText: marker },
      maxRedirects: 0,
    });
    expect(bare.status()).toBe(403);
    const plain = await api.post(`/api/v1/threads${threadPath.slice(2)}/replies`, {
      headers: { "Content-Type": "text/plain" },
      data: JSON.stringify({ body: JSON.parse(doc(marker)) as unknown }),
    });
    expect(plain.status()).toBe(403);

    const after = await repliesOf(api, threadPath);
    expect(after).toEqual(before);
    expect(after.join("")).not.toContain(marker);

    // Controls: the same API call from our own origin, and a cookie-authenticated JSON client (curl, no Origin),
    // are accepted, so the refusals above were about where the requests came from.
    const own = await api.post(`/api/v1/threads${threadPath.slice(2)}/replies`, {
      headers: { Origin: new URL(baseURL!).origin },
      data: { body: JSON.parse(doc(`${marker} own`)) as unknown },
    });
    expect(own.status()).toBe(201);
    const client = await api.post(`/api/v1/threads${threadPath.slice(2)}/replies`, {
      data: { body: JSON.parse(doc(`${marker} client`)) as unknown },
    });
    expect(client.status()).toBe(201);
    const stored = (await repliesOf(api, threadPath)).join("");
    expect(stored).toContain(`${marker} own`);
    expect(stored).toContain(`${marker} client`);
  } finally {
    await api.dispose();
  }
});

test("readiness and liveness answer, uncached", async ({ request }) => {
  const ready = await request.get("/readyz");
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({ ok: true });
  expect(ready.headers()["cache-control"]).toBe("no-store");
  const live = await request.get("/healthz");
  expect(live.status()).toBe(200);
  expect(live.headers()["cache-control"]).toBe("no-store");
});

for (const [lang, heading, home] of [
  ["vi", "Không tìm thấy trang này", "Quay lại cộng đồng"],
  ["en", "We couldn't find that page", "Back to the community"],
] as const) {
  test(`a missing page shows the friendly 404 in ${lang}`, async ({ browser, baseURL }) => {
    const context = await browser.newContext();
    await context.addCookies([{ name: "lantern_lang", value: lang, url: baseURL! }]);
    const page = await context.newPage();
    const watch = await watchViolations(page);
    const res = await page.goto(`/no-such-page-${unique()}`);
    expect(res!.status()).toBe(404);
    await expect(page.locator("html")).toHaveAttribute("lang", lang);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expect(page).toHaveTitle(new RegExp(`${heading}.*404`));
    await expect(page.getByRole("link", { name: home })).toBeVisible();
    // The error page is a normal page: scripts carry the nonce and it hydrates.
    await expectScriptsCarry(page, nonceOf(res!.headers()["content-security-policy"]));
    await expect(page.locator("body")).not.toContainText(/Error:|at [A-Za-z]+ \(/);
    await watch.expectNone();
    await context.close();
  });
}

test("staff dashboards with charts and a profile chart render under the CSP with no violation", async ({
  page,
}) => {
  const watch = await watchViolations(page);
  await page.goto("/login");
  await page.locator("#login").fill("hoa.mod");
  await page.locator("#password").fill("lantern-demo-1");
  await page.locator("form.auth-card button[type=submit]").click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  for (const path of ["/mod", "/mod/community", "/u/lan.nguyen", "/leaderboard"]) {
    const res = await page.goto(path);
    expect(res!.status(), path).toBe(200);
    await expect(page.locator("svg").first()).toBeVisible();
    await page.waitForFunction(() => "__remixRouter" in window);
  }
  await watch.expectNone();
});
