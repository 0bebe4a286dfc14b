// The forms of the scoring side of an evaluation: the conflict-of-interest declaration and one criterion's score
// (zod stays out of the browser bundle).
import { z } from "zod";
import { CONFLICT_NOTE_LIMIT } from "../domain/evaluation";
import { isUuid } from "./member.server";

export const declarationSchema = z
  .object({
    choice: z.enum(
      ["none", "conflict"],
      "Choose “No conflict” or name the candidates you have a conflict with.",
    ),
    note: z
      .string()
      .trim()
      .max(CONFLICT_NOTE_LIMIT, `Use at most ${CONFLICT_NOTE_LIMIT} characters.`)
      .default(""),
  })
  .superRefine((v, ctx) => {
    if (v.choice === "conflict" && v.note === "") {
      ctx.addIssue({
        code: "custom",
        path: ["note"],
        message: "Say what the conflict is (a sentence is enough).",
      });
    }
  });

const optionalVersion = z
  .string()
  .optional()
  .transform((v) => (v && /^\d+$/.test(v) ? Number(v) : null));

/** The form of one criterion on the scoring page (the cited evidence comes as repeated `cite` fields). */
export const scoreFormSchema = z.object({
  criterionId: z.string().refine(isUuid, "Unknown criterion."),
  value: z
    .string()
    .trim()
    .min(1, "Choose a score.")
    .regex(/^\d{1,3}$/, "Enter a whole number.")
    .transform(Number),
  justification: z.string().default(""),
  acceptedSuggestion: z
    .string()
    .optional()
    .transform((v) => (v && /^\d{1,3}$/.test(v) ? Number(v) : null)),
  version: optionalVersion,
});

export type ScoreFormValues = z.infer<typeof scoreFormSchema>;

/** "Accept suggestion": the criterion and the version the form was rendered with (the score comes from the server). */
export const acceptSuggestionSchema = z.object({
  criterionId: z.string().refine(isUuid, "Unknown criterion."),
  version: optionalVersion,
});
