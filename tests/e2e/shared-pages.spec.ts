import { expect, request, test, type Browser } from "@playwright/test";
import { expectNoA11yViolations } from "./support";

// Shared member pages (ADR 017): a thread page rendered once for members who see the same thing, with each
// member's own header spliced in. In the browser it must hydrate without a mismatch and behave as the member's.

const unique = () => Math.random().toString(36).slice(2, 8);
const docOf = (text: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

const PASSWORD = "a strong password 1";

/** A browser of a member: signed up (new members: the same privileges), or logged in again. */
async function member(
  browser: Browser,
  username: string,
  opts: { javaScriptEnabled?: boolean; signUp?: boolean } = {},
) {
  const { signUp, ...contextOptions } = opts;
  const ctx = await browser.newContext(contextOptions);
  const origin = test.info().project.use.baseURL!;
  await ctx.addCookies([{ name: "lantern_lang", value: "en", url: origin }]);
  // Through the API with this context's cookie jar.
  const r = signUp
    ? await ctx.request.post("/api/v1/auth/signup", {
        data: { username, email: `${username}@example.test`, password: PASSWORD },
        headers: { Origin: origin },
      })
    : await ctx.request.post("/api/v1/auth/login", {
        data: { login: username, password: PASSWORD },
        headers: { Origin: origin },
      });
  expect(r.status(), await r.text()).toBeLessThan(300);
  return { ctx, page: await ctx.newPage() };
}

test("a shared thread page hydrates as the member's own: header, votes, no mismatch; without JavaScript too", async ({
  browser,
  baseURL,
}) => {
  // A thread by someone else, with one answer, so neither demo member below wrote anything on it.
  const api = await request.newContext({ baseURL });
  const asker = `shared_${unique()}`;
  const signup = await api.post("/api/v1/auth/signup", {
    data: { username: asker, email: `${asker}@example.test`, password: PASSWORD },
  });
  expect(signup.status()).toBe(201);
  const title = `Shared page check ${unique()}`;
  const created = await api.post("/api/v1/threads", {
    data: { board: "announcements", title, body: docOf("Does the modem need a reset after the update?") },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { thread } = (await created.json()) as { thread: { id: number } };
  const path = `/t/${thread.id}`;

  // Two new members with the same privileges: Lan renders it first (for everyone with her view); Sarah gets the
  // shared render.
  const lanName = `lan_${unique()}`;
  const sarahName = `sarah_${unique()}`;
  const lan = await member(browser, lanName, { signUp: true });
  const first = await lan.page.goto(path);
  expect(first!.headers()["x-cache"]).toMatch(/SHARED$/);

  const sarah = await member(browser, sarahName, { signUp: true });
  const problems: string[] = [];
  sarah.page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(m.text());
  });
  sarah.page.on("pageerror", (e) => problems.push(String(e)));
  const shared = await sarah.page.goto(path);
  expect(shared!.headers()["x-cache"]).toBe("HIT-SHARED");
  await expect(sarah.page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(sarah.page.locator(".nav-username")).toHaveText(sarahName);
  await expect(sarah.page.locator("body")).not.toContainText(lanName);
  await expectNoA11yViolations(sarah.page);

  // Her vote is hers: it sticks for her, and Lan's page does not show it.
  const up = sarah.page.locator(".vote-btn").first();
  await expect(up).toHaveAttribute("aria-pressed", "false");
  // The button shows the vote at once (optimistic); the reload waits for the server to have stored it.
  const stored = sarah.page.waitForResponse(
    (r) => r.request().method() === "POST" && new URL(r.url()).pathname.startsWith(path),
  );
  await up.click();
  await expect(up).toHaveAttribute("aria-pressed", "true");
  expect((await stored).ok()).toBe(true);
  await sarah.page.reload();
  await expect(sarah.page.locator(".vote-btn").first()).toHaveAttribute("aria-pressed", "true");
  await lan.page.goto(path);
  await expect(lan.page.locator(".vote-btn").first()).toHaveAttribute("aria-pressed", "false");
  await expect(lan.page.locator(".nav-username")).toHaveText(lanName);

  // Client-side navigation from the spliced header works (the profile link is a Remix link after hydration).
  await sarah.page.locator(".nav-user").click();
  await sarah.page.waitForURL((u) => u.pathname === `/u/${sarahName}`);
  expect(problems).toEqual([]);

  // Without JavaScript the HTML alone is hers: her name, her vote.
  const plain = await member(browser, sarahName, { javaScriptEnabled: false });
  const noJs = await plain.page.goto(path);
  expect(noJs!.headers()["x-cache"]).toMatch(/SHARED$/);
  await expect(plain.page.locator(".nav-username")).toHaveText(sarahName);
  await expect(plain.page.locator(".vote-btn").first()).toHaveAttribute("aria-pressed", "true");

  await Promise.all([lan.ctx.close(), sarah.ctx.close(), plain.ctx.close(), api.dispose()]);
});
