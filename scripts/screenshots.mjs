// Screenshots of the main pages, both languages, phone and desktop widths, for looking at what we build:
//   BASE_URL=http://localhost:3000 node scripts/screenshots.mjs   → screenshots/*.png
import { chromium } from "@playwright/test";
import fs from "node:fs";

const base = process.env.BASE_URL ?? "http://localhost:3000";
const login = process.env.SHOT_LOGIN ?? "lan.nguyen";
const password = process.env.SHOT_PASSWORD ?? "lantern-demo-1";
// A moderator's account for the staff pages ("" to skip them).
const staff = process.env.SHOT_STAFF ?? "hoa.mod";
const only = process.argv[2];
fs.mkdirSync("screenshots", { recursive: true });

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
});
const res = await fetch(`${base}/api/v1/boards`);
const { boards } = await res.json();

for (const lang of ["vi", "en"]) {
  for (const [label, width, height] of [
    ["desktop", 1280, 900],
    ["phone", 390, 844],
  ]) {
    const ctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
    await ctx.addCookies([{ name: "lantern_lang", value: lang, url: base }]);
    const page = await ctx.newPage();
    const shots = [
      ["home", "/"],
      ["board", `/b/${boards[0].slug}`],
      ["login", "/login"],
    ];
    for (const [name, url] of shots) {
      if (only && only !== name) continue;
      await page.goto(base + url);
      await page.screenshot({
        path: `screenshots/${name}-${lang}-${label}.png`,
        fullPage: name !== "home" || label === "desktop",
      });
    }
    // A solved thread, then log in and look at the ask page and a thread with the editor.
    await page.goto(`${base}/b/${boards[1].slug}?filter=solved`);
    const first = page.locator(".thread-title").first();
    let threadUrl = null;
    if (await first.count()) {
      await first.click();
      await page.waitForLoadState("networkidle");
      threadUrl = page.url();
      if (!only || only === "thread")
        await page.screenshot({ path: `screenshots/thread-${lang}-${label}.png`, fullPage: true });
    }
    await page.goto(`${base}/login`);
    await page.locator("#login").fill(login);
    await page.locator("#password").fill(password);
    await page.locator("form.auth-card button[type=submit]").click();
    await page.waitForURL((u) => !u.pathname.startsWith("/login"));
    // The same thread as a member (a shared member page, ADR 017, once someone with this view has rendered it).
    if (threadUrl && (!only || only === "thread-member")) {
      await page.goto(threadUrl);
      await page.goto(threadUrl);
      await page.waitForLoadState("networkidle");
      await page.screenshot({ path: `screenshots/thread-member-${lang}-${label}.png`, fullPage: false });
    }
    await page.goto(`${base}/ask`);
    await page.waitForSelector(".editor-content");
    if (!only || only === "ask")
      await page.screenshot({ path: `screenshots/ask-${lang}-${label}.png`, fullPage: true });
    await page.goto(`${base}/u/${login}`);
    if (!only || only === "profile")
      await page.screenshot({ path: `screenshots/profile-${lang}-${label}.png`, fullPage: true });
    await ctx.close();
    // The moderators' pages, as a moderator (SHOT_STAFF): command center, triage, review queue, escalations and a
    // thread with the staff tools (sentiment and its one-click correction).
    if (staff) {
      const sctx = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1 });
      await sctx.addCookies([{ name: "lantern_lang", value: lang, url: base }]);
      const sp = await sctx.newPage();
      await sp.goto(`${base}/login`);
      await sp.locator("#login").fill(staff);
      await sp.locator("#password").fill(password);
      await sp.locator("form.auth-card button[type=submit]").click();
      await sp.waitForURL((u) => !u.pathname.startsWith("/login"));
      const staffShots = [
        ["mod", "/mod"],
        ["mod-triage", "/mod/triage"],
        ["mod-queue", "/mod/queue"],
        ["mod-escalations", "/mod/escalations"],
        ["mod-settings", "/mod/settings"],
      ];
      if (threadUrl) staffShots.push(["thread-staff", new URL(threadUrl).pathname]);
      for (const [name, url] of staffShots) {
        if (only && only !== name) continue;
        await sp.goto(base + url);
        await sp.waitForLoadState("networkidle");
        await sp.screenshot({ path: `screenshots/${name}-${lang}-${label}.png`, fullPage: true });
      }
      await sctx.close();
    }
  }
}
await browser.close();
console.log("screenshots written to screenshots/");
