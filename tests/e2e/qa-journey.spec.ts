import { expect, test, type Page } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";

const unique = () => Math.random().toString(36).slice(2, 8);

async function expectNoA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.nodes.map((n) => `${n.target.join(" ")} (${n.failureSummary ?? ""})`).join(", ")}`,
  );
  expect(summary).toEqual([]);
}

async function signUp(page: Page, username: string) {
  await page.goto("/signup");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Email").fill(`${username}@example.test`);
  await page.getByLabel("Password").fill("a strong password 1");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("link", { name: username })).toBeVisible();
}

test.beforeEach(async ({ page }) => {
  const errors: string[] = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  (page as unknown as { __errors: string[] }).__errors = errors;
});

test.afterEach(async ({ page }) => {
  // 4xx responses to deliberately bad input are logged by Chromium as resource errors; nothing else may be.
  const errors = (page as unknown as { __errors: string[] }).__errors.filter(
    (e) => !/status of 4\d\d/.test(e),
  );
  expect(errors).toEqual([]);
});

test("home page shows the seeded community and passes an accessibility check", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("How can we help?");
  await expect(page.getByRole("heading", { name: "Boards" })).toBeVisible();
  expect(await page.locator(".board-card").count()).toBeGreaterThanOrEqual(4);
  expect(await page.locator(".thread-row").count()).toBeGreaterThan(5);
  await expectNoA11yViolations(page);
});

test("ask with formatting, another member answers, the asker accepts, the thread shows solved; Vietnamese on switch", async ({
  browser,
}) => {
  const askerCtx = await browser.newContext();
  const helperCtx = await browser.newContext();
  const asker = await askerCtx.newPage();
  const helper = await helperCtx.newPage();
  const askerName = `asker_${unique()}`;
  const helperName = `helper_${unique()}`;

  await signUp(asker, askerName);
  await asker.getByRole("link", { name: "Ask a question" }).first().click();
  await expect(asker.getByRole("heading", { name: "Ask the community" })).toBeVisible();
  await expectNoA11yViolations(asker);

  // Bad input first: the error shows next to the field and the text is kept.
  await asker.getByLabel("Board").selectOption({ index: 1 });
  await asker.getByLabel("Title").fill("Too short");
  const editor = asker.locator(".editor-content");
  await editor.click();
  await asker.keyboard.type("My fibre drops ");
  await asker.keyboard.press("Control+b");
  await asker.keyboard.type("every night");
  await asker.keyboard.press("Control+b");
  await asker.keyboard.type(" at 9pm.");
  await asker.keyboard.press("Enter");
  await asker.getByRole("button", { name: "Bulleted list" }).click();
  await asker.keyboard.type("Router restarted");
  await asker.getByRole("button", { name: "Post your question" }).click();
  await expect(asker.locator("#title-error")).toContainText("too short");
  await expect(asker.getByLabel("Title")).toHaveValue("Too short");
  await expect(asker.locator(".editor-content strong")).toHaveText("every night");

  const title = `Fibre drops every night at 9pm ${unique()}`;
  await asker.getByLabel("Title").fill(title);
  await asker.getByRole("button", { name: "Post your question" }).click();
  await expect(asker.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(asker.locator(".post.is-question .prose strong")).toHaveText("every night");
  await expect(asker.locator(".post.is-question .prose li")).toHaveText("Router restarted");
  const threadUrl = asker.url();

  await signUp(helper, helperName);
  await helper.goto(threadUrl);
  await helper.locator(".editor-content").click();
  await helper.keyboard.type("Change the Wi-Fi channel to 36 and ");
  await helper.keyboard.press("Control+i");
  await helper.keyboard.type("disable band steering");
  await helper.getByRole("button", { name: "Post your answer" }).click();
  await expect(helper.locator(".post:not(.is-question) .prose em")).toHaveText("disable band steering");
  // Voting on someone else's post works without a reload; on your own it is disabled.
  await helper
    .locator(".post.is-question")
    .getByRole("button", { name: /upvote/ })
    .click();
  await expect(helper.locator(".post.is-question .vote-score")).toHaveText("1");
  await expect(
    helper.locator(".post:not(.is-question)").getByRole("button", { name: /upvote/ }),
  ).toBeDisabled();

  await asker.reload();
  await expect(asker.getByText("disable band steering")).toBeVisible();
  await asker.getByRole("button", { name: "Accept as solution" }).click();
  await expect(asker.locator(".thread-header .badge-solved")).toHaveText(/Solved/);
  await expect(asker.locator(".solution .accepted-banner")).toContainText("Accepted solution");
  await expect(asker.locator(".solution .prose")).toContainText("Change the Wi-Fi channel");
  await expectNoA11yViolations(asker);

  // Switch language: the same page in Vietnamese.
  await asker.getByRole("button", { name: /Chuyển sang tiếng Việt/ }).click();
  await expect(asker.locator("html")).toHaveAttribute("lang", "vi");
  await expect(asker.locator(".thread-header .badge-solved")).toHaveText(/Đã giải quyết/);
  await expect(asker.locator(".solution .accepted-banner")).toContainText("Giải pháp được chấp nhận");
  await expectNoA11yViolations(asker);

  await askerCtx.close();
  await helperCtx.close();
});

test("board, login and signup pages pass the accessibility check in Vietnamese", async ({ page }) => {
  await page.context().addCookies([{ name: "lantern_lang", value: "vi", url: "http://localhost:3100" }]);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Chúng tôi có thể giúp gì cho bạn?");
  await page.locator(".board-link").first().click();
  await expect(page.getByRole("navigation", { name: "Lọc câu hỏi" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.goto("/login");
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Đăng nhập" }).last().click();
  await expect(page.locator("#login-error")).toBeVisible();
  await page.goto("/signup");
  await expectNoA11yViolations(page);
});
