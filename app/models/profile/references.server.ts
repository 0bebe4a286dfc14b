// Reference deployments: who, what, how big, which providers, and what it measurably changed (outcome rows
// written as a set with their reference).
import { and, eq } from "drizzle-orm";
import { z } from "zod";
import type { Tx } from "../../../db/client";
import { referenceDeployments, referenceOutcomes } from "../../../db/schema";
import { LABELS, PROVIDERS, REFERENCE_STATUSES, SIZE_BANDS, USE_CASES } from "../../domain/profile";
import {
  MAX_CUSTOMER_LENGTH,
  MAX_INDUSTRY_LENGTH,
  MAX_METRIC_LENGTH,
  MAX_REFERENCE_SUMMARY_LENGTH,
  MAX_UNIT_LENGTH,
  OUTCOME_ROWS,
} from "../../domain/profile-limits";
import { checkbox, choice, choices, optionalDay, optionalText, text } from "./fields.server";
import type { VersionedList } from "./versioned-list.server";
import type { ProfileActor } from "./write.server";

function isNumber(value: string): boolean {
  return /^-?\d+(\.\d+)?$/.test(value.replace(/,/g, "")) && Number.isFinite(Number(value.replace(/,/g, "")));
}

const outcomeRow = z
  .object({
    metric: z.string().trim(),
    baseline: z.string().trim(),
    result: z.string().trim(),
    unit: z.string().trim(),
  })
  .superRefine((row, ctx) => {
    if (!row.metric && !row.baseline && !row.result && !row.unit) return; // a blank row is ignored
    const need = (key: keyof typeof row, message: string) => {
      if (!row[key]) ctx.addIssue({ code: "custom", path: [key], message });
    };
    need("metric", "Enter what was measured.");
    need("unit", "Enter the unit (%, minutes, USD…).");
    for (const key of ["baseline", "result"] as const) {
      if (!row[key]) ctx.addIssue({ code: "custom", path: [key], message: `Enter the ${key} as a number.` });
      else if (!isNumber(row[key]))
        ctx.addIssue({ code: "custom", path: [key], message: "Enter a number, like 42 or 3.5." });
    }
    if (row.metric.length > MAX_METRIC_LENGTH)
      ctx.addIssue({
        code: "custom",
        path: ["metric"],
        message: `Use at most ${MAX_METRIC_LENGTH} characters.`,
      });
    if (row.unit.length > MAX_UNIT_LENGTH)
      ctx.addIssue({ code: "custom", path: ["unit"], message: `Use at most ${MAX_UNIT_LENGTH} characters.` });
  });

/** The outcome rows arrive as `outcomes.<row>.<cell>` fields; a blank row is dropped. */
function outcomeCells(raw: unknown) {
  const r = (raw ?? {}) as Record<string, unknown>;
  const cell = (i: number, key: string) => {
    const v = r[`outcomes.${i}.${key}`];
    return typeof v === "string" ? v : "";
  };
  const outcomes = Array.from({ length: OUTCOME_ROWS }, (_, i) => ({
    metric: cell(i, "metric"),
    baseline: cell(i, "baseline"),
    result: cell(i, "result"),
    unit: cell(i, "unit"),
  }));
  return { ...r, outcomes };
}

const toNumber = (value: string) => Number(value.replace(/,/g, ""));

export const referenceSchema = z.preprocess(
  outcomeCells,
  z.object({
    customer: text("the customer's name or an anonymised label", MAX_CUSTOMER_LENGTH),
    industry: text("the industry", MAX_INDUSTRY_LENGTH),
    sizeBand: choice(SIZE_BANDS, "Choose the customer's size."),
    useCase: choice(USE_CASES, "Choose a use case."),
    status: choice(REFERENCE_STATUSES, "Choose a status."),
    goLiveOn: optionalDay(),
    providers: choices(PROVIDERS, "Choose providers from the list."),
    referenceContact: checkbox(),
    summary: optionalText(MAX_REFERENCE_SUMMARY_LENGTH),
    outcomes: z.array(outcomeRow).transform((rows) =>
      rows
        .filter((o) => o.metric || o.baseline || o.result || o.unit)
        .map((o) => ({
          metric: o.metric,
          baseline: toNumber(o.baseline),
          result: toNumber(o.result),
          unit: o.unit,
        })),
    ),
  }),
);

