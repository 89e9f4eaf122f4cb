import { expect, request, test, type Browser } from "@playwright/test";
import { expectNoA11yViolations, logIn, signUpInPage } from "./support";

const unique = () => Math.random().toString(36).slice(2, 8);
const docOf = (text: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

async function english(browser: Browser) {
  const ctx = await browser.newContext();
  await ctx.addCookies([{ name: "lantern_lang", value: "en", url: test.info().project.use.baseURL! }]);
  return ctx;
}

test("a member follows a board and hears about a new thread; preferences page is accessible", async ({
  browser,
  baseURL,
}) => {
  const ctx = await english(browser);
  const page = await ctx.newPage();
  const me = `follower_${unique()}`;
  await signUpInPage(page, me);

  await page.goto("/b/announcements");
  const follow = page.locator("button[aria-pressed]").first();
  await expect(follow).toHaveAttribute("aria-pressed", "false");
  await follow.click();
  await expect(page.locator("button[aria-pressed]").first()).toHaveAttribute("aria-pressed", "true");

  // Someone else asks in that board.
  const api = await request.newContext({ baseURL });
  const other = `asker_${unique()}`;
  const signup = await api.post("/api/v1/auth/signup", {
    data: { username: other, email: `${other}@example.test`, password: "a strong password 1" },
  });
  expect(signup.status()).toBe(201);
  const title = `Router firmware question ${unique()}`;
  const created = await api.post("/api/v1/threads", {
    data: { board: "announcements", title, body: docOf("Which firmware fixes the reboot loop?") },
  });
  expect(created.status()).toBe(201);
  await api.dispose();

  await page.goto("/notifications");
  await expect(page.getByText(title).first()).toBeVisible();
  await expectNoA11yViolations(page);

  await page.goto("/settings/notifications");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);
  await ctx.close();
});

test("staff see the member 360° view; the list filters by segment", async ({ browser }) => {
  const ctx = await english(browser);
  const page = await ctx.newPage();
  await logIn(page, "hoa.mod");
  const res = await page.goto("/mod/members");
  expect(res?.status()).toBe(200);
  await expectNoA11yViolations(page);
  await page.goto("/mod/members?segment=champion");
  await expect(page.getByRole("link", { name: "lan.nguyen" }).first()).toBeVisible();
  await page.goto("/mod/members/lan.nguyen");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("lan.nguyen");
  await expectNoA11yViolations(page);
  await ctx.close();
});

test("search ignores diacritics and highlights; the ask page suggests similar threads while typing", async ({
  browser,
}) => {
  const ctx = await english(browser);
  const page = await ctx.newPage();
  await page.goto("/");
  const box = page.locator("#header-search-q");
  await box.fill("hoan tien");
  await box.press("Enter");
  await page.waitForURL(/\/search\?/);
  await expect(page.locator("mark").first()).toBeVisible();
  await expect(page.locator("mark", { hasText: /hoàn|tiền/i }).first()).toBeVisible();
  await expectNoA11yViolations(page);

  await logIn(page, "sarah_k");
  await page.goto("/ask");
  await page.locator("#title").fill("Bị trừ tiền 2 lần");
  const similar = page.locator(".similar-threads");
  await expect(similar).toBeVisible();
  await expect(similar.getByRole("link").first()).toBeVisible();
  await expectNoA11yViolations(page);
  await ctx.close();
});
