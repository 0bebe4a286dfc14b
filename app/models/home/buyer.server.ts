// The homes of a buyer's members (docs/features.md "Home"): a buyer admin's open evaluations with every evaluator's
// progress and, from review, the leader, then what waits and the onboarding steps not done yet; an evaluator's own
// evaluations with its progress and next action; a viewer's evaluations it may read, with the leader. Each in a fixed
// number of statements.
import { sql } from "drizzle-orm";
import { getDb } from "../../../db/client";
import { checklistTemplates, evaluations, invitations, memberships, organisations } from "../../../db/schema";
import { dayIn } from "../../domain/calendar";
import { type EvaluationStatus, reachedReview } from "../../domain/evaluation";
import { type NextAction, nextAction, progressOf } from "../../domain/home";
import { todayUtc } from "../../domain/profile";
import type { Viewer } from "../../utils/access.server";
import { listEvaluations } from "../evaluation.server";
import { waitingFor } from "../notifications.server";
import { type HomeEvaluationRow, homeEvaluationRows } from "./evaluation-rows.server";
import { leadersOf } from "./leaders.server";
import {
  type DeadlineView,
  deadlineView,
  type HomeStep,
  type LeaderView,
  leaderView,
  type ProgressView,
  progressView,
  type WaitingView,
  waitingView,
} from "./words.server";

/** Closed (decided or cancelled) evaluations an evaluator's or a viewer's home still lists, newest first. */
const CLOSED_SHOWN = 3;

export interface HomeEvaluation {
  id: string;
  name: string;
  status: EvaluationStatus;
  deadline: DeadlineView | null;
}

export interface AdminEvaluation extends HomeEvaluation {
  candidates: number;
  evaluators: { userId: string; name: string; progress: ProgressView }[];
  /** From review on (also back in scoring after it): the ranking's first, as the comparison computes it. */
  leader: LeaderView | null;
  reachedReview: boolean;
  /** The admin's own work, when it is assigned too. */
  mine: { progress: ProgressView; next: NextAction | null } | null;
}

export interface EvaluatorEvaluation extends HomeEvaluation {
  progress: ProgressView;
  next: NextAction | null;
}

const isOpen = (status: EvaluationStatus) => status !== "decided" && status !== "cancelled";

function evaluationHead(
  row: Pick<HomeEvaluationRow, "id" | "name" | "status" | "deadlineOn">,
  today: string,
): HomeEvaluation {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    deadline: deadlineView(row.deadlineOn, today, isOpen(row.status)),
  };
}

/** Open first (soonest deadline first), then the newest closed ones, at most CLOSED_SHOWN of them. */
function openThenRecent<T extends { status: EvaluationStatus; updatedAt: Date }>(rows: T[]): T[] {
  const closed = rows
    .filter((r) => !isOpen(r.status))
    .sort((a, b) => b.updatedAt.getTime() - a.updatedAt.getTime())
    .slice(0, CLOSED_SHOWN);
  return [...rows.filter((r) => isOpen(r.status)), ...closed];
}

/** What the organisation has done of its first steps: one statement. */
async function buyerSetup(organisationId: string) {
  const [row] = await getDb()
    .select({
      members:
        sql<number>`(select count(*) from ${memberships} m where m.organisation_id = ${organisationId})`.mapWith(
          Number,
        ),
      invited: sql<boolean>`exists (select 1 from ${invitations} i where i.organisation_id = ${organisationId})`,
      templates: sql<boolean>`exists (select 1 from ${checklistTemplates} t where t.organisation_id = ${organisationId})`,
      evaluations: sql<boolean>`exists (select 1 from ${evaluations} e where e.organisation_id = ${organisationId})`,
    })
    .from(organisations)
    .where(sql`${organisations.id} = ${organisationId}`);
  return row ?? { members: 0, invited: false, templates: false, evaluations: false };
}

/** A buyer admin's first steps, those the organisation has not done. */
function buyerSteps(done: Awaited<ReturnType<typeof buyerSetup>>): HomeStep[] {
  const steps: (HomeStep & { done: boolean })[] = [
    {
      key: "team",
      title: "Bring in your team",
      detail: "Invite your CTO, security lead and business owners as evaluators or viewers.",
      to: "/members",
      cta: "Invite your team",
      done: done.members > 1 || done.invited,
    },
    {
      key: "checklist",
      title: "Choose a checklist",
      detail: "Copy the built-in due-diligence checklist and set your own weights.",
      to: "/templates",
      cta: "Open the templates",
      done: done.templates || done.evaluations,
    },
    {
      key: "evaluation",
      title: "Run an evaluation",
      detail: "Shortlist partners, assign evaluators, score blind, compare and decide.",
      to: "/evaluations/new",
      cta: "Create an evaluation",
      done: done.evaluations,
    },
  ];
  return steps.filter((s) => !s.done).map(({ done: _, ...step }) => step);
}

