/**
 * Escalating threads to internal teams and working them to resolution; the teams themselves; similar past
 * incidents. Staff only, checked here (pages and the API call the same functions). Every change writes an
 * escalation event (who, when, from, to), an audit entry and a webhook outbox event in its transaction.
 */
import type { z } from "zod";
import type { AppDeps } from "~/deps.server";
import type { Executor } from "~db/client";
import {
  addTeamMember,
  findEscalation,
  findTeam,
  findThreadEscalation,
  findThreadForEscalation,
  findUserRef,
  incidentCandidates,
  insertEscalation,
  insertEscalationEvents,
  insertTeam,
  isTeamMember,
  linkEscalationThread,
  listEscalations,
  listTeams,
  listEscalationNotes,
  lockEscalation,
  removeTeamMember,
  setActiveEscalation,
  threadTextForSimilarity,
  threadTitle,
  updateEscalation as writeEscalation,
  updateTeam,
  type EscalationRow,
} from "~/data/escalations.server";
import { lockThread } from "~/data/threads.server";
import { recordAudit } from "~/data/audit.server";
import { enqueueEvent } from "~/data/outbox.server";
import { isStaff, type Actor, requireAdminRole, requireStaffRole } from "~/domain/forum";
import {
  assertTransition,
  dueAtAfterPriorityChange,
  dueAtFor,
  incidentSearchText,
  isClosedStatus,
  isEscalationPriority,
  isEscalationStatus,
  isFirstResponse,
  isOverdue,
  isReopen,
  priorityLabel,
  rankSimilarIncidents,
  type EscalationEventKind,
  type EscalationPriority,
  type EscalationStatus,
} from "~/domain/moderation";
import { AppError, notFound, invalidInput } from "~/domain/shared/app-error";
import { decodeCursor, encodeCursor } from "~/domain/shared/cursor";
import {
  EscalateSchema,
  EscalationFilterSchema,
  statusesFor,
  RenameTeamSchema,
  TeamMemberSchema,
  TeamSchema,
  UpdateEscalationSchema,
} from "~/forms/escalation";
import { fieldErrors } from "~/forms/schemas";
import { refreshTriage } from "./listening.server";
import { notifyEscalationUpdate } from "./engagement.server";

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw invalidInput(fieldErrors(r.error));
  return r.data;
}

async function resolveTeam(ex: Executor, ref: string | number) {
  const team =
    typeof ref === "number" || /^\d+$/.test(ref)
      ? await findTeam(ex, { id: Number(ref) })
      : await findTeam(ex, { slug: ref });
  if (!team || !team.active) throw invalidInput({ team: "escalation_team" });
  return team;
}

/** The assignee must be a staff member of the escalation's team. */
async function resolveAssignee(ex: Executor, teamId: number, ref: string) {
  const user = await findUserRef(ex, ref);
  if (!user) throw invalidInput({ assignee: "escalation_assignee" });
  if (!isStaff(user) || !(await isTeamMember(ex, teamId, user.id))) {
    throw invalidInput({ assignee: "escalation_assignee_not_in_team" });
  }
  return user;
}

function eventPayload(
  e: EscalationRow,
  extra: { team: string; assignee: string | null; changes?: string[] },
) {
  return {
    escalation: {
      id: e.id,
      threadId: e.threadId,
      team: extra.team,
      priority: priorityLabel(e.priority),
      status: e.status,
      assignee: extra.assignee,
      dueAt: e.dueAt.toISOString(),
      createdAt: e.createdAt.toISOString(),
      resolvedAt: e.resolvedAt?.toISOString() ?? null,
      // Only a published summary leaves the building; internal notes never do.
      resolutionSummary: e.resolutionPublic ? e.resolutionSummary : null,
    },
    ...(extra.changes ? { changes: extra.changes } : {}),
  };
}

