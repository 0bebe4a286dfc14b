// Demo evaluations: each demo buyer has one evaluation in `scoring` (deadline within three days, so notifications
// show) and one in `review`, each with its own frozen copy of version 1 of the built-in checklist (they are history,
// made before version 2), candidates, assigned evaluators, conflict declarations, scores with justifications (some
// citing evidence), submissions, and the audit events that tell the story; then one draft on version 2
// (draft-evaluation.ts). Deterministic: the "random" spread of scores comes from a hash of names.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import { BUILT_IN_TEMPLATE_ID } from "../../app/domain/builtin-checklist";
import { builtInVersion } from "../../app/domain/builtin-versions";
import type { Checklist } from "../../app/domain/checklist";
import type { SizeBand, UseCase } from "../../app/domain/profile";
import { addDeliveryReview, decideIn, publishDebrief } from "../../app/models/decision.server";
import { writeEvaluationChecklist } from "../../app/models/evaluation-checklist.server";
import type { Tx } from "../../db/client";
import {
  auditEvents,
  candidateSubmissions,
  conflictDeclarations,
  consensusScores,
  evaluationCandidates,
  evaluationEvaluators,
  evaluations,
  evidence,
  numericValues,
  scores,
  users,
} from "../../db/schema";
import { dayIn, plusDays } from "./days";
import { seedDraftEvaluation } from "./draft-evaluation";

interface WorkPlan {
  /** The evaluator's e-mail local part. */
  who: string;
  partner: string;
  /** Every rated criterion, or only the first n (in checklist order). */
  criteria: "all" | number;
  submit: boolean;
}

interface ScorePlan {
  who: string;
  partner: string;
  criterion: string;
  value: number;
  justification: string;
}

interface EvaluationPlan {
  name: string;
  status: "scoring" | "review";
  industry: string;
  sizeBand: SizeBand;
  useCases: UseCase[];
  requiredSpecializations: string[];
  /** Days from today (in the buyer's time zone). */
  deadlineInDays: number;
  /** When it was created, in days before now; the rest of its story follows. */
  startedDaysAgo: number;
  candidates: string[];
  evaluators: string[];
  /** Who declared, and the conflict if any; an assigned evaluator left out has not declared yet. */
  declarations: { who: string; conflict?: string; note?: string }[];
  work: WorkPlan[];
  /** Hand-written scores: the disagreements and the knockout failures. */
  scores: ScorePlan[];
  /**
   * Blended day rates (USD per day) by partner, entered by the admin. Set, the evaluation's Commercials section
   * weighs 10 from the start (the frozen checklist is edited only in draft).
   */
  dayRates?: Record<string, number>;
  /** Consensus scores the admin set in review, on disagreements. */
  consensus?: { partner: string; criterion: string; value: number; rationale: string }[];
  /** Decided weeks ago (through the decision model, after review), with a delivery review and a debrief since. */
  decision?: DecisionPlan;
}

interface DecisionPlan {
  reviewDaysAgo: number;
  decidedDaysAgo: number;
  chosen: string;
  rationale: string;
  deliveryReview: {
    daysAgo: number;
    milestone: string;
    quality: number;
    schedule: number;
    cost: number;
    outcome: string;
    wouldEngageAgain: boolean;
    note: string;
  };
  /** Debriefs to candidates not chosen (the demo's partner logins are Northwind's: one buyer debriefs it). */
  debriefs: { daysAgo: number; partner: string; body: string; includeScores: boolean }[];
}

/** The version of the built-in checklist the demo's scored evaluations were made from: 1, explicitly, for good. */
const VERSION_1 = builtInVersion(BUILT_IN_TEMPLATE_ID)!;

/** NOTE: the weight the demo gives Commercials where it switched them on; the built-in checklist ships it at 0. */
const DEMO_COMMERCIALS_WEIGHT = 10;
const DAY_RATE = "commercials.day_rate";

interface BuyerPlan {
  buyer: string;
  domain: string;
  timeZone: string;
  admin: string;
  evaluations: EvaluationPlan[];
}

const NORTHWIND = "Northwind Systems Integration";
const MERIDIAN = "Meridian AI Consulting";
const KESTREL = "Kestrel Data Partners";
const BLUEGUM = "Bluegum Digital";
const ATLAS = "Atlas Forward Engineering";
const COPPERLEAF = "Copperleaf Technology";
const HARBOURLINE = "Harbourline Analytics";
const TESSELLATE = "Tessellate Labs";
const GRANITE = "Granite Peak Advisory";

