import { chromium } from "@playwright/test";
import fs from "node:fs";
const base = "http://localhost:3300";
fs.mkdirSync("/tmp/shots", { recursive: true });
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--headless", "--no-sandbox", "--disable-gpu"] });
const pages = (process.env.PAGES ?? "/mod/queue,/mod/settings,/mod/escalations,/mod/incidents,/mod/governance,/mod/audit,/admin/webhooks,/admin/teams").split(",");
const widths = process.env.WIDTHS ? process.env.WIDTHS.split(",") : ["desktop", "phone"];
const langs = process.env.LANGS ? process.env.LANGS.split(",") : ["vi", "en"];
for (const lang of langs) for (const w of widths) {
  const [width, height] = w === "desktop" ? [1280, 900] : [390, 844];
  const ctx = await browser.newContext({ viewport: { width, height } });
  await ctx.addCookies([{ name: "lantern_lang", value: lang, url: base }]);
  const page = await ctx.newPage();
  await page.goto(base + "/login");
  await page.locator("#login").fill(process.env.WHO ?? "admin");
  await page.locator("#password").fill("lantern-demo-1");
  await page.locator("form.auth-card button[type=submit]").click();
  await page.waitForURL((u) => !u.pathname.startsWith("/login"));
  for (const p of pages) {
    await page.goto(base + p);
    const name = p.replace(/[^a-z0-9]+/gi, "_").replace(/^_/, "");
    await page.screenshot({ path: `/tmp/shots/${name}-${lang}-${w}.png`, fullPage: true });
  }
  await ctx.close();
}
await browser.close();