async function refreshSearchText(
  ex: Executor,
  e: Pick<EscalationRow, "id" | "threadId" | "resolutionSummary">,
) {
  const [title, notes] = await Promise.all([threadTitle(ex, e.threadId), listEscalationNotes(ex, e.id)]);
  return incidentSearchText(title, e.resolutionSummary, ...notes);
}

// ---------------------------------------------------------------------------------------------------------

/** Escalates a thread to a team (one active escalation per thread). */
export async function escalateThread(
  deps: AppDeps,
  actor: Actor,
  threadId: number,
  input: { team?: unknown; priority?: unknown; assignee?: unknown },
) {
  requireStaffRole(actor, "Only moderators can manage escalations");
  const parsed = parse(EscalateSchema, input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const thread = await findThreadForEscalation(tx, threadId);
    if (!thread) throw notFound("thread");
    if (thread.activeEscalationId) {
      throw new AppError("conflict", "escalation_exists", "This thread already has an active escalation");
    }
    const team = await resolveTeam(tx, parsed.team!);
    const assignee = parsed.assignee ? await resolveAssignee(tx, team.id, parsed.assignee) : null;
    const priority = parsed.priority as EscalationPriority;
    const e = await insertEscalation(tx, {
      threadId,
      teamId: team.id,
      priority,
      status: "open",
      assigneeId: assignee?.id ?? null,
      createdBy: actor.id,
      dueAt: dueAtFor(priority, now),
      searchText: incidentSearchText(thread.title),
      createdAt: now,
      updatedAt: now,
    });
    await setActiveEscalation(tx, threadId, e.id);
    await linkEscalationThread(tx, e.id, threadId);
    await insertEscalationEvents(tx, [
      {
        escalationId: e.id,
        actorId: actor.id,
        kind: "created",
        toValue: `${team.slug} ${priorityLabel(priority)}`,
        createdAt: now,
      },
      ...(assignee
        ? [
            {
              escalationId: e.id,
              actorId: actor.id,
              kind: "assignee",
              toValue: assignee.username,
              createdAt: now,
            },
          ]
        : []),
    ]);
    await enqueueEvent(
      tx,
      "escalation.created",
      eventPayload(e, { team: team.slug, assignee: assignee?.username ?? null }),
      now,
    );
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "escalation.create",
        targetType: "escalation",
        targetId: e.id,
        after: {
          threadId,
          team: team.slug,
          priority: priorityLabel(priority),
          assignee: assignee?.username ?? null,
          dueAt: e.dueAt.toISOString(),
        },
        search: `${thread.title} ${team.slug} ${team.nameEn} ${team.nameVi} ${assignee?.username ?? ""}`,
      },
      now,
    );
    await refreshTriage(tx, threadId, now);
    return { id: e.id, status: e.status as EscalationStatus, dueAt: e.dueAt, threadId };
  });
}

/**
 * Changes an escalation: status (workflow in domain/moderation), assignee, priority (the due time follows),
 * an internal note, the resolution summary and whether members see it. One event per change.
 */
