import { expect, test } from "@playwright/test";
import { expectNoA11yViolations, logIn } from "./support";

const ANGRY = [
  "Bị trừ tiền hai lần mà không ai hoàn tiền, quá thất vọng! Tôi sẽ huỷ dịch vụ.",
  "Charged twice and nobody answers. Terrible service, I want a refund now!",
  "Mất mạng ba ngày rồi, gọi tổng đài không ai nghe máy, quá tệ!",
  "This is a scam, my account was charged and the outage is still not fixed. Awful.",
];

const doc = (text: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

test("an angry post tops the triage queue and a burst of them raises an alert on the command center", async ({
  browser,
}) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const member = await browser.newContext();
  const api = member.request;
  const signup = await api.post("/api/v1/auth/signup", {
    data: { username: `angry_${tag}`, email: `angry_${tag}@example.test`, password: "a strong password 1" },
  });
  expect(signup.status()).toBe(201);
  for (let i = 0; i < 8; i++) {
    const res = await api.post("/api/v1/threads", {
      data: {
        board: "announcements",
        title: `Yêu cầu hoàn tiền ngay, bị trừ tiền hai lần ${tag} #${i}`,
        body: doc(ANGRY[i % ANGRY.length]!),
      },
    });
    expect(res.status()).toBe(201);
  }
  await member.close();

  const staff = await browser.newContext();
  const page = await staff.newPage();
  await logIn(page, "hoa.mod");
  await page.goto("/mod/triage?board=announcements");
  const first = page.locator(".triage-item").first();
  await expect(first.locator(".triage-title")).toContainText(tag);
  await expect(first.locator(".reason").first()).toBeVisible();
  await expectNoA11yViolations(page);

  await page.goto("/mod");
  const alert = page.locator(".alert-card").first();
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/Thông báo|Announcements/);
  await expectNoA11yViolations(page);
  await staff.close();
});
