import { expect, request, test } from "@playwright/test";
import { signUpInPage } from "./support";

const unique = () => Math.random().toString(36).slice(2, 8);
const docOf = (text: string) => ({
  type: "doc",
  content: [{ type: "paragraph", content: [{ type: "text", text }] }],
});

test("an open thread shows another member's reply and vote without a reload, keeping a draft", async ({
  browser,
  baseURL,
}) => {
  // The other member works through the JSON API (its own cookie jar).
  const api = await request.newContext({ baseURL });
  const other = `live_b_${unique()}`;
  const signup = await api.post("/api/v1/auth/signup", {
    data: { username: other, email: `${other}@example.test`, password: "a strong password 1" },
  });
  expect(signup.status()).toBe(201);
  const boards = (await (await api.get("/api/v1/boards")).json()) as { boards: { slug: string }[] };
  const created = await api.post("/api/v1/threads", {
    data: {
      board: boards.boards[0]!.slug,
      title: `Live updates check ${unique()}`,
      body: docOf("Does the page update by itself?"),
    },
  });
  expect(created.status()).toBe(201);
  const { thread } = (await created.json()) as { thread: { id: number; postId: number } };

  // The reader: a member typing an answer on the open page.
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  const me = `live_a_${unique()}`;
  await signUpInPage(page, me);
  const streamOpen = page.waitForResponse((r) => r.url().endsWith(`/t/${thread.id}/events`));
  await page.goto(`/t/${thread.id}`);
  expect((await streamOpen).status()).toBe(200);
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  await page.locator(".editor-content").click();
  await page.keyboard.type("My draft answer");

  // A reply from the other member: a polite notice, then the reply on demand.
  const replied = await api.post(`/api/v1/threads/${thread.id}/replies`, {
    data: { body: docOf("Yes, it does: this reply arrived live.") },
  });
  expect(replied.status()).toBe(201);
  const notice = page.locator(".live-region");
  await expect(notice).toHaveAttribute("aria-live", "polite");
  await expect(notice).toContainText("1 new reply");
  // Focus stays in the editor while the notice appears.
  await expect(
    page.locator(".editor-content [contenteditable=true], .editor-content[contenteditable=true]").first(),
  ).toBeFocused();
  await notice.getByRole("button", { name: "Show" }).click();
  await expect(page.getByText("this reply arrived live")).toBeVisible();
  await expect(notice).not.toContainText("new reply");
  // Same document (no reload) and the draft is still there.
  expect(await page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
  await expect(page.locator(".editor-content")).toContainText("My draft answer");

  // A third member upvotes that reply: the score changes in place, with no notice and no click.
  const { reply } = (await replied.json()) as { reply: { postId: number } };
  const voter = await request.newContext({ baseURL });
  const third = `live_c_${unique()}`;
  await voter.post("/api/v1/auth/signup", {
    data: { username: third, email: `${third}@example.test`, password: "a strong password 1" },
  });
  const voted = await voter.post(`/api/v1/posts/${reply.postId}/vote`, { data: { value: 1 } });
  expect(voted.status()).toBe(200);
  await expect(page.locator(`#p-${reply.postId} .vote-score`)).toHaveText("1");
  await expect(notice).not.toContainText("updated");
  await voter.dispose();
  await api.dispose();
  await ctx.close();
});