export async function updateEscalation(
  deps: AppDeps,
  actor: Actor,
  escalationId: number,
  input: {
    status?: unknown;
    assignee?: unknown;
    unassign?: unknown;
    priority?: unknown;
    note?: unknown;
    resolutionSummary?: unknown;
    resolutionPublic?: unknown;
  },
) {
  requireStaffRole(actor, "Only moderators can manage escalations");
  const p = parse(UpdateEscalationSchema, input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const head = await findEscalation(tx, escalationId);
    if (!head) throw notFound("escalation");
    // Lock order: thread first, then the escalation.
    await lockThread(tx, head.threadId);
    const e = await lockEscalation(tx, escalationId);
    if (!e) throw notFound("escalation");
    const team = (await findTeam(tx, { id: e.teamId }))!;
    const patch: Partial<EscalationRow> = {};
    const events: {
      kind: EscalationEventKind;
      fromValue?: string | null;
      toValue?: string | null;
      note?: string;
    }[] = [];
    const audits: { action: string; before: unknown; after: unknown }[] = [];
    let activeChange: "closed" | "reopened" | null = null;

    if (p.status && p.status !== e.status) {
      const from = isEscalationStatus(e.status) ? e.status : "open";
      assertTransition(from, p.status);
      patch.status = p.status;
      if (isClosedStatus(p.status)) {
        patch.resolvedAt = now;
        activeChange = "closed";
      } else if (isReopen(from, p.status)) {
        patch.resolvedAt = null;
        // A reopened escalation gets a fresh SLA from now.
        patch.dueAt = dueAtFor(isEscalationPriority(e.priority) ? e.priority : 4, now);
        activeChange = "reopened";
      }
      events.push({ kind: "status", fromValue: e.status, toValue: p.status });
      audits.push({ action: "escalation.status", before: { status: e.status }, after: { status: p.status } });
    }

    let assigneeName: string | null | undefined;
    const before = e.assigneeId ? await findUserRef(tx, e.assigneeId) : null;
    if (p.unassign && e.assigneeId) {
      patch.assigneeId = null;
      assigneeName = null;
      events.push({ kind: "assignee", fromValue: before?.username ?? null, toValue: null });
      audits.push({
        action: "escalation.assign",
        before: { assignee: before?.username ?? null },
        after: { assignee: null },
      });
    } else if (p.assignee) {
      const user = await resolveAssignee(tx, e.teamId, p.assignee);
      if (user.id !== e.assigneeId) {
        patch.assigneeId = user.id;
        assigneeName = user.username;
        events.push({ kind: "assignee", fromValue: before?.username ?? null, toValue: user.username });
        audits.push({
          action: "escalation.assign",
          before: { assignee: before?.username ?? null },
          after: { assignee: user.username },
        });
      }
    }

    if (p.priority && p.priority !== e.priority) {
      const from = isEscalationPriority(e.priority) ? e.priority : 4;
      patch.priority = p.priority;
      patch.dueAt = dueAtAfterPriorityChange(patch.dueAt ?? e.dueAt, from, p.priority);
      events.push({
        kind: "priority",
        fromValue: priorityLabel(e.priority),
        toValue: priorityLabel(p.priority),
      });
      audits.push({
        action: "escalation.priority",
        before: { priority: priorityLabel(e.priority), dueAt: e.dueAt.toISOString() },
        after: { priority: priorityLabel(p.priority), dueAt: patch.dueAt.toISOString() },
      });
    }

    if (p.note) {
      events.push({ kind: "note", note: p.note });
      audits.push({ action: "escalation.note", before: null, after: { note: true } });
    }

    const summary = p.resolutionSummary === undefined ? undefined : p.resolutionSummary || null;
    if (summary !== undefined && summary !== e.resolutionSummary) {
      patch.resolutionSummary = summary;
      events.push({
        kind: "resolution",
        fromValue: e.resolutionSummary ? "edited" : null,
        toValue: summary ? "written" : "cleared",
      });
      audits.push({
        action: "escalation.resolution",
        before: { summary: e.resolutionSummary },
        after: { summary },
      });
    }
    if (p.resolutionPublic !== undefined && p.resolutionPublic !== e.resolutionPublic) {
      patch.resolutionPublic = p.resolutionPublic;
      events.push({
        kind: "resolution",
        fromValue: e.resolutionPublic ? "public" : "internal",
        toValue: p.resolutionPublic ? "public" : "internal",
      });
      audits.push({
        action: "escalation.publish",
        before: { public: e.resolutionPublic },
        after: { public: p.resolutionPublic },
      });
    }

    if (!events.length) {
      throw new AppError("invalid", "nothing_to_change", "Nothing to change", { form: "nothing_to_change" });
    }

    if (activeChange === "reopened") {
      const thread = await findThreadForEscalation(tx, e.threadId);
      if (thread?.activeEscalationId && thread.activeEscalationId !== e.id) {
        throw new AppError(
          "conflict",
          "escalation_exists",
          "This thread already has another active escalation",
        );
      }
      await setActiveEscalation(tx, e.threadId, e.id);
    } else if (activeChange === "closed") {
      const thread = await findThreadForEscalation(tx, e.threadId);
      if (thread?.activeEscalationId === e.id) await setActiveEscalation(tx, e.threadId, null);
    }

    if (
      isFirstResponse(
        e,
        events.map((x) => x.kind),
      )
    )
      patch.firstResponseAt = now;
    patch.updatedAt = now;
    await insertEscalationEvents(
      tx,
      events.map((x) => ({
        escalationId: e.id,
        actorId: actor.id,
        kind: x.kind,
        fromValue: x.fromValue ?? null,
        toValue: x.toValue ?? null,
        note: x.note ?? null,
        createdAt: now,
      })),
    );
    if (p.note || patch.resolutionSummary !== undefined) {
      patch.searchText = await refreshSearchText(tx, {
        id: e.id,
        threadId: e.threadId,
        resolutionSummary:
          patch.resolutionSummary !== undefined ? patch.resolutionSummary : e.resolutionSummary,
      });
    }
    const updated = await writeEscalation(tx, e.id, patch);
    const assignee =
      assigneeName !== undefined ? assigneeName : updated.assigneeId ? (before?.username ?? null) : null;
    const resolvedNow = activeChange === "closed";
    await enqueueEvent(
      tx,
      resolvedNow ? "escalation.resolved" : "escalation.updated",
      eventPayload(updated, { team: team.slug, assignee, changes: events.map((x) => x.kind) }),
      now,
    );
    // The thread's author hears about status changes and a published resolution (never internal notes).
    const nowPublic = updated.resolutionPublic && !!updated.resolutionSummary;
    const published = nowPublic && (patch.resolutionPublic === true || patch.resolutionSummary !== undefined);
    if (patch.status || published) {
      const change = patch.status ? "status" : "resolution";
      const what = { change, status: updated.status } as const;
      await notifyEscalationUpdate(tx, { threadId: e.threadId, actorId: actor.id, ...what }, now);
    }
    const title = (await threadTitle(tx, e.threadId)) ?? "";
    for (const a of audits) {
      await recordAudit(
        tx,
        {
          actorId: actor.id,
          action: a.action,
          targetType: "escalation",
          targetId: e.id,
          before: a.before,
          after: a.after,
          search: `${title} ${team.slug}`,
        },
        now,
      );
    }
    if (activeChange) await refreshTriage(tx, e.threadId, now);
    return {
      id: updated.id,
      status: updated.status as EscalationStatus,
      priority: updated.priority,
      assignee,
      dueAt: updated.dueAt,
      firstResponseAt: updated.firstResponseAt,
      resolvedAt: updated.resolvedAt,
    };
  });
}

