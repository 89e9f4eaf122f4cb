import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, logIn } from "./support";

const COPY = {
  en: {
    title: "Forgot your password?",
    send: "Send the link",
    sent: /If an account exists for that address/,
  },
  vi: { title: "Quên mật khẩu?", send: "Gửi liên kết", sent: /Nếu địa chỉ này có tài khoản/ },
} as const;

for (const lang of ["en", "vi"] as const) {
  test(`forgot password (${lang}): reachable from the login page, accessible, same answer for any address`, async ({
    page,
    context,
    baseURL,
  }) => {
    await context.addCookies([{ name: "lantern_lang", value: lang, url: baseURL! }]);
    await page.goto("/login");
    await page.getByRole("link", { name: COPY[lang].title }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expect(page.getByRole("heading", { level: 1, name: COPY[lang].title })).toBeVisible();
    await expectNoA11yViolations(page);

    // A bad address: the error is next to the field, the input kept, focus on the field.
    const email = page.locator("#email");
    await email.fill("not-an-address");
    await page.getByRole("button", { name: COPY[lang].send }).click();
    await expect(page.locator("#email-error")).toBeVisible();
    await expect(email).toHaveValue("not-an-address");
    await expect(email).toBeFocused();
    await expectNoA11yViolations(page);

    // Keyboard only: type the address and press Enter.
    await email.fill(`nobody-${lang}@example.test`);
    await email.press("Enter");
    await expect(page.getByRole("status")).toContainText(COPY[lang].sent);
    await expect(email).toHaveValue(`nobody-${lang}@example.test`);
    await expectNoA11yViolations(page);
  });
}

test("account security page: accessible; 'log out everywhere' ends the session", async ({
  page,
  context,
  baseURL,
}) => {
  await context.addCookies([{ name: "lantern_lang", value: "en", url: baseURL! }]);
  await logIn(page, "sarah_k");
  await page.goto("/settings/security");
  await expect(page.getByRole("heading", { level: 1, name: "Account security" })).toBeVisible();
  await expectNoA11yViolations(page);
  await page.getByRole("button", { name: "Log out everywhere" }).click();
  await expect(page).toHaveURL(/\/login\?loggedOut=everywhere/);
  await expect(page.getByRole("status")).toContainText("logged out on every device");
  await page.goto("/settings/security");
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
});
