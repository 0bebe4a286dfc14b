// Questionnaires (DESIGN.md part 2 "Questionnaires"): what each answer type accepts, when a question counts as
// answered, and when the responses are sealed from the buyer. Pure: shared by the buyer's and the partner's models.

import type { AnswerType } from "../../db/enums";
import { isIsoDay, startOfDayIn } from "./calendar";

export type { AnswerType };

export const ANSWER_TYPE_LABELS: Record<AnswerType, string> = {
  text: "Text",
  number: "Number",
  yes_no: "Yes / no",
  one_choice: "One choice",
  many_choices: "Several choices",
  date: "Date",
  evidence: "Evidence",
};

/** A rated criterion's question: a text answer of at most this many characters. */
export const CRITERION_TEXT_MAX_LENGTH = 4000;

/** What the validation reads of a question. */
export interface AnswerRule {
  answerType: AnswerType;
  maxLength: number | null;
  unit: string | null;
  choices: readonly string[];
  required: boolean;
}

/** Whether a value is "no answer" for its type (evidence answers live in the evidence ids). */
function isBlank(answerType: AnswerType, value: unknown, evidenceIds: readonly string[]): boolean {
  if (answerType === "evidence") return evidenceIds.length === 0;
  if (value === null || value === undefined) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

/**
 * The problem with a submitted answer, as a message for the person typing it; undefined when it is valid. An
 * unanswered optional question is valid; an unanswered required one is not.
 */
export function validateAnswer(
  question: AnswerRule,
  value: unknown,
  evidenceIds: readonly string[],
): string | undefined {
  if (isBlank(question.answerType, value, evidenceIds)) {
    if (!question.required) return undefined;
    return question.answerType === "evidence"
      ? "Attach at least one evidence item."
      : "Answer this question.";
  }
  switch (question.answerType) {
    case "text": {
      if (typeof value !== "string") return "Enter text.";
      if (question.maxLength !== null && value.length > question.maxLength)
        return `Keep the answer to ${question.maxLength} characters (it has ${value.length}).`;
      return undefined;
    }
    case "number": {
      if (typeof value !== "number" || !Number.isFinite(value))
        return question.unit ? `Enter a number (${question.unit}).` : "Enter a number.";
      if (value < 0) return "Enter a number of 0 or more.";
      return undefined;
    }
    case "yes_no":
      return typeof value === "boolean" ? undefined : "Answer yes or no.";
    case "one_choice":
      return typeof value === "string" && question.choices.includes(value)
        ? undefined
        : "Choose one of the options.";
    case "many_choices": {
      if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
        return "Choose among the options.";
      if (!value.every((v) => question.choices.includes(v))) return "Choose only among the options.";
      if (new Set(value).size !== value.length) return "Choose each option at most once.";
      return undefined;
    }
    case "date":
      return typeof value === "string" && isIsoDay(value) ? undefined : "Enter a real date (YYYY-MM-DD).";
    case "evidence":
      // Evidence answers are the ids; a value beside them is ignored.
      return undefined;
  }
}

/** Whether a question has a valid, non-blank answer (what submission needs of every required question). */
export function isAnswered(question: AnswerRule, value: unknown, evidenceIds: readonly string[]): boolean {
  if (isBlank(question.answerType, value, evidenceIds)) return false;
  return validateAnswer(question, value, evidenceIds) === undefined;
}

/** The instant a deadline day (YYYY-MM-DD, the buyer's time zone) has passed: the start of the next day there. */
export function deadlinePassesAt(deadlineOn: string, timeZone: string): Date {
  const [y, m, d] = deadlineOn.split("-").map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDayIn(next, timeZone);
}

export interface SealInput {
  /** Sealing on (the default); off: never sealed. */
  sealed: boolean;
  /** The questionnaire's deadline (last day, in the buyer's time zone); null: not published yet. */
  deadlineOn: string | null;
  timeZone: string;
  now: Date;
  /** Active candidates (those that received the questionnaire). */
  candidates: number;
  /** How many of them have submitted at least once. */
  submittedCount: number;
}

/**
 * DESIGN.md part 2: sealed responses stay closed to the buyer until the deadline day has ended in the buyer's time
 * zone or every candidate submitted. Extensions of one candidate do not keep the others sealed.
 */
export function isSealed({
  sealed,
  deadlineOn,
  timeZone,
  now,
  candidates,
  submittedCount,
}: SealInput): boolean {
  if (!sealed) return false;
  if (candidates > 0 && submittedCount >= candidates) return false;
  if (deadlineOn === null) return true;
  return now.getTime() < deadlinePassesAt(deadlineOn, timeZone).getTime();
}