/** Links another thread (e.g. a similar report) to an escalation, for the incident record. */
export async function linkThreadToEscalation(
  deps: AppDeps,
  actor: Actor,
  escalationId: number,
  threadId: unknown,
) {
  requireStaffRole(actor, "Only moderators can manage escalations");
  const id =
    typeof threadId === "number"
      ? threadId
      : Number(
          String(threadId ?? "")
            .trim()
            .replace(/^.*\/t\//, "")
            .replace(/[^\d].*$/, ""),
        );
  if (!Number.isSafeInteger(id) || id <= 0) throw invalidInput({ threadId: "escalation_thread" });
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const thread = await findThreadForEscalation(tx, id);
    if (!thread) throw invalidInput({ threadId: "escalation_thread" });
    const e = await lockEscalation(tx, escalationId);
    if (!e) throw notFound("escalation");
    const added = await linkEscalationThread(tx, e.id, id);
    if (!added) throw new AppError("conflict", "escalation_already_linked", "This thread is already linked");
    await insertEscalationEvents(tx, [
      { escalationId: e.id, actorId: actor.id, kind: "link", toValue: String(id), createdAt: now },
    ]);
    await writeEscalation(tx, e.id, { updatedAt: now });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "escalation.link",
        targetType: "escalation",
        targetId: e.id,
        after: { threadId: id },
        search: thread.title,
      },
      now,
    );
    return { escalationId: e.id, threadId: id };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Similar past incidents