export const DEMO_EVALUATIONS: BuyerPlan[] = [
  {
    buyer: "Southern Cross Mutual Insurance",
    domain: "scmutual.example",
    timeZone: "Australia/Sydney",
    admin: "priya",
    evaluations: [
      {
        name: "Claims triage copilot: implementation partner",
        status: "scoring",
        industry: "Insurance",
        sizeBand: "5k-20k",
        useCases: ["document_processing", "customer_service"],
        requiredSpecializations: ["ai_agents", "cybersecurity"],
        deadlineInDays: 2,
        startedDaysAgo: 9,
        candidates: [NORTHWIND, ATLAS, MERIDIAN, COPPERLEAF, BLUEGUM],
        evaluators: ["priya", "tom", "mei"],
        declarations: [
          { who: "priya" },
          { who: "tom" },
          {
            who: "mei",
            conflict: COPPERLEAF,
            note: "I led Copperleaf Technology's claims analytics team until 2024 and still hold share options in the company.",
          },
        ],
        work: [
          { who: "tom", partner: NORTHWIND, criteria: "all", submit: true },
          { who: "priya", partner: NORTHWIND, criteria: "all", submit: true },
          { who: "mei", partner: NORTHWIND, criteria: "all", submit: true },
          { who: "tom", partner: ATLAS, criteria: "all", submit: true },
          { who: "priya", partner: ATLAS, criteria: "all", submit: true },
          { who: "mei", partner: ATLAS, criteria: "all", submit: true },
          { who: "tom", partner: MERIDIAN, criteria: "all", submit: true },
          { who: "mei", partner: MERIDIAN, criteria: "all", submit: false },
          { who: "tom", partner: COPPERLEAF, criteria: "all", submit: true },
          { who: "tom", partner: BLUEGUM, criteria: 12, submit: false },
        ],
        scores: [
          {
            who: "tom",
            partner: ATLAS,
            criterion: "model_agnosticism.neutral_analysis",
            value: 1,
            justification:
              "Every architecture in the proposal assumes one provider; the trade-off section reads like the vendor's brochure and says nothing about Atlas's own incentives.",
          },
          {
            who: "priya",
            partner: ATLAS,
            criterion: "model_agnosticism.neutral_analysis",
            value: 4,
            justification:
              "In the workshop they compared three providers on cost and latency for our claims documents, and their annex discloses the referral fees they receive.",
          },
          {
            who: "mei",
            partner: NORTHWIND,
            criterion: "security.logging",
            value: 2,
            justification:
              "Prompts and outputs are logged, but the design does not log the tool actions the triage agent takes on claims.",
          },
          {
            who: "tom",
            partner: NORTHWIND,
            criterion: "security.logging",
            value: 5,
            justification:
              "The design logs prompts, outputs and every tool call to our SIEM, with a retention period we set; they showed the dashboard from the telco deployment.",
          },
        ],
      },
      {
        name: "Underwriting document intake: partner selection",
        status: "review",
        industry: "Insurance",
        sizeBand: "5k-20k",
        useCases: ["document_processing", "knowledge_search"],
        requiredSpecializations: ["ai_agents"],
        deadlineInDays: 9,
        startedDaysAgo: 16,
        candidates: [NORTHWIND, ATLAS, MERIDIAN, HARBOURLINE],
        evaluators: ["tom", "mei"],
        declarations: [{ who: "tom" }, { who: "mei" }],
        work: [NORTHWIND, ATLAS, MERIDIAN, HARBOURLINE].flatMap((partner) => [
          { who: "tom", partner, criteria: "all" as const, submit: true },
          { who: "mei", partner, criteria: "all" as const, submit: true },
        ]),
        scores: [
          {
            who: "tom",
            partner: HARBOURLINE,
            criterion: "security.review_terms",
            value: 2,
            justification:
              "They would answer our security questionnaire only after signing, and struck the audit clause from our data-processing addendum.",
          },
          {
            who: "mei",
            partner: HARBOURLINE,
            criterion: "security.review_terms",
            value: 2,
            justification:
              "Asked us to replace our data-processing terms with their standard ones; no commitment to our security review before contract.",
          },
          {
            who: "tom",
            partner: MERIDIAN,
            criterion: "references.outcomes",
            value: 1,
            justification:
              "Outcomes are quoted without baselines or dates, and the reference customer would not confirm the figures.",
          },
          {
            who: "mei",
            partner: MERIDIAN,
            criterion: "references.outcomes",
            value: 4,
            justification:
              "Two references show before-and-after figures over six months; one customer confirmed them on the call.",
          },
        ],
        dayRates: { [NORTHWIND]: 1850, [ATLAS]: 2100, [MERIDIAN]: 1600, [HARBOURLINE]: 1750 },
        consensus: [
          {
            partner: MERIDIAN,
            criterion: "references.outcomes",
            value: 2.5,
            rationale:
              "Panel call: one reference confirmed its before-and-after figures, the other gave none. Partly measured, not yet proven.",
          },
        ],
      },
      {
        name: "Broker email assistant: implementation partner",
        status: "review",
        industry: "Insurance",
        sizeBand: "5k-20k",
        useCases: ["customer_service", "workflow_agents"],
        requiredSpecializations: ["ai_agents"],
        deadlineInDays: -30,
        startedDaysAgo: 58,
        candidates: [NORTHWIND, KESTREL, TESSELLATE],
        evaluators: ["priya", "tom"],
        declarations: [{ who: "priya" }, { who: "tom" }],
        work: [NORTHWIND, KESTREL, TESSELLATE].flatMap((partner) =>
          ["priya", "tom"].map((who) => ({ who, partner, criteria: "all" as const, submit: true })),
        ),
        scores: [],
        decision: {
          reviewDaysAgo: 36,
          decidedDaysAgo: 34,
          chosen: NORTHWIND,
          rationale:
            "Northwind showed two production deployments of broker-facing assistants at our scale, with outcomes measured against a baseline we could check with their references, and the strongest post-deployment terms (24x7, 30-minute P1 response, 90 days' warranty). Kestrel was close on references but proposed a hand-over after go-live that our operations team cannot absorb.",
          deliveryReview: {
            daysAgo: 6,
            milestone: "Pilot go-live with 40 brokers",
            quality: 4,
            schedule: 3,
            cost: 4,
            outcome:
              "Median first reply to broker emails fell from 2 h 10 min to 9 min over the first four weeks; 61% of drafted replies sent unchanged (baseline: none drafted).",
            wouldEngageAgain: true,
            note: "Two weeks late on the policy-system integration; recovered within the next sprint at no extra cost.",
          },
          debriefs: [
            {
              daysAgo: 30,
              partner: KESTREL,
              body: "Thank you for a thorough proposal. Your references were the closest to ours and scored well. We chose a partner who will run and maintain the assistant after go-live: your plan hands it over to our operations team, which we cannot staff this year. We would welcome your proposal for the next phase.",
              includeScores: true,
            },
          ],
        },
      },
    ],
  },
  {
    buyer: "Lakeshore Outfitters",
    domain: "lakeshore.example",
    timeZone: "America/Chicago",
    admin: "dana",
    evaluations: [
      {
        name: "Peak-season customer service agents",
        status: "scoring",
        industry: "Retail",
        sizeBand: "1k-5k",
        useCases: ["customer_service", "workflow_agents"],
        requiredSpecializations: ["ai_agents"],
        deadlineInDays: 1,
        startedDaysAgo: 8,
        candidates: [NORTHWIND, ATLAS, KESTREL, HARBOURLINE, TESSELLATE],
        evaluators: ["dana", "marcus", "sofia"],
        // Sofia has not declared yet: her home page asks her to.
        declarations: [{ who: "dana" }, { who: "marcus" }],
        work: [
          { who: "marcus", partner: NORTHWIND, criteria: "all", submit: true },
          { who: "dana", partner: NORTHWIND, criteria: "all", submit: true },
          { who: "marcus", partner: ATLAS, criteria: "all", submit: true },
          { who: "dana", partner: ATLAS, criteria: "all", submit: true },
          { who: "marcus", partner: KESTREL, criteria: "all", submit: true },
          { who: "marcus", partner: HARBOURLINE, criteria: "all", submit: false },
          { who: "marcus", partner: TESSELLATE, criteria: 10, submit: false },
        ],
        scores: [
          {
            who: "dana",
            partner: ATLAS,
            criterion: "support.terms",
            value: 5,
            justification:
              "24x7 support with a 15-minute P1 response and 90 days' warranty after go-live, all in the draft contract.",
          },
          {
            who: "marcus",
            partner: ATLAS,
            criterion: "support.terms",
            value: 2,
            justification:
              "The 24x7 desk is a reseller's; P1 fixes happen in business hours only, which misses our Black Friday weekend.",
          },
        ],
      },
      {
        name: "Store associate product knowledge search",
        status: "review",
        industry: "Retail",
        sizeBand: "1k-5k",
        useCases: ["knowledge_search"],
        requiredSpecializations: [],
        deadlineInDays: 6,
        startedDaysAgo: 15,
        candidates: [NORTHWIND, ATLAS, KESTREL, GRANITE],
        evaluators: ["marcus", "sofia"],
        declarations: [
          { who: "marcus" },
          {
            who: "sofia",
            conflict: KESTREL,
            note: "Kestrel Data Partners employed me until 2024, and my former manager would lead this engagement.",
          },
        ],
        work: [
          ...[NORTHWIND, ATLAS, KESTREL, GRANITE].map((partner) => ({
            who: "marcus",
            partner,
            criteria: "all" as const,
            submit: true,
          })),
          ...[NORTHWIND, ATLAS, GRANITE].map((partner) => ({
            who: "sofia",
            partner,
            criteria: "all" as const,
            submit: true,
          })),
        ],
        scores: [
          {
            who: "marcus",
            partner: GRANITE,
            criterion: "references.in_production",
            value: 0,
            justification:
              "Both references are pilots that stopped at the proof of concept; nothing they built runs in production.",
          },
          {
            who: "sofia",
            partner: GRANITE,
            criterion: "references.in_production",
            value: 1,
            justification:
              "One pilot ran for six weeks with real users, then they handed it over and left; no one operated it after go-live.",
          },
          {
            who: "marcus",
            partner: NORTHWIND,
            criterion: "support.terms",
            value: 5,
            justification:
              "Extended hours with a 30-minute P1 response and a 60-day warranty, and they run it themselves after launch.",
          },
          {
            who: "sofia",
            partner: NORTHWIND,
            criterion: "support.terms",
            value: 2,
            justification:
              "Support ends at 8 pm Sydney time, which is the middle of our trading day in Chicago; P1 resolution is not committed.",
          },
        ],
        dayRates: { [NORTHWIND]: 1700, [ATLAS]: 1950, [KESTREL]: 1500, [GRANITE]: 1400 },
        consensus: [
          {
            partner: NORTHWIND,
            criterion: "support.terms",
            value: 3.5,
            rationale:
              "Strong terms on paper, but the support window misses our Chicago trading hours; Northwind offered a follow-the-sun add-on we would have to pay for.",
          },
        ],
      },
      {
        name: "Order-status chatbot: implementation partner",
        status: "review",
        industry: "Retail",
        sizeBand: "1k-5k",
        useCases: ["customer_service"],
        requiredSpecializations: [],
        deadlineInDays: -40,
        startedDaysAgo: 75,
        candidates: [ATLAS, BLUEGUM, HARBOURLINE, NORTHWIND],
        evaluators: ["dana", "marcus"],
        declarations: [{ who: "dana" }, { who: "marcus" }],
        work: [ATLAS, BLUEGUM, HARBOURLINE, NORTHWIND].flatMap((partner) =>
          ["dana", "marcus"].map((who) => ({ who, partner, criteria: "all" as const, submit: true })),
        ),
        scores: [],
        decision: {
          reviewDaysAgo: 50,
          decidedDaysAgo: 48,
          chosen: ATLAS,
          rationale:
            "Atlas had the only reference running order-status automation in production through a peak season, and its kill switch and rollback path were tested in front of us. Bluegum's proposal was cheaper, but it relied on a single model provider with no exit plan for our prompts and evaluations.",
          deliveryReview: {
            daysAgo: 12,
            milestone: "90 days in production",
            quality: 5,
            schedule: 4,
            cost: 3,
            outcome:
              "41% of order-status contacts resolved without an agent over 90 days (baseline 0%); customer satisfaction on those contacts 4.4/5 against 4.1/5 with agents.",
            wouldEngageAgain: true,
            note: "Model costs ran 18% over the estimate in the first month until caching was switched on.",
          },
          debriefs: [
            {
              daysAgo: 44,
              partner: BLUEGUM,
              body: "Thank you for your proposal and for the demonstration. We chose a partner with a production reference through a peak season and a tested rollback path. Your price was the best we received; what held you back was the dependence on one model provider without a plan to move our prompts and evaluations.",
              includeScores: false,
            },
            {
              daysAgo: 43,
              partner: NORTHWIND,
              body: "Thank you for a strong proposal: your references and support terms scored among the best we saw. We chose a partner who had already run order-status automation through a peak season. Your section scores are attached; we have shortlisted you for our store associate search and peak-season agents.",
              includeScores: true,
            },
          ],
        },
      },
    ],
  },
];

