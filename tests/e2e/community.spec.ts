import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, logIn } from "./support";

test("a new member's first answer earns a badge: the bell counts it, the notification links to the badge", async ({
  page,
}) => {
  const name = `newbie_${Math.random().toString(36).slice(2, 8)}`;
  await page.goto("/signup");
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("Email").fill(`${name}@example.test`);
  await page.getByLabel("Password").fill("a strong password 1");
  await page.getByRole("button", { name: "Create account" }).click();
  // Wait for the session before navigating on (otherwise the thread page may render for a visitor).
  await expect(page.locator(".nav-user")).toBeVisible();
  await page.goto("/");
  await page.locator(".thread-title").first().click();
  await page.locator(".editor-content").click();
  await page.keyboard.type("Restarting the modem fixed it for me.");
  await page.getByRole("button", { name: "Post your answer" }).click();
  await expect(page.getByText("Restarting the modem fixed it for me.")).toBeVisible();
  await expect(page.locator(".bell-count")).toHaveText("1");
  await page.locator(".nav-bell").click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);
  await page
    .getByRole("link", { name: /First Answer|first answer/i })
    .first()
    .click();
  await expect(page).toHaveURL(/\/badges\/first-answer$/);
  await expect(page.locator("main").getByRole("link", { name, exact: true })).toBeVisible();
  await expectNoA11yViolations(page);
});

test("leaderboard, badges and a profile with reputation, rank and chart pass the accessibility check", async ({
  page,
}) => {
  await page.goto("/leaderboard?period=all");
  await expect(page.locator("table")).toContainText("lan.nguyen");
  await expectNoA11yViolations(page);
  await page.goto("/badges");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.goto("/u/lan.nguyen");
  await expect(page.locator(".flair-champion").first()).toBeVisible();
  await expect(
    page
      .locator("svg")
      .filter({ has: page.locator("path") })
      .first(),
  ).toBeVisible();
  await expectNoA11yViolations(page);
});

test("the moderators' page is refused to a member and works for a moderator", async ({ page }) => {
  await logIn(page, "sarah_k");
  const res = await page.goto("/mod/community");
  expect(res?.status()).toBe(403);
  await page.context().clearCookies();
  await logIn(page, "hoa.mod");
  const ok = await page.goto("/mod/community");
  expect(ok?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectNoA11yViolations(page);
});