/** Past incidents resembling a thread (its title and question), best first. */
export async function similarIncidentsForThread(
  deps: AppDeps,
  threadId: number,
  opts: { excludeId?: number } = {},
) {
  const text = await threadTextForSimilarity(deps.db, threadId);
  if (!text) return [];
  return similarIncidents(deps, text, opts);
}

export async function similarIncidents(deps: AppDeps, text: string, opts: { excludeId?: number } = {}) {
  const candidates = await incidentCandidates(deps.db, { excludeId: opts.excludeId });
  const ranked = rankSimilarIncidents(
    text,
    candidates.map((c) => ({ id: c.id, text: c.text })),
  );
  const byId = new Map(candidates.map((c) => [c.id, c]));
  return ranked.map((r) => {
    const c = byId.get(r.id)!;
    return {
      id: c.id,
      threadId: c.threadId,
      threadTitle: c.threadTitle,
      teamNameVi: c.teamNameVi,
      teamNameEn: c.teamNameEn,
      summary: c.summary ?? "",
      resolvedAt: c.resolvedAt,
      score: r.score,
      terms: r.terms,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Teams (admins)

export async function createTeam(
  deps: AppDeps,
  actor: Actor,
  input: { slug?: unknown; nameVi?: unknown; nameEn?: unknown },
) {
  requireAdminRole(actor, "Only administrators can manage teams");
  const p = parse(TeamSchema, input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const team = await insertTeam(tx, p, now);
    if (!team) throw invalidInput({ slug: "team_slug_taken" });
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "team.create",
        targetType: "team",
        targetId: team.id,
        after: p,
        search: `${p.nameEn} ${p.nameVi}`,
      },
      now,
    );
    return team;
  });
}

export async function renameTeam(
  deps: AppDeps,
  actor: Actor,
  teamId: number,
  input: { nameVi?: unknown; nameEn?: unknown },
) {
  requireAdminRole(actor, "Only administrators can manage teams");
  const p = parse(RenameTeamSchema, input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await findTeam(tx, { id: teamId });
    if (!before) throw notFound("team");
    const team = (await updateTeam(tx, teamId, p))!;
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "team.rename",
        targetType: "team",
        targetId: teamId,
        before: { nameVi: before.nameVi, nameEn: before.nameEn },
        after: p,
        search: `${before.slug} ${p.nameEn} ${p.nameVi}`,
      },
      now,
    );
    return team;
  });
}

/** Deactivated teams keep their escalations but cannot receive new ones. */
export async function setTeamActive(deps: AppDeps, actor: Actor, teamId: number, active: boolean) {
  requireAdminRole(actor, "Only administrators can manage teams");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const before = await findTeam(tx, { id: teamId });
    if (!before) throw notFound("team");
    if (before.active === active) return before;
    const team = (await updateTeam(tx, teamId, { active }))!;
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: active ? "team.activate" : "team.deactivate",
        targetType: "team",
        targetId: teamId,
        before: { active: before.active },
        after: { active },
        search: `${before.slug} ${before.nameEn}`,
      },
      now,
    );
    return team;
  });
}