/** Evidence a score may cite: the partner's evidence by title, for one criterion, with what the evaluator read in it. */
const CITATIONS: { partner: string; criterion: string; title: string; justification: string }[] = [
  {
    partner: NORTHWIND,
    criterion: "security.control_framework",
    title: "ISO/IEC 27001 certificate and statement of applicability",
    justification:
      "The ISO/IEC 27001 certificate covers AI delivery and operation, and the statement of applicability maps onto our control framework.",
  },
  {
    partner: NORTHWIND,
    criterion: "references.outcomes",
    title: "Contact-centre outcomes report",
    justification:
      "The outcomes report gives handle time 612 s to 498 s over six months against a stated baseline, with after-call work and first-contact resolution too.",
  },
  {
    partner: NORTHWIND,
    criterion: "standing.certified_team",
    title: "Certified practitioners roster",
    justification:
      "The roster names the certified practitioners proposed for our team, though it shows no certification dates.",
  },
  {
    partner: ATLAS,
    criterion: "security.review_terms",
    title: "SOC 2 Type II report 2025",
    justification:
      "Their SOC 2 Type II report (twelve months, no exceptions) answers most of our security review; they accept our data-processing terms.",
  },
  {
    partner: ATLAS,
    criterion: "references.outcomes",
    title: "Exception-handling agents: before and after",
    justification:
      "The before-and-after chart shows the share of exceptions resolved by agents rising from 35% to 72% over five months.",
  },
];

