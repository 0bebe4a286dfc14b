// The buyer's questionnaire forms: one zod schema per form, with a message per field. Each accepts what a plain HTML
// form sends (strings, "on" for a ticked box, choices one per line) as well as typed values from a model's caller.
import { z } from "zod";
import { ANSWER_TYPES } from "../../../db/schema";
import { isIsoDay } from "../../domain/calendar";
import { CRITERION_TEXT_MAX_LENGTH } from "../../domain/questionnaire";
import { InputError } from "../../utils/errors.server";
import { fieldErrors } from "../../utils/forms.server";

export const QUESTION_PROMPT_MAX = 2000;
export const UNIT_MAX = 40;
export const CHOICE_MAX = 200;
export const CHOICES_MAX = 30;
/** The longest text answer a buyer may allow (and the default of its own text questions). */
export const TEXT_ANSWER_MAX = CRITERION_TEXT_MAX_LENGTH;
export const CLARIFICATION_ANSWER_MAX = 4000;

const checkbox = z.preprocess(
  (v) => (typeof v === "string" ? v === "on" || v === "true" : v === undefined ? false : v),
  z.boolean(),
);

const blankToUndefined = (v: unknown) => (v === "" || v === null ? undefined : v);

/** A buyer's own question (add and edit). */
export const questionSchema = z
  .object({
    prompt: z
      .string({ message: "Write the question." })
      .trim()
      .min(1, "Write the question.")
      .max(QUESTION_PROMPT_MAX, `Use at most ${QUESTION_PROMPT_MAX} characters.`),
    answerType: z.enum(ANSWER_TYPES, { message: "Choose an answer type." }),
    maxLength: z.preprocess(
      blankToUndefined,
      z.coerce
        .number({ message: "Enter a whole number of characters." })
        .int("Enter a whole number of characters.")
        .min(1, "Allow at least 1 character.")
        .max(TEXT_ANSWER_MAX, `Allow at most ${TEXT_ANSWER_MAX} characters.`)
        .optional(),
    ),
    unit: z.preprocess(
      blankToUndefined,
      z.string().trim().max(UNIT_MAX, `Use at most ${UNIT_MAX} characters.`).optional(),
    ),
    choices: z.preprocess(
      (v) =>
        (typeof v === "string" ? v.split("\n") : Array.isArray(v) ? v : [])
          .map((c) => String(c).trim())
          .filter((c) => c !== ""),
      z
        .array(z.string().max(CHOICE_MAX, `Keep each choice to ${CHOICE_MAX} characters.`))
        .max(CHOICES_MAX, `Offer at most ${CHOICES_MAX} choices.`),
    ),
    required: checkbox,
  })
  .superRefine((q, ctx) => {
    const isChoice = q.answerType === "one_choice" || q.answerType === "many_choices";
    if (isChoice && q.choices.length < 2)
      ctx.addIssue({
        code: "custom",
        path: ["choices"],
        message: "Offer at least two choices, one per line.",
      });
    if (isChoice && new Set(q.choices).size !== q.choices.length)
      ctx.addIssue({ code: "custom", path: ["choices"], message: "Offer each choice once." });
  })
  .transform((q) => ({
    prompt: q.prompt,
    answerType: q.answerType,
    // Only what the answer type uses is kept: a text's length, a number's unit, a choice's options.
    maxLength: q.answerType === "text" ? (q.maxLength ?? TEXT_ANSWER_MAX) : null,
    unit: q.answerType === "number" ? (q.unit ?? null) : null,
    choices: q.answerType === "one_choice" || q.answerType === "many_choices" ? q.choices : [],
    required: q.required,
  }));

/** What a form (or a caller) sends for a question: anything, checked by `questionSchema`. */
export type QuestionInput = Partial<
  Record<"prompt" | "answerType" | "maxLength" | "unit" | "choices" | "required", unknown>
>;
export type Question = z.output<typeof questionSchema>;

/** Publication: the response deadline, sealing, and the questionnaire's version the form was drawn with. */
export const publishSchema = z.object({
  deadlineOn: z.string().refine(isIsoDay, "Enter the deadline as a date like 2026-06-30."),
  sealed: checkbox,
  version: z.coerce.number({ message: "Reload the page and try again." }).int(),
});
export type PublishInput = z.input<typeof publishSchema>;

/** One candidate's extension. */
export const extendSchema = z.object({
  deadlineOn: z.string().refine(isIsoDay, "Enter the new deadline as a date like 2026-06-30."),
});

/** A clarification's answer, private or published to every candidate. */
export const clarificationAnswerSchema = z.object({
  answer: z
    .string({ message: "Write the answer." })
    .trim()
    .min(1, "Write the answer.")
    .max(CLARIFICATION_ANSWER_MAX, `Use at most ${CLARIFICATION_ANSWER_MAX} characters.`),
  publish: checkbox,
});
export type ClarificationAnswerInput = { answer?: unknown; publish?: unknown };

/** The parsed input, or an InputError with a message per field (`prefix` names a list entry: "questions.2."). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, prefix = ""): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = fieldErrors(result.error);
  throw new InputError(Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${prefix}${k}`, v])));
}