export interface AdminHome {
  kind: "buyer-admin";
  evaluations: AdminEvaluation[];
  waiting: WaitingView;
  steps: HomeStep[];
}

/**
 * A buyer admin's home: every evaluation in draft, scoring or review with each active evaluator's progress, the
 * leader of those that reached review, what waits, and the first steps not done. At most five statements (the
 * leaders' two only when an evaluation reached review).
 */
export async function adminHome(viewer: Viewer, now = new Date()): Promise<AdminHome> {
  const today = dayIn(viewer.orgTimeZone, now);
  const [rows, waiting, setup] = await Promise.all([
    homeEvaluationRows(viewer, "open"),
    waitingFor(viewer, now),
    buyerSetup(viewer.organisationId),
  ]);
  const leaders = await leadersOf(
    viewer,
    rows.filter((r) => reachedReview(r)).map((r) => r.id),
    todayUtc(now),
  );
  const evaluationsShown = rows.map((row): AdminEvaluation => {
    const mine = row.evaluators.find((e) => e.userId === viewer.userId);
    return {
      ...evaluationHead(row, today),
      candidates: row.candidates.length,
      evaluators: row.evaluators.map((e) => ({
        userId: e.userId,
        name: e.name,
        progress: progressView(progressOf(row, e)),
      })),
      reachedReview: reachedReview(row),
      leader: leaderView(leaders.get(row.id)),
      mine: mine
        ? { progress: progressView(progressOf(row, mine)), next: nextAction(row, mine) ?? null }
        : null,
    };
  });
  return {
    kind: "buyer-admin",
    evaluations: evaluationsShown,
    waiting: waitingView(waiting, new Set(rows.map((r) => r.id))),
    steps: buyerSteps(setup),
  };
}

export interface EvaluatorHome {
  kind: "evaluator";
  evaluations: EvaluatorEvaluation[];
  waiting: WaitingView;
}

/**
 * An evaluator's home: the evaluations it is assigned to (open ones, then the newest closed ones), each with its own
 * progress and next action, never another evaluator's; and what waits. Two statements.
 */
export async function evaluatorHome(viewer: Viewer, now = new Date()): Promise<EvaluatorHome> {
  const today = dayIn(viewer.orgTimeZone, now);
  const [rows, waiting] = await Promise.all([
    homeEvaluationRows(viewer, "assigned"),
    waitingFor(viewer, now),
  ]);
  const shown = openThenRecent(rows);
  return {
    kind: "evaluator",
    evaluations: shown.flatMap((row) => {
      const mine = row.evaluators.find((e) => e.userId === viewer.userId);
      if (!mine) return [];
      return [
        {
          ...evaluationHead(row, today),
          progress: progressView(progressOf(row, mine)),
          next: nextAction(row, mine) ?? null,
        },
      ];
    }),
    waiting: waitingView(waiting, new Set(shown.map((r) => r.id))),
  };
}

export interface ViewerEvaluation extends HomeEvaluation {
  leader: LeaderView | null;
}

export interface ViewerHome {
  kind: "viewer";
  evaluations: ViewerEvaluation[];
  /** How many more it may read on the Evaluations page. */
  more: number;
}

/**
 * A viewer's home: the evaluations it may read (they reached review), open ones first with their leader, then the
 * newest closed ones. At most three statements.
 */
export async function viewerHome(viewer: Viewer, now = new Date()): Promise<ViewerHome> {
  const today = dayIn(viewer.orgTimeZone, now);
  const rows = await listEvaluations(viewer);
  const shown = openThenRecent(rows);
  const leaders = await leadersOf(
    viewer,
    shown.filter((r) => isOpen(r.status)).map((r) => r.id),
    todayUtc(now),
  );
  return {
    kind: "viewer",
    evaluations: shown.map((row) => ({
      ...evaluationHead(row, today),
      leader: leaderView(leaders.get(row.id)),
    })),
    more: rows.length - shown.length,
  };
}