/** How strong each partner looks overall, on 0-5: the centre around which its generated scores vary. */
const PARTNER_LEVEL: Record<string, number> = {
  [NORTHWIND]: 4,
  [ATLAS]: 4,
  [MERIDIAN]: 3,
  [KESTREL]: 3,
  [COPPERLEAF]: 3,
  [TESSELLATE]: 3,
  [HARBOURLINE]: 3,
  [BLUEGUM]: 2,
  [GRANITE]: 2,
};

/** Knockout criteria of the built-in checklist: generated scores stay clear of them; failures are hand-written. */
const KNOCKOUT_FLOOR: Record<string, number> = {
  "references.in_production": 3,
  "security.review_terms": 3,
};

const JUSTIFICATIONS: string[][] = [
  [
    "Nothing offered on this point, even after we asked in the Q&A round.",
    "Not addressed in the proposal or the interviews.",
  ],
  [
    "Only a marketing statement; no example, document or named person behind it.",
    "Mentioned in passing; what they showed does not match a workload like ours.",
  ],
  [
    "Partly there: described in general terms, with one example from a much smaller customer.",
    "Some of it is in place, but the gaps we raised in the interview were not answered.",
  ],
  [
    "Meets the middle of the rubric: described clearly in the proposal, with little evidence behind it yet.",
    "Adequate: a credible plan, confirmed in the interview, but not yet shown at our scale.",
  ],
  [
    "Solid: most of what the rubric's top level asks is shown; one gap noted for the reference call.",
    "Good evidence from a comparable deployment; we would want the detail in the contract.",
  ],
  [
    "Clear, documented evidence that matches the top of the rubric, confirmed on the reference call.",
    "Best answer we saw: specific, evidenced and already written into their draft statement of work.",
  ],
];

