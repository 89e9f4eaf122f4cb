/**
 * GET /mod/members.csv?segment=&q= — the staff's filtered member list as a CSV file (staff only).
 * Capped at CSV_MAX_ROWS rows (and a bounded scan, like the page); the X-Lantern-Truncated header says when
 * the cap cut it short. Same CSV rules as the command-center export: UTF-8 with BOM, CRLF, RFC 4180 quoting,
 * and text starting with = + - @ defused with a leading ' so spreadsheets never run it as a formula.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireStaff } from "~/auth/session.server";
import { getDeps } from "~/deps.server";
import { listMembers, type MemberListRow } from "~/services/members.server";
import { segmentReasonText } from "~/components/member-segment";
import { createI18n } from "~/i18n/config";
import { detectLanguage } from "~/i18n/language.server";
import { dayKey } from "~/domain/reputation";
import { toCsv } from "./mod.export.$table";
import { CSV_MAX_ROWS, memberFilters } from "./mod.members._index";

/** Candidates one export may look at (a rare segment over a large community stops here). */
const CSV_SCAN_BUDGET = 50_000;

export async function loader({ request }: LoaderFunctionArgs) {
  await requireStaff(request);
  const url = new URL(request.url);
  const { segment, q } = memberFilters(url);
  const deps = await getDeps();
  const rows: MemberListRow[] = [];
  let cursor: string | null = null;
  let scanned = 0;
  let truncated = false;
  // Pages of the same walk as the list page, until the cap or the end.
  for (;;) {
    const page = await listMembers(deps, {
      segment,
      q,
      cursor,
      limit: Math.min(500, CSV_MAX_ROWS - rows.length),
      scanBudget: Math.max(1, CSV_SCAN_BUDGET - scanned),
    });
    rows.push(...page.rows);
    scanned += page.scanned;
    cursor = page.next;
    if (!cursor) break;
    if (rows.length >= CSV_MAX_ROWS || scanned >= CSV_SCAN_BUDGET) {
      truncated = true;
      break;
    }
  }
  const { t } = createI18n(detectLanguage(request));
  const h = (k: string) => t(`membersFeature.csv.${k}`);
  const body = toCsv([
    [
      h("username"),
      h("segment"),
      h("reason"),
      h("reputation"),
      h("questions"),
      h("answers"),
      h("joined"),
      h("lastActive"),
      h("negative14"),
      h("openEscalations"),
      h("champion"),
    ],
    ...rows.map((m) => [
      m.username,
      t(`membersFeature.segment.${m.segment.segment}`),
      segmentReasonText(m.segment, t),
      m.reputation,
      m.questions,
      m.answers,
      m.joinedAt.toISOString(),
      m.lastActiveAt?.toISOString() ?? null,
      m.negative14,
      m.openEscalations,
      m.isChampion ? h("yes") : h("no"),
    ]),
  ]);
  const filename = `lantern-members-${segment ?? "all"}-${dayKey(deps.clock.now())}.csv`;
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Lantern-Truncated": truncated ? "true" : "false",
    },
  });
}
