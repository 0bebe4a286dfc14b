// Audit sentences about questionnaires: the buyer building, publishing and extending one and answering
// clarifications (in the buyer's log), and the partner submitting, reopening and asking (in the partner's log).
import { type AuditContext, type Describer, evaluation, num, quote, quoted, text } from "./audit-words-kit";
import { plural, possessive } from "./format";

/** The buyer's evaluation the event is about (its page while it exists). */
const here = (c: AuditContext) => evaluation(c.names, c.event.entityId);

/** On the partner's side: the buyer and its evaluation, as stored with the event. */
function theirs(c: AuditContext): string {
  const buyer = text(c.after.name) ?? "a buyer";
  const name = text(c.after.evaluation);
  return name
    ? `${possessive(buyer)} questionnaire for ${quote(name)}`
    : `${possessive(buyer)} questionnaire`;
}

const prompt = (value: unknown) => quote(text(value) ?? "a question");

export const QUESTIONNAIRE_WORDS: Record<string, Describer> = {
  "questionnaire.drafted": (c) => ({ parts: ["started the questionnaire of ", here(c)] }),
  "questionnaire.question_added": (c) => ({
    parts: [`added the question ${prompt(c.after.prompt)} to the questionnaire of `, here(c)],
  }),
  "questionnaire.question_edited": (c) => ({
    parts: [`changed the question ${prompt(c.before.prompt)} of the questionnaire of `, here(c)],
    changes: text(c.after.prompt) !== text(c.before.prompt) ? quoted("Now", c.after.prompt) : [],
  }),
  "questionnaire.question_removed": (c) => ({
    parts: [`removed the question ${prompt(c.before.prompt)} from the questionnaire of `, here(c)],
  }),
  "questionnaire.published": (c) => ({
    parts: ["published the questionnaire of ", here(c)],
    changes: [
      `Deadline: ${text(c.after.deadlineOn) ?? "—"}`,
      ...(num(c.after.questions) !== undefined
        ? [`${plural(num(c.after.questions) ?? 0, "question", "questions")}`]
        : []),
      ...(num(c.after.candidates) !== undefined
        ? [`Sent to ${plural(num(c.after.candidates) ?? 0, "candidate", "candidates")}`]
        : []),
      c.after.sealed === false ? "Responses not sealed" : "Responses sealed until the deadline",
    ],
  }),
  "questionnaire.addendum_published": (c) => ({
    parts: [`published addendum ${num(c.after.addendum) ?? ""} to the questionnaire of `, here(c)],
    changes: Array.isArray(c.after.prompts)
      ? c.after.prompts
          .filter((p): p is string => typeof p === "string")
          .map((p) => `New question: ${quote(p)}`)
      : [],
  }),
  "questionnaire.extended": (c) => ({
    parts: [
      `extended ${possessive(text(c.after.name) ?? "a candidate")} questionnaire deadline in `,
      here(c),
    ],
    changes: [`Deadline: ${text(c.before.deadlineOn) ?? "—"} → ${text(c.after.deadlineOn) ?? "—"}`],
  }),
  "questionnaire.clarification_answered": (c) => ({
    parts: [
      c.after.published === true
        ? "answered a clarification to every candidate in "
        : "answered a clarification privately in ",
      here(c),
    ],
    changes: quoted("Answer", c.after.answer),
  }),
  "questionnaire.submitted": (c) => ({
    parts: [`submitted ${theirs(c)}`],
    changes: [
      `Revision ${num(c.after.revision) ?? "?"}`,
      ...(c.after.afterUnsealing === true ? ["After the responses were open to the buyer"] : []),
    ],
  }),
  "questionnaire.reopened": (c) => ({ parts: [`reopened ${theirs(c)}`] }),
  "questionnaire.clarification_asked": (c) => ({
    parts: [`asked a question about ${theirs(c)}`],
    changes: quoted("Question", c.after.question),
  }),
};