/** FNV-1a, 32 bits: a stable hash, so the demo's scores are the same on every seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const OFFSETS = [-1, 0, 0, 1];
function generatedScore(who: string, partner: string, criterion: string): number {
  const level = PARTNER_LEVEL[partner] ?? 3;
  const value =
    level +
    OFFSETS[hash(`${partner}|${criterion}`) % OFFSETS.length] +
    (hash(`${who}|${partner}|${criterion}`) % 5 === 0 ? -1 : 0);
  return Math.min(5, Math.max(KNOCKOUT_FLOOR[criterion] ?? 0, value));
}

function generatedJustification(who: string, partner: string, criterion: string, value: number): string {
  const options = JUSTIFICATIONS[value];
  return options[hash(`${criterion}|${partner}|${who}`) % options.length];
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** Version 1 of the built-in checklist with fresh row ids as keys, and the built-in key of each. */
function frozenCopy(commercialsWeight?: number): { checklist: Checklist; idOf: Map<string, string> } {
  const idOf = new Map<string, string>();
  const fresh = (key: string) => {
    const id = randomUUID();
    idOf.set(key, id);
    return id;
  };
  return {
    checklist: {
      ...VERSION_1.checklist,
      sections: VERSION_1.checklist.sections.map((s) => ({
        ...s,
        weight:
          commercialsWeight !== undefined && s.criteria.some((c) => c.key === DAY_RATE)
            ? commercialsWeight
            : s.weight,
        key: fresh(`section:${s.key}`),
        criteria: s.criteria.map((c) => ({ ...c, key: fresh(c.key) })),
      })),
    },
    idOf,
  };
}

type AuditRow = typeof auditEvents.$inferInsert;

/**
 * Seeds the demo evaluations inside the seed's transaction. Needs the organisations and people (demo.ts), the
 * partner profiles and the evidence (evidence.ts): scores cite only evidence every buyer may see.
 */