export async function addMemberToTeam(
  deps: AppDeps,
  actor: Actor,
  teamId: number,
  input: { username?: unknown },
) {
  requireAdminRole(actor, "Only administrators can manage teams");
  const p = parse(TeamMemberSchema, input);
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const team = await findTeam(tx, { id: teamId });
    if (!team) throw notFound("team");
    const user = await findUserRef(tx, p.username);
    if (!user) throw invalidInput({ username: "escalation_assignee" });
    if (!isStaff(user)) throw invalidInput({ username: "team_member_not_staff" });
    if (!(await addTeamMember(tx, teamId, user.id))) {
      throw new AppError("conflict", "team_member_exists", "Already a member of this team", {
        username: "team_member_exists",
      });
    }
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "team.member_add",
        targetType: "team",
        targetId: teamId,
        after: { member: user.username },
        search: `${team.slug} ${user.username}`,
      },
      now,
    );
    return { teamId, userId: user.id, username: user.username };
  });
}

export async function removeMemberFromTeam(deps: AppDeps, actor: Actor, teamId: number, userId: string) {
  requireAdminRole(actor, "Only administrators can manage teams");
  const now = deps.clock.now();
  return deps.db.transaction(async (tx) => {
    const team = await findTeam(tx, { id: teamId });
    if (!team) throw notFound("team");
    const user = await findUserRef(tx, userId);
    if (!user || !(await removeTeamMember(tx, teamId, user.id))) throw notFound("team_member");
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: "team.member_remove",
        targetType: "team",
        targetId: teamId,
        before: { member: user.username },
        search: `${team.slug} ${user.username}`,
      },
      now,
    );
    return { teamId, userId: user.id };
  });
}

/**
 * What the thread page shows about escalations. Members: the public marker and a published resolution only.
 * Staff: also the active escalation, the teams to escalate to and similar past incidents.
 */
export async function threadEscalationPanel(deps: AppDeps, threadId: number, staff: boolean) {
  const view = await findThreadEscalation(deps.db, threadId, staff);
  if (!view) return null;
  const base = { teamOnIt: view.teamOnIt, resolution: view.resolution, active: view.active };
  if (!staff) return { ...base, teams: null, similar: null };
  const [teams, similar] = await Promise.all([
    listTeams(deps.db, { activeOnly: true }),
    similarIncidentsForThread(deps, threadId),
  ]);
  return {
    ...base,
    teams: teams.map((t) => ({
      id: t.id,
      slug: t.slug,
      nameVi: t.nameVi,
      nameEn: t.nameEn,
      members: t.members.map((m) => m.username),
    })),
    similar,
  };
}

export const BOARD_PAGE_SIZE = 25;

/**
 * The escalations board (page and API): filters from the query string, most urgent first, keyset cursor.
 * Unknown team or assignee → 404; malformed filters → 400 with field errors.
 */
export async function listEscalationBoard(deps: AppDeps, actor: Actor, params: URLSearchParams) {
  requireStaffRole(actor, "Only moderators can manage escalations");
  const f = parse(EscalationFilterSchema, Object.fromEntries(params));
  const team = f.team ? await findTeam(deps.db, { slug: f.team }) : null;
  if (f.team && !team) throw notFound("team");
  const assignee = f.assignee ? await findUserRef(deps.db, f.assignee) : null;
  if (f.assignee && !assignee) throw notFound("user");
  const raw = decodeCursor(params.get("cursor"));
  const now = deps.clock.now();
  const page = await listEscalations(
    deps.db,
    {
      statuses: statusesFor(f.status),
      teamId: team?.id ?? null,
      priority: f.priority ?? null,
      assigneeId: assignee?.id ?? null,
    },
    raw,
    BOARD_PAGE_SIZE,
  );
  return {
    filters: {
      status: f.status,
      team: team?.slug ?? "",
      priority: f.priority ?? null,
      assignee: assignee?.username ?? "",
    },
    rows: page.rows.map((r) => ({ ...r, overdue: isOverdue(r, now) })),
    next: page.next ? encodeCursor(page.next) : null,
    now,
  };
}
