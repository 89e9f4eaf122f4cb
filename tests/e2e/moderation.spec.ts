import { expect, test, type Browser, type BrowserContext } from "@playwright/test";
import { expectNoA11yViolations, logIn } from "./support";

const doc = (text: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

async function english(browser: Browser): Promise<BrowserContext> {
  const ctx = await browser.newContext();
  const base = test.info().project.use.baseURL!;
  await ctx.addCookies([{ name: "lantern_lang", value: "en", url: base }]);
  return ctx;
}

/** A new member asks a question through the API; returns the thread id. */
async function newThread(browser: Browser, tag: string, title: string, body: string) {
  const ctx = await browser.newContext();
  const signup = await ctx.request.post("/api/v1/auth/signup", {
    data: { username: `asker_${tag}`, email: `asker_${tag}@example.test`, password: "a strong password 1" },
  });
  expect(signup.status()).toBe(201);
  const res = await ctx.request.post("/api/v1/threads", {
    data: { board: "announcements", title, body: doc(body) },
  });
  expect(res.status()).toBe(201);
  const { thread } = (await res.json()) as { thread: { id: number } };
  return { ctx, threadId: thread.id };
}

test("a flagged reply reaches the review queue and a moderator dismisses the flags", async ({ browser }) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const { ctx: asker, threadId } = await newThread(
    browser,
    tag,
    `Router keeps rebooting every night ${tag}`,
    "My router reboots at 2am every night since the last firmware update.",
  );
  const reply = await asker.request.post(`/api/v1/threads/${threadId}/replies`, {
    data: { body: doc(`Buy cheap followers at example dot com ${tag}`) },
  });
  expect(reply.status()).toBe(201);
  await asker.close();

  // A champion (has the flag privilege) flags the reply from the thread page.
  const champion = await english(browser);
  const page = await champion.newPage();
  await logIn(page, "lan.nguyen");
  await page.goto(`/t/${threadId}`);
  const post = page.locator("article", { hasText: `cheap followers at example dot com ${tag}` });
  await post.getByText("Flag", { exact: true }).click();
  await post.getByLabel("Reason").selectOption("spam");
  await post.getByRole("button", { name: /flag/i }).click();
  await expect(post.getByText(/flagged/i)).toBeVisible();
  await champion.close();

  const staff = await english(browser);
  const mod = await staff.newPage();
  await logIn(mod, "hoa.mod");
  await mod.goto("/mod/queue");
  await expect(mod.getByRole("heading", { level: 1 })).toBeVisible();
  const item = mod.locator("li, article", { hasText: `cheap followers at example dot com ${tag}` }).last();
  await expect(item).toBeVisible();
  await expect(item.getByText("lan.nguyen").first()).toBeVisible();
  await expectNoA11yViolations(mod);
  await item.getByRole("button", { name: "Dismiss flags" }).click();
  await expect(mod.getByText("Flags dismissed.")).toBeVisible();
  await expect(
    mod.locator("li, article", { hasText: `cheap followers at example dot com ${tag}` }),
  ).toHaveCount(0);
  await staff.close();
});