export async function seedEvaluations(
  tx: Tx,
  ids: { orgId: Map<string, string>; userId: Map<string, string> },
  now = new Date(),
): Promise<void> {
  const partnerIds = [
    ...new Set(DEMO_EVALUATIONS.flatMap((b) => b.evaluations.flatMap((e) => e.candidates))),
  ].map((name) => ids.orgId.get(name)!);
  const visibleEvidence = await tx
    .select({
      organisationId: evidence.organisationId,
      title: evidence.title,
      versionId: evidence.currentVersionId,
    })
    .from(evidence)
    .where(and(inArray(evidence.organisationId, partnerIds), eq(evidence.visibility, "all_buyers")));
  const citedVersion = (partner: string, title: string) =>
    visibleEvidence.find((e) => e.organisationId === ids.orgId.get(partner) && e.title === title)?.versionId;
  const people = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...ids.userId.values()]));
  const nameOf = (userId: string) => people.find((p) => p.id === userId)?.name ?? "";
  const ratedKeys = VERSION_1.checklist.sections.flatMap((s) =>
    s.weight > 0 ? s.criteria.filter((c) => c.kind === "rated" && c.weight > 0) : [],
  );

  const audit: AuditRow[] = [];
  const scoreRows: (typeof scores.$inferInsert)[] = [];
  const submissionRows: (typeof candidateSubmissions.$inferInsert)[] = [];
  const valueRows: (typeof numericValues.$inferInsert)[] = [];
  const consensusRows: (typeof consensusScores.$inferInsert)[] = [];
  const at = (daysAgo: number, plusHours = 0) => new Date(now.getTime() - daysAgo * DAY + plusHours * HOUR);
  const toDecide: {
    plan: EvaluationPlan;
    buyer: BuyerPlan;
    evaluationId: string;
    candidateOf: (p: string) => string;
  }[] = [];

  for (const buyer of DEMO_EVALUATIONS) {
    const org = ids.orgId.get(buyer.buyer)!;
    const user = (local: string) => ids.userId.get(`${local}@${buyer.domain}`)!;
    const admin = user(buyer.admin);
    const event = (
      when: Date,
      actor: string,
      action: string,
      entityId: string,
      before: unknown,
      after: unknown,
    ): AuditRow => ({
      at: when,
      actorUserId: actor,
      organisationId: org,
      action,
      entityType: "evaluation",
      entityId,
      before,
      after,
    });
    const today = dayIn(buyer.timeZone, now);

    for (const plan of buyer.evaluations) {
      const start = plan.startedDaysAgo;
      const scoringFrom = start - 1;
      const reviewAt = plan.status === "review" ? (plan.decision?.reviewDaysAgo ?? 3) : undefined;
      const [row] = await tx
        .insert(evaluations)
        .values({
          organisationId: org,
          name: plan.name,
          industry: plan.industry,
          sizeBand: plan.sizeBand,
          useCases: plan.useCases,
          requiredSpecializations: plan.requiredSpecializations,
          deadlineOn: plusDays(today, plan.deadlineInDays),
          status: plan.status,
          templateName: VERSION_1.label,
          createdByUserId: admin,
          createdAt: at(start),
          updatedAt: at(reviewAt ?? 0.5),
          statusChangedAt: at(reviewAt ?? scoringFrom),
          // Viewers, the end of blind scoring and the record hang on it (the decided ones went through review too).
          reachedReviewAt: reviewAt === undefined ? null : at(reviewAt),
        })
        .returning({ id: evaluations.id });
      const evaluationId = row.id;
      const { checklist, idOf } = frozenCopy(plan.dayRates ? DEMO_COMMERCIALS_WEIGHT : undefined);
      await writeEvaluationChecklist(tx, org, evaluationId, checklist, new Set(idOf.values()));
      audit.push(
        event(at(start), admin, "evaluation.created", evaluationId, null, {
          name: plan.name,
          industry: plan.industry,
          sizeBand: plan.sizeBand,
          useCases: plan.useCases,
          requiredSpecializations: plan.requiredSpecializations,
          deadlineOn: plusDays(today, plan.deadlineInDays),
          minimumTotal: null,
          templateName: VERSION_1.label,
          clonedFromId: null,
          status: "draft",
        }),
      );

      const candidates = await tx
        .insert(evaluationCandidates)
        .values(
          plan.candidates.map((partner) => ({
            organisationId: org,
            evaluationId,
            partnerId: ids.orgId.get(partner)!,
            addedByUserId: admin,
            addedAt: at(start, 1),
          })),
        )
        .returning({ id: evaluationCandidates.id, partnerId: evaluationCandidates.partnerId });
      const candidateOf = (partner: string) =>
        candidates.find((c) => c.partnerId === ids.orgId.get(partner))!.id;
      for (const partner of plan.candidates) {
        audit.push(
          event(at(start, 1), admin, "evaluation.candidate_added", evaluationId, null, {
            name: partner,
            candidateId: candidateOf(partner),
            status: "draft",
          }),
        );
      }

      await tx.insert(evaluationEvaluators).values(
        plan.evaluators.map((who) => ({
          organisationId: org,
          evaluationId,
          userId: user(who),
          assignedAt: at(start, 2),
        })),
      );
      for (const who of plan.evaluators) {
        audit.push(
          event(at(start, 2), admin, "evaluation.evaluator_assigned", evaluationId, null, {
            name: nameOf(user(who)),
            userId: user(who),
          }),
        );
      }
      audit.push(
        event(
          at(scoringFrom),
          admin,
          "evaluation.status_changed",
          evaluationId,
          { name: plan.name, status: "draft" },
          { name: plan.name, status: "scoring" },
        ),
      );

      const allCandidateIds = plan.candidates.map(candidateOf);
      const conflicts = new Map<string, string | undefined>();
      for (const [i, d] of plan.declarations.entries()) {
        const conflictIds = d.conflict ? [candidateOf(d.conflict)] : [];
        conflicts.set(d.who, d.conflict);
        const when = at(scoringFrom, 2 + i * 3);
        await tx.insert(conflictDeclarations).values({
          organisationId: org,
          evaluationId,
          userId: user(d.who),
          coveredCandidateIds: allCandidateIds,
          conflictCandidateIds: conflictIds,
          note: d.note ?? "",
          declaredAt: when,
        });
        audit.push(
          event(when, user(d.who), "evaluation.declared", evaluationId, null, {
            conflicts: d.conflict ? [d.conflict] : [],
            note: d.note ?? "",
            covered: allCandidateIds.length,
          }),
        );
      }

      // Each evaluator works through its candidates one after the other, a few hours apart.
      const scoringDays = scoringFrom - (reviewAt ?? 0.5);
      for (const [i, work] of plan.work.entries()) {
        if (!conflicts.has(work.who) || conflicts.get(work.who) === work.partner) {
          throw new Error(`Demo data: ${work.who} may not score ${work.partner} in ${plan.name}.`);
        }
        const candidateId = candidateOf(work.partner);
        const evaluator = user(work.who);
        const begun = scoringFrom - ((i + 0.5) * scoringDays) / (plan.work.length + 1);
        const criteria = work.criteria === "all" ? ratedKeys : ratedKeys.slice(0, work.criteria);
        for (const [k, criterion] of criteria.entries()) {
          const written = plan.scores.find(
            (s) => s.who === work.who && s.partner === work.partner && s.criterion === criterion.key,
          );
          const citation = CITATIONS.find((c) => c.partner === work.partner && c.criterion === criterion.key);
          const version = citation ? citedVersion(work.partner, citation.title) : undefined;
          const value = written?.value ?? generatedScore(work.who, work.partner, criterion.key);
          if (value < 0 || value > criterion.max) throw new Error(`Demo data: ${value} is off the scale.`);
          const justification =
            written?.justification ??
            (version && citation
              ? citation.justification
              : generatedJustification(work.who, work.partner, criterion.key, value));
          const when = new Date(at(begun).getTime() + k * 4 * 60_000);
          const scoreId = randomUUID();
          scoreRows.push({
            id: scoreId,
            organisationId: org,
            evaluationId,
            candidateId,
            criterionId: idOf.get(criterion.key)!,
            evaluatorUserId: evaluator,
            value,
            justification,
            citedVersionIds: version ? [version] : [],
            createdAt: when,
            updatedAt: when,
          });
          audit.push(
            event(when, evaluator, "score.saved", evaluationId, null, {
              scoreId,
              candidate: work.partner,
              candidateId,
              criterion: criterion.name,
              criterionId: idOf.get(criterion.key)!,
              value,
              max: criterion.max,
              justification,
              citedVersionIds: version ? [version] : [],
              suggestion: null,
              acceptedSuggestion: false,
              afterSubmission: false,
            }),
          );
        }
        if (work.submit) {
          const when = new Date(at(begun).getTime() + criteria.length * 4 * 60_000 + 10 * 60_000);
          submissionRows.push({
            organisationId: org,
            evaluationId,
            candidateId,
            evaluatorUserId: evaluator,
            submittedAt: when,
          });
          audit.push(
            event(when, evaluator, "score.submitted", evaluationId, null, {
              candidate: work.partner,
              candidateId,
              criteria: criteria.length,
            }),
          );
        }
      }
      if (reviewAt !== undefined) {
        audit.push(
          event(
            at(reviewAt),
            admin,
            "evaluation.status_changed",
            evaluationId,
            { name: plan.name, status: "scoring" },
            { name: plan.name, status: "review" },
          ),
        );
      }

      // Day rates, entered by the admin the day the evaluation was set up.
      const dayRate = VERSION_1.checklist.sections
        .flatMap((s) => s.criteria)
        .find((c) => c.key === DAY_RATE)!;
      for (const [k, [partner, value]] of Object.entries(plan.dayRates ?? {}).entries()) {
        const when = at(start - 0.25, k * 0.1);
        const candidateId = candidateOf(partner);
        valueRows.push({
          organisationId: org,
          evaluationId,
          candidateId,
          criterionId: idOf.get(DAY_RATE)!,
          value,
          updatedByUserId: admin,
          createdAt: when,
          updatedAt: when,
        });
        audit.push(
          event(when, admin, "numeric_value.set", evaluationId, null, {
            kind: "numeric",
            candidate: partner,
            candidateId,
            criterion: dayRate.name,
            criterionId: idOf.get(DAY_RATE)!,
            unit: dayRate.unit,
            value,
            profileField: null,
            copiedAt: null,
          }),
        );
      }
      if (plan.decision) toDecide.push({ plan, buyer, evaluationId, candidateOf });
      // Consensus on disagreements, set in review.
      for (const [k, c] of (plan.consensus ?? []).entries()) {
        if (reviewAt === undefined) throw new Error(`Demo data: consensus in ${plan.name}, not in review.`);
        const criterion = ratedKeys.find((x) => x.key === c.criterion)!;
        if (c.value < 0 || c.value > criterion.max)
          throw new Error(`Demo data: consensus ${c.value} off the scale.`);
        const when = at(reviewAt - 0.5, k * 0.2);
        const candidateId = candidateOf(c.partner);
        consensusRows.push({
          organisationId: org,
          evaluationId,
          candidateId,
          criterionId: idOf.get(c.criterion)!,
          value: c.value,
          rationale: c.rationale,
          setByUserId: admin,
          createdAt: when,
          updatedAt: when,
        });
        audit.push(
          event(when, admin, "consensus.set", evaluationId, null, {
            kind: "consensus",
            candidate: c.partner,
            candidateId,
            criterion: criterion.name,
            criterionId: idOf.get(c.criterion)!,
            value: c.value,
            max: criterion.max,
            rationale: c.rationale,
          }),
        );
      }
    }
  }

  // Batches keep the whole seed well under a second.
  for (let i = 0; i < scoreRows.length; i += 500) await tx.insert(scores).values(scoreRows.slice(i, i + 500));
  await tx.insert(candidateSubmissions).values(submissionRows);
  if (valueRows.length > 0) await tx.insert(numericValues).values(valueRows);
  if (consensusRows.length > 0) await tx.insert(consensusScores).values(consensusRows);
  audit.sort((a, b) => (a.at as Date).getTime() - (b.at as Date).getTime());
  for (let i = 0; i < audit.length; i += 500) await tx.insert(auditEvents).values(audit.slice(i, i + 500));

  // The decided evaluations, through the decision model (the record freezes as in use), then what followed.
  for (const { plan, buyer, evaluationId, candidateOf } of toDecide) {
    const d = plan.decision!;
    const org = ids.orgId.get(buyer.buyer)!;
    const admin = ids.userId.get(`${buyer.admin}@${buyer.domain}`)!;
    const actor = { userId: admin, organisationId: org, name: nameOf(admin) };
    const [{ version }] = await tx
      .select({ version: evaluations.version })
      .from(evaluations)
      .where(eq(evaluations.id, evaluationId));
    await decideIn(
      tx,
      actor,
      { organisationId: org, name: buyer.buyer, timeZone: buyer.timeZone },
      evaluationId,
      { chosen: [candidateOf(d.chosen)], rationale: d.rationale, overrides: {}, acknowledged: true, version },
      { now: at(d.decidedDaysAgo) },
    );
    const r = d.deliveryReview;
    await addDeliveryReview(
      tx,
      actor,
      evaluationId,
      {
        candidateId: candidateOf(d.chosen),
        milestone: r.milestone,
        quality: r.quality,
        schedule: r.schedule,
        cost: r.cost,
        outcome: r.outcome,
        wouldEngageAgain: r.wouldEngageAgain ? "yes" : "no",
        note: r.note,
      },
      at(r.daysAgo),
    );
    for (const debrief of d.debriefs) {
      await publishDebrief(
        tx,
        actor,
        evaluationId,
        {
          candidateId: candidateOf(debrief.partner),
          body: debrief.body,
          includeScores: debrief.includeScores ? "on" : undefined,
        },
        at(debrief.daysAgo),
      );
    }
  }

  // Then the next selection, a draft on version 2.
  await seedDraftEvaluation(tx, ids, now);
}
