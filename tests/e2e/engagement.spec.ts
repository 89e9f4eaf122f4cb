import { expect, request, test, type Browser } from "@playwright/test";
import { expectNoA11yViolations, logIn } from "./support";

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
  await page.goto("/signup");
  await page.getByLabel("Username").fill(me);
  await page.getByLabel("Email").fill(`${me}@example.test`);
  await page.getByLabel("Password").fill("a strong password 1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("link", { name: me })).toBeVisible();

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