export type ReferenceInput = z.infer<typeof referenceSchema>;
type Reference = typeof referenceDeployments.$inferSelect;
type Outcome = { metric: string; baseline: number; result: number; unit: string };

const ofReference = (actor: ProfileActor, referenceId: string) =>
  and(
    eq(referenceOutcomes.referenceId, referenceId),
    eq(referenceOutcomes.organisationId, actor.organisationId),
  );

/** Replaces a reference's outcomes as a set, in its transaction. */
async function writeOutcomes(tx: Tx, actor: ProfileActor, referenceId: string, input: ReferenceInput) {
  await tx.delete(referenceOutcomes).where(ofReference(actor, referenceId));
  if (input.outcomes.length > 0) {
    await tx.insert(referenceOutcomes).values(
      input.outcomes.map((o, position) => ({
        referenceId,
        organisationId: actor.organisationId,
        position,
        ...o,
      })),
    );
  }
}

async function outcomesOf(
  tx: Tx,
  actor: ProfileActor,
  referenceId: string,
): Promise<{ outcomes: Outcome[] }> {
  const outcomes = await tx
    .select({
      metric: referenceOutcomes.metric,
      baseline: referenceOutcomes.baseline,
      result: referenceOutcomes.result,
      unit: referenceOutcomes.unit,
    })
    .from(referenceOutcomes)
    .where(ofReference(actor, referenceId))
    .orderBy(referenceOutcomes.position);
  return { outcomes };
}

function describeReference(r: Reference, { outcomes }: { outcomes: Outcome[] }) {
  const measured = outcomes.length
    ? outcomes.map((o) => `${o.metric} ${o.baseline} → ${o.result} ${o.unit}`).join("; ")
    : "no outcomes";
  return `customer “${r.customer}”, ${LABELS.referenceStatus[r.status]}, go-live ${r.goLiveOn ?? "not given"}, ${measured}`;
}

/** References: created from their own page, then edited and deleted at the version shown, outcomes included. */
export const referenceList: VersionedList<Reference, ReferenceInput, { outcomes: Outcome[] }> = {
  table: referenceDeployments,
  noun: "reference",
  entityType: "reference_deployment",
  columns: ({ outcomes: _outcomes, ...values }) => values,
  audited: (input) => input,
  details: outcomesOf,
  describe: describeReference,
  removed: (row, { outcomes }) => {
    const { id: _id, organisationId: _o, version: _v, createdAt: _c, updatedAt: _u, ...before } = row;
    return { ...before, outcomes };
  },
  afterWrite: writeOutcomes,
};

/** The reference form's choices and limits, for the browser. */
export function referenceFormOptions() {
  return {
    sizeBands: SIZE_BANDS.map((s) => ({ value: s as string, label: LABELS.sizeBand[s] })),
    useCases: USE_CASES.map((u) => ({ value: u as string, label: LABELS.useCase[u] })),
    statuses: REFERENCE_STATUSES.map((s) => ({ value: s as string, label: LABELS.referenceStatus[s] })),
    providers: PROVIDERS.map((p) => ({ value: p as string, label: LABELS.provider[p] })),
    outcomeRows: OUTCOME_ROWS,
    limits: {
      customer: MAX_CUSTOMER_LENGTH,
      industry: MAX_INDUSTRY_LENGTH,
      summary: MAX_REFERENCE_SUMMARY_LENGTH,
      metric: MAX_METRIC_LENGTH,
      unit: MAX_UNIT_LENGTH,
    },
  };
}
