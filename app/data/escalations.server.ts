/** SQL for escalations, their events and linked threads, the teams, and the incident knowledge base. */
import { and, asc, desc, eq, gt, inArray, isNotNull, lt, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "~db/client";
import {
  escalationEvents,
  escalations,
  escalationThreads,
  teamMembers,
  teams,
  threads,
  users,
} from "~db/schema";
import { rowsOf } from "./reputation.server";

export type EscalationRow = typeof escalations.$inferSelect;

// ---------------------------------------------------------------------------------------------------------
// Teams

export async function listTeams(ex: Executor, opts: { activeOnly?: boolean } = {}) {
  const rows = await ex
    .select({
      id: teams.id,
      slug: teams.slug,
      nameVi: teams.nameVi,
      nameEn: teams.nameEn,
      active: teams.active,
    })
    .from(teams)
    .where(opts.activeOnly ? eq(teams.active, true) : undefined)
    .orderBy(asc(teams.id))
    .limit(200);
  const ids = rows.map((r) => r.id);
  const members = ids.length
    ? await ex
        .select({ teamId: teamMembers.teamId, id: users.id, username: users.username, role: users.role })
        .from(teamMembers)
        .innerJoin(users, eq(users.id, teamMembers.userId))
        .where(inArray(teamMembers.teamId, ids))
        .orderBy(asc(users.username))
    : [];
  return rows.map((t) => ({
    ...t,
    members: members
      .filter((m) => m.teamId === t.id)
      .map((m) => ({ id: m.id, username: m.username, role: m.role })),
  }));
}

export async function findTeam(ex: Executor, ref: { id?: number; slug?: string }) {
  const where = ref.id !== undefined ? eq(teams.id, ref.id) : eq(teams.slug, ref.slug ?? "");
  const [row] = await ex.select().from(teams).where(where).limit(1);
  return row ?? null;
}

export async function insertTeam(
  ex: Executor,
  row: { slug: string; nameVi: string; nameEn: string },
  now: Date,
) {
  const [created] = await ex
    .insert(teams)
    .values({ ...row, createdAt: now })
    .onConflictDoNothing()
    .returning();
  return created ?? null;
}

export async function updateTeam(
  ex: Executor,
  id: number,
  patch: Partial<Pick<typeof teams.$inferInsert, "nameVi" | "nameEn" | "active">>,
) {
  const [row] = await ex.update(teams).set(patch).where(eq(teams.id, id)).returning();
  return row ?? null;
}

export async function addTeamMember(ex: Executor, teamId: number, userId: string) {
  const rows = await ex
    .insert(teamMembers)
    .values({ teamId, userId })
    .onConflictDoNothing()
    .returning({ teamId: teamMembers.teamId });
  return rows.length > 0;
}

export async function removeTeamMember(ex: Executor, teamId: number, userId: string) {
  const rows = await ex
    .delete(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .returning({ teamId: teamMembers.teamId });
  return rows.length > 0;
}

export async function isTeamMember(ex: Executor, teamId: number, userId: string) {
  const [row] = await ex
    .select({ userId: teamMembers.userId })
    .from(teamMembers)
    .where(and(eq(teamMembers.teamId, teamId), eq(teamMembers.userId, userId)))
    .limit(1);
  return !!row;
}

/** A user by id or username (case-insensitive), for assignees and team members. */
export async function findUserRef(ex: Executor, ref: string) {
  const [row] = await ex
    .select({ id: users.id, username: users.username, role: users.role })
    .from(users)
    .where(or(eq(users.id, ref), sql`lower(${users.username}) = lower(${ref})`))
    .limit(1);
  return row ?? null;
}

/** Staff members (moderators and admins), for the team member picker. */
export async function listStaffUsers(ex: Executor) {
  return ex
    .select({ id: users.id, username: users.username, role: users.role })
    .from(users)
    .where(inArray(users.role, ["moderator", "admin"]))
    .orderBy(asc(users.username))
    .limit(500);
}

// ---------------------------------------------------------------------------------------------------------
// Escalations: writes

export async function findThreadForEscalation(ex: Executor, threadId: number) {
  const [row] = await ex
    .select({
      id: threads.id,
      title: threads.title,
      boardId: threads.boardId,
      activeEscalationId: threads.activeEscalationId,
      mergedIntoId: threads.mergedIntoId,
    })
    .from(threads)
    .where(eq(threads.id, threadId))
    .limit(1)
    .for("update");
  return row ?? null;
}

export async function setActiveEscalation(ex: Executor, threadId: number, escalationId: number | null) {
  await ex.update(threads).set({ activeEscalationId: escalationId }).where(eq(threads.id, threadId));
}

export async function insertEscalation(ex: Executor, row: typeof escalations.$inferInsert) {
  const [created] = await ex.insert(escalations).values(row).returning();
  return created!;
}

export async function lockEscalation(ex: Executor, id: number) {
  const [row] = await ex.select().from(escalations).where(eq(escalations.id, id)).limit(1).for("update");
  return row ?? null;
}

export async function findEscalation(ex: Executor, id: number) {
  const [row] = await ex.select().from(escalations).where(eq(escalations.id, id)).limit(1);
  return row ?? null;
}

export async function updateEscalation(
  ex: Executor,
  id: number,
  patch: Partial<Omit<typeof escalations.$inferInsert, "id" | "threadId" | "createdBy" | "createdAt">>,
) {
  const [row] = await ex.update(escalations).set(patch).where(eq(escalations.id, id)).returning();
  return row!;
}

export async function insertEscalationEvents(ex: Executor, rows: (typeof escalationEvents.$inferInsert)[]) {
  if (rows.length) await ex.insert(escalationEvents).values(rows);
}

/** Links a thread to an escalation; false when it already was. */
export async function linkEscalationThread(ex: Executor, escalationId: number, threadId: number) {
  const rows = await ex
    .insert(escalationThreads)
    .values({ escalationId, threadId })
    .onConflictDoNothing()
    .returning({ threadId: escalationThreads.threadId });
  return rows.length > 0;
}

/** Internal notes of an escalation (for its knowledge-base search text). */
export async function listEscalationNotes(ex: Executor, escalationId: number) {
  const rows = await ex
    .select({ note: escalationEvents.note })
    .from(escalationEvents)
    .where(and(eq(escalationEvents.escalationId, escalationId), isNotNull(escalationEvents.note)))
    .orderBy(asc(escalationEvents.id))
    .limit(500);
  return rows.map((r) => r.note!).filter(Boolean);
}

export async function threadTitle(ex: Executor, threadId: number) {
  const [row] = await ex
    .select({ title: threads.title })
    .from(threads)
    .where(eq(threads.id, threadId))
    .limit(1);
  return row?.title ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Escalations: reads

export interface EscalationFilters {
  /** Default: the active statuses. */
  statuses: string[];
  teamId?: number | null;
  priority?: number | null;
  assigneeId?: string | null;
}

export interface DueCursor {
  at: Date;
  id: number;
}

/**
 * The escalations board: most urgent (earliest due) first, keyset-paginated on (due_at, id). With a team or an
 * assignee the matching (team|assignee, status, due_at, id) index serves it; otherwise (status, due_at, id).
 */
export async function listEscalations(
  ex: Executor,
  f: EscalationFilters,
  cursor: DueCursor | null,
  limit: number,
) {
  const conds: (SQL | undefined)[] = [inArray(escalations.status, f.statuses)];
  if (f.teamId) conds.push(eq(escalations.teamId, f.teamId));
  if (f.priority) conds.push(eq(escalations.priority, f.priority));
  if (f.assigneeId) conds.push(eq(escalations.assigneeId, f.assigneeId));
  if (cursor) {
    conds.push(
      or(
        gt(escalations.dueAt, cursor.at),
        and(eq(escalations.dueAt, cursor.at), gt(escalations.id, cursor.id)),
      ),
    );
  }
  const assignee = sql<
    string | null
  >`(select u.username from users u where u.id = ${escalations.assigneeId})`;
  const rows = await ex
    .select({
      id: escalations.id,
      threadId: escalations.threadId,
      threadTitle: threads.title,
      teamSlug: teams.slug,
      teamNameVi: teams.nameVi,
      teamNameEn: teams.nameEn,
      priority: escalations.priority,
      status: escalations.status,
      assignee,
      dueAt: escalations.dueAt,
      firstResponseAt: escalations.firstResponseAt,
      resolvedAt: escalations.resolvedAt,
      createdAt: escalations.createdAt,
      updatedAt: escalations.updatedAt,
    })
    .from(escalations)
    .innerJoin(threads, eq(threads.id, escalations.threadId))
    .innerJoin(teams, eq(teams.id, escalations.teamId))
    .where(and(...conds))
    .orderBy(asc(escalations.dueAt), asc(escalations.id))
    .limit(limit + 1);
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { rows: page, next: more && last ? { at: last.dueAt, id: last.id } : null };
}

/** Active escalations and how many of them are past due (command center). Counted on escalations_status_due_idx. */
export async function countActiveEscalations(ex: Executor, now: Date, boardId: number | null = null) {
  const result = await ex.execute(sql`
    select count(*)::int as open,
      count(*) filter (where e.due_at < ${now.toISOString()}::timestamptz)::int as overdue
    from escalations e
    ${boardId ? sql`join threads t on t.id = e.thread_id and t.board_id = ${boardId}` : sql``}
    where e.status in ('open', 'in_progress', 'waiting_on_customer')`);
  const r = rowsOf(result)[0] ?? {};
  return { open: Number(r.open ?? 0), overdue: Number(r.overdue ?? 0) };
}

/**
 * Median times (seconds) to the first staff response and to resolution, for escalations opened since `since`
 * (capped at the 5,000 most recent, so the page never scans the whole history).
 */
export async function escalationTimes(ex: Executor, since: Date) {
  const result = await ex.execute(sql`
    with recent as (
      select created_at, first_response_at, resolved_at from escalations
      where created_at >= ${since.toISOString()}::timestamptz
      order by created_at desc limit 5000)
    select
      count(first_response_at)::int as responded,
      percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at))
        filter (where first_response_at is not null) as first_response,
      count(resolved_at)::int as resolved,
      percentile_cont(0.5) within group (order by extract(epoch from resolved_at - created_at))
        filter (where resolved_at is not null) as resolution
    from recent`);
  const r = rowsOf(result)[0] ?? {};
  const n = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));
  return {
    firstResponse: { count: Number(r.responded ?? 0), medianSeconds: n(r.first_response) },
    resolution: { count: Number(r.resolved ?? 0), medianSeconds: n(r.resolution) },
  };
}

/** Everything the staff detail page shows: the escalation, its timeline (with internal notes), linked threads. */
export async function getEscalationDetail(ex: Executor, id: number) {
  const [e] = await ex
    .select({
      id: escalations.id,
      threadId: escalations.threadId,
      threadTitle: threads.title,
      teamId: escalations.teamId,
      teamSlug: teams.slug,
      teamNameVi: teams.nameVi,
      teamNameEn: teams.nameEn,
      priority: escalations.priority,
      status: escalations.status,
      assigneeId: escalations.assigneeId,
      assignee: sql<string | null>`(select u.username from users u where u.id = ${escalations.assigneeId})`,
      createdBy: users.username,
      dueAt: escalations.dueAt,
      firstResponseAt: escalations.firstResponseAt,
      resolvedAt: escalations.resolvedAt,
      resolutionSummary: escalations.resolutionSummary,
      resolutionPublic: escalations.resolutionPublic,
      searchText: escalations.searchText,
      createdAt: escalations.createdAt,
      updatedAt: escalations.updatedAt,
    })
    .from(escalations)
    .innerJoin(threads, eq(threads.id, escalations.threadId))
    .innerJoin(teams, eq(teams.id, escalations.teamId))
    .innerJoin(users, eq(users.id, escalations.createdBy))
    .where(eq(escalations.id, id))
    .limit(1);
  if (!e) return null;
  const [events, linked] = await Promise.all([listEscalationEvents(ex, [id]), listLinkedThreads(ex, [id])]);
  return { ...e, events, linked };
}

export async function listEscalationEvents(ex: Executor, ids: number[]) {
  if (!ids.length) return [];
  return ex
    .select({
      id: escalationEvents.id,
      escalationId: escalationEvents.escalationId,
      kind: escalationEvents.kind,
      fromValue: escalationEvents.fromValue,
      toValue: escalationEvents.toValue,
      note: escalationEvents.note,
      actor: users.username,
      createdAt: escalationEvents.createdAt,
    })
    .from(escalationEvents)
    .innerJoin(users, eq(users.id, escalationEvents.actorId))
    .where(inArray(escalationEvents.escalationId, ids))
    .orderBy(asc(escalationEvents.escalationId), asc(escalationEvents.id))
    .limit(500 * ids.length);
}

export async function listLinkedThreads(ex: Executor, ids: number[]) {
  if (!ids.length) return [];
  return ex
    .select({ escalationId: escalationThreads.escalationId, id: threads.id, title: threads.title })
    .from(escalationThreads)
    .innerJoin(threads, eq(threads.id, escalationThreads.threadId))
    .where(inArray(escalationThreads.escalationId, ids))
    .orderBy(asc(escalationThreads.escalationId), asc(threads.id))
    .limit(100 * ids.length);
}

/**
 * What a thread page shows about escalations. Members: only whether a team is on it and the published
 * resolution summary — never notes, assignees or internal summaries. Staff also get the active escalation's
 * id, status, team, priority and due time.
 */
export async function findThreadEscalation(ex: Executor, threadId: number, staff: boolean) {
  // With the thread, in the same query: the latest published resolution of an escalation of this thread
  // (escalations_thread_idx), looked for only while no team is on it. Written out in full: drizzle leaves the
  // columns of a one-table select unqualified, and a bare "id" here would be the escalation's.
  const published = (column: SQL) => sql`(
    select ${column} from escalations e
    where e.thread_id = threads.id and threads.active_escalation_id is null and e.status = 'resolved'
      and e.resolution_public and e.resolution_summary is not null
    order by e.resolved_at desc, e.id desc limit 1)`;
  const [t] = await ex
    .select({
      activeEscalationId: threads.activeEscalationId,
      title: threads.title,
      summary: published(sql`e.resolution_summary`).mapWith(escalations.resolutionSummary),
      resolvedAt: published(sql`e.resolved_at`).mapWith(escalations.resolvedAt),
    })
    .from(threads)
    .where(eq(threads.id, threadId))
    .limit(1);
  if (!t) return null;
  let active: {
    id: number;
    status: string;
    priority: number;
    dueAt: Date;
    teamNameVi: string;
    teamNameEn: string;
    assignee: string | null;
  } | null = null;
  if (t.activeEscalationId && staff) {
    const [a] = await ex
      .select({
        id: escalations.id,
        status: escalations.status,
        priority: escalations.priority,
        dueAt: escalations.dueAt,
        teamNameVi: teams.nameVi,
        teamNameEn: teams.nameEn,
        assignee: sql<string | null>`(select u.username from users u where u.id = ${escalations.assigneeId})`,
      })
      .from(escalations)
      .innerJoin(teams, eq(teams.id, escalations.teamId))
      .where(eq(escalations.id, t.activeEscalationId))
      .limit(1);
    active = a ?? null;
  }
  return {
    title: t.title,
    teamOnIt: t.activeEscalationId !== null,
    active,
    resolution: t.summary ? { summary: t.summary, resolvedAt: t.resolvedAt } : null,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Incident knowledge base

/**
 * Resolved escalations with a resolution summary, most recent first (due_at desc, id desc on
 * escalations_status_due_idx), optionally filtered by folded terms (every term must occur).
 */
export async function listIncidents(
  ex: Executor,
  opts: { terms: string[]; cursor: DueCursor | null; limit: number },
) {
  const conds: (SQL | undefined)[] = [
    eq(escalations.status, "resolved"),
    isNotNull(escalations.resolutionSummary),
    ...opts.terms.map(
      (t) => sql`${escalations.searchText} like ${"%" + t.replace(/[\\%_]/g, (c) => "\\" + c) + "%"}`,
    ),
  ];
  if (opts.cursor) {
    conds.push(
      or(
        lt(escalations.dueAt, opts.cursor.at),
        and(eq(escalations.dueAt, opts.cursor.at), lt(escalations.id, opts.cursor.id)),
      ),
    );
  }
  const rows = await ex
    .select({
      id: escalations.id,
      threadId: escalations.threadId,
      threadTitle: threads.title,
      teamNameVi: teams.nameVi,
      teamNameEn: teams.nameEn,
      priority: escalations.priority,
      summary: escalations.resolutionSummary,
      createdAt: escalations.createdAt,
      resolvedAt: escalations.resolvedAt,
      dueAt: escalations.dueAt,
    })
    .from(escalations)
    .innerJoin(threads, eq(threads.id, escalations.threadId))
    .innerJoin(teams, eq(teams.id, escalations.teamId))
    .where(and(...conds))
    .orderBy(desc(escalations.dueAt), desc(escalations.id))
    .limit(opts.limit + 1);
  const more = rows.length > opts.limit;
  const page = rows.slice(0, opts.limit);
  const ids = page.map((r) => r.id);
  const [events, linked] = await Promise.all([listEscalationEvents(ex, ids), listLinkedThreads(ex, ids)]);
  const last = page.at(-1);
  return {
    rows: page.map((r) => ({
      ...r,
      events: events.filter((e) => e.escalationId === r.id),
      linked: linked.filter((l) => l.escalationId === r.id),
    })),
    next: more && last ? { at: last.dueAt, id: last.id } : null,
  };
}

/** The most recent incidents, as candidates for "similar past incidents" (ranked in domain/moderation). */
export async function incidentCandidates(ex: Executor, opts: { excludeId?: number; limit?: number } = {}) {
  return ex
    .select({
      id: escalations.id,
      threadId: escalations.threadId,
      threadTitle: threads.title,
      teamNameVi: teams.nameVi,
      teamNameEn: teams.nameEn,
      summary: escalations.resolutionSummary,
      text: escalations.searchText,
      resolvedAt: escalations.resolvedAt,
    })
    .from(escalations)
    .innerJoin(threads, eq(threads.id, escalations.threadId))
    .innerJoin(teams, eq(teams.id, escalations.teamId))
    .where(
      and(
        eq(escalations.status, "resolved"),
        isNotNull(escalations.resolutionSummary),
        opts.excludeId ? sql`${escalations.id} <> ${opts.excludeId}` : undefined,
      ),
    )
    .orderBy(desc(escalations.dueAt), desc(escalations.id))
    .limit(opts.limit ?? 500);
}

/** The text a thread is compared on: its title and question. */
export async function threadTextForSimilarity(ex: Executor, threadId: number) {
  const result = await ex.execute(sql`
    select t.title, coalesce(q.body_text, '') as body from threads t
    left join posts q on q.id = t.question_post_id where t.id = ${threadId}`);
  const r = rowsOf(result)[0];
  return r ? `${String(r.title)}\n${String(r.body).slice(0, 5000)}` : null;
}
