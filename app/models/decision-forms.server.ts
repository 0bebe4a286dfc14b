// The forms of a decision and of what follows it: the decision's rationale, a delivery review, a debrief. Each text
// is trimmed and bounded; the limits are the forms' `maxLength` too.
import { z } from "zod";

export const RATIONALE_LIMIT = 4000;
export const OVERRIDE_LIMIT = 1000;
export const MILESTONE_LIMIT = 120;
export const REVIEW_TEXT_LIMIT = 2000;
export const DEBRIEF_LIMIT = 6000;

const text = (limit: number, what: string) =>
  z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .min(1, `Write the ${what}.`)
        .max(limit, `Keep the ${what} to ${limit.toLocaleString("en")} characters.`),
    );

export const decisionFormSchema = z.object({
  rationale: text(RATIONALE_LIMIT, "rationale"),
  version: z.coerce.number().int().min(1),
});

const rating = (what: string) =>
  z.coerce
    .number({ message: `Rate the ${what} from 1 to 5.` })
    .int(`Rate the ${what} from 1 to 5.`)
    .min(1, `Rate the ${what} from 1 to 5.`)
    .max(5, `Rate the ${what} from 1 to 5.`);

export const deliveryReviewSchema = z.object({
  candidateId: z.string(),
  milestone: text(MILESTONE_LIMIT, "milestone"),
  quality: rating("quality"),
  schedule: rating("schedule"),
  cost: rating("cost"),
  outcome: text(REVIEW_TEXT_LIMIT, "outcome against the baseline"),
  wouldEngageAgain: z.enum(["yes", "no"], "Say whether you would engage this partner again."),
  note: z
    .string()
    .transform((s) => s.trim())
    .pipe(
      z
        .string()
        .max(REVIEW_TEXT_LIMIT, `Keep the note to ${REVIEW_TEXT_LIMIT.toLocaleString("en")} characters.`),
    ),
});
export type DeliveryReviewInput = z.infer<typeof deliveryReviewSchema>;

export const debriefSchema = z.object({
  candidateId: z.string(),
  body: text(DEBRIEF_LIMIT, "debrief"),
  includeScores: z.enum(["on"]).optional(),
});
export type DebriefInput = z.infer<typeof debriefSchema>;
