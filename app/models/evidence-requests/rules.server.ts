// Evidence requests (docs/product.md "Evidence request", "Access rules"): a buyer admin or an assigned evaluator asks a
// candidate's partner for evidence on one criterion; the partner answers with evidence and a note, and may share
// restricted evidence with that buyer only; the buyer reads the answer and closes the request. The partner learns
// which buyer asks and the criterion's question, never the evaluation, its weights or its scores.
//
// This module: the statuses, who may ask, and what the forms accept.
import { z } from "zod";
import { isIsoDay } from "../../domain/calendar";
import type { EvaluationStatus } from "../../domain/evaluation";
import { ANSWER_NOTE_LIMIT, REQUEST_MESSAGE_LIMIT } from "../../domain/evidence-limits";
import type { Viewer } from "../../utils/access.server";
import type { EvaluationAccess } from "../evaluation.server";

/** Evidence is asked for while candidates are being scored or reviewed. */
export const REQUEST_STATUSES: readonly EvaluationStatus[] = ["scoring", "review"];
/** Once the buyer's evaluation is over, its requests take no more answers (for the partner they read as closed). */
export const FINISHED_STATUSES: readonly EvaluationStatus[] = ["decided", "cancelled"];

export type RequestStatus = "open" | "answered" | "closed";

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: "Open",
  answered: "Answered",
  closed: "Closed",
};

/** What is stored now of a request that changed since the form was drawn (a StaleVersion's `current`). */
export interface StoredRequest {
  status: RequestStatus;
  version: number;
}

/** Admins and the evaluation's assigned evaluators ask partners for evidence. */
export function mayAskPartners(viewer: Viewer, access: EvaluationAccess): boolean {
  return viewer.role === "admin" || (viewer.role === "evaluator" && access.assigned);
}

/** The buyer's "Ask the partner for evidence" form. */
export const requestFormSchema = z.object({
  criterionId: z.string().min(1),
  message: z
    .string()
    .trim()
    .min(1, "Say what you need: the partner reads this message.")
    .max(REQUEST_MESSAGE_LIMIT, `Use at most ${REQUEST_MESSAGE_LIMIT} characters.`),
  dueOn: z
    .string()
    .trim()
    .refine((v) => isIsoDay(v), "Enter the due date as a date like 2026-06-30."),
});

/** The partner's answer form (the evidence comes as repeated `evidence` fields). */
export const answerFormSchema = z.object({
  note: z
    .string()
    .trim()
    .max(ANSWER_NOTE_LIMIT, `Use at most ${ANSWER_NOTE_LIMIT} characters.`)
    .optional()
    .transform((v) => v ?? ""),
  version: z.coerce.number().int().min(1),
  share: z
    .string()
    .optional()
    .transform((v) => v === "on" || v === "1" || v === "true"),
});

/** Not answered or closed, and its due day (in the buyer's time zone) is over. */
export function isOverdue(status: RequestStatus, dueOn: string, buyerToday: string): boolean {
  return status === "open" && dueOn < buyerToday;
}