test("a moderator locks and escalates a thread, resolves it with a public summary; members never see internal notes", async ({
  browser,
}) => {
  const tag = Math.random().toString(36).slice(2, 7);
  const { ctx: asker, threadId } = await newThread(
    browser,
    tag,
    `Charged twice for the same invoice ${tag}`,
    "I was charged twice this month for invoice 4471 and support has not answered.",
  );
  await asker.close();

  const staff = await english(browser);
  const mod = await staff.newPage();
  await logIn(mod, "hoa.mod");
  await mod.goto(`/t/${threadId}`);
  await mod.getByText("Moderator tools").click();
  await mod.getByRole("button", { name: "Lock", exact: true }).click();
  await expect(mod.getByText("Thread locked.")).toBeVisible();
  await expectNoA11yViolations(mod);

  await mod.getByText("Escalate to a team").click();
  await mod.locator("#esc-team").selectOption("billing");
  await mod.locator("#esc-priority").selectOption("P2");
  await mod
    .locator("#escalation-staff")
    .getByRole("button", { name: /escalate/i })
    .click();
  await expect(mod.getByText("Our team is on it")).toBeVisible();

  await mod.goto("/mod/escalations");
  await expectNoA11yViolations(mod);
  await mod
    .getByRole("link", { name: `Charged twice for the same invoice ${tag}` })
    .first()
    .click();
  await mod.waitForURL(/\/mod\/escalations\/\d+/);
  await mod.locator("#esc-note").fill(`INTERNAL-${tag}: refund 4471 approved by finance`);
  await mod.getByRole("button", { name: "Add note" }).click();
  await expect(mod.getByText(`INTERNAL-${tag}`).first()).toBeVisible();
  await mod.locator("#esc-resolution").fill(`Duplicate charge on invoice 4471 refunded ${tag}.`);
  await mod.getByLabel("Publish the summary to members on the thread").check();
  await mod.getByRole("button", { name: "Save summary" }).click();
  await expect(mod.locator("#esc-resolution")).toHaveValue(
    `Duplicate charge on invoice 4471 refunded ${tag}.`,
  );
  await mod.locator("#esc-status").selectOption("resolved");
  await mod.locator("#esc-forms").getByRole("button", { name: "Save", exact: true }).first().click();
  await expect(mod.locator(".esc-forms")).toBeVisible();
  await expectNoA11yViolations(mod);

  // The knowledge base finds it without diacritics-sensitive search.
  await mod.goto(`/mod/incidents?q=${encodeURIComponent("invoice 4471")}`);
  await expect(mod.getByText(`Charged twice for the same invoice ${tag}`).first()).toBeVisible();
  await expectNoA11yViolations(mod);
  await staff.close();

  const visitor = await english(browser);
  const anon = await visitor.newPage();
  await anon.goto(`/t/${threadId}`);
  await expect(anon.getByText("Resolved by our team")).toBeVisible();
  await expect(anon.getByText(`Duplicate charge on invoice 4471 refunded ${tag}.`)).toBeVisible();
  await expect(anon.getByText("This thread is locked", { exact: false }).first()).toBeVisible();
  expect(await anon.content()).not.toContain(`INTERNAL-${tag}`);
  await visitor.close();
});

test("staff pages are accessible; members are refused", async ({ browser }) => {
  const adminCtx = await english(browser);
  const admin = await adminCtx.newPage();
  await logIn(admin, "admin");
  for (const path of [
    "/mod/settings",
    "/mod/governance",
    "/mod/audit",
    "/admin/webhooks",
    "/admin/teams",
    "/mod/incidents",
  ]) {
    const res = await admin.goto(path);
    expect(res?.status(), path).toBe(200);
    await expect(admin.getByRole("heading", { level: 1 })).toBeVisible();
    await expectNoA11yViolations(admin);
  }
  // The audit log shows what moderators did in the other tests (at least one entry).
  await admin.goto("/mod/audit");
  await expect(admin.locator(".audit-entry", { hasText: "thread.lock" }).first()).toBeVisible();
  await expect(admin.locator(".audit-entry", { hasText: "escalation.create" }).first()).toBeVisible();
  await adminCtx.close();

  const memberCtx = await english(browser);
  const member = await memberCtx.newPage();
  await logIn(member, "sarah_k");
  for (const path of ["/mod/queue", "/mod/escalations", "/mod/audit", "/admin/webhooks"]) {
    const res = await member.goto(path);
    expect(res?.status(), path).toBe(403);
  }
  await memberCtx.close();
});

test("moderators hide the brand's name from rising issues; a bad term is an error next to the field, the text kept", async ({
  browser,
}) => {
  const ctx = await english(browser);
  const page = await ctx.newPage();
  await logIn(page, "hoa.mod");
  await page.goto("/mod");
  await page.getByRole("link", { name: /Hide terms that say nothing/ }).click();
  await expect(page).toHaveURL(/\/mod\/settings#rising-terms$/);
  const field = page.getByLabel("Terms to leave out of rising issues");
  await field.fill("SaoViet\n2026");
  await page.getByRole("button", { name: "Save the list" }).click();
  await expect(page.locator("#ignoredTerms-error")).toContainText("“2026” cannot appear in rising issues");
  await expect(field).toHaveValue("SaoViet\n2026");
  await expect(field).toHaveAttribute("aria-invalid", "true");
  await expectNoA11yViolations(page);

  await field.fill("SaoViet");
  await page.getByRole("button", { name: "Save the list" }).click();
  await expect(page.getByRole("status")).toContainText("The list of hidden terms is saved.");
  await page.goto("/mod");
  await expect(page.getByRole("link", { name: "Hidden from this list: SaoViet (change)" })).toBeVisible();

  // Leave the demo community as it was for the other tests.
  await page.goto("/mod/settings");
  await page.getByLabel("Terms to leave out of rising issues").fill("");
  await page.getByRole("button", { name: "Save the list" }).click();
  await expect(page.getByRole("status")).toContainText("The list of hidden terms is saved.");
  await ctx.close();
});
