// What the evidence forms accept: new evidence's details, its link, a details edit, a buyer's verdict.
import { z } from "zod";
import { isIsoDay } from "../../domain/calendar";
import {
  MAX_EVIDENCE_TITLE_LENGTH,
  MAX_LINK_LENGTH,
  MAX_VERIFICATION_NOTE_LENGTH,
} from "../../domain/evidence-limits";

const optionalDay = (label: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((v) => v || undefined)
    .refine((v) => v === undefined || isIsoDay(v), `Enter the ${label} as a date like 2025-06-30.`);

/** What evidence says about itself: shared by the add form and the details form. */
const evidenceFields = {
  title: z
    .string()
    .trim()
    .min(2, "Give the evidence a title (2 characters or more).")
    .max(MAX_EVIDENCE_TITLE_LENGTH, `Use at most ${MAX_EVIDENCE_TITLE_LENGTH} characters.`),
  effectiveFrom: optionalDay("start of the period"),
  effectiveTo: optionalDay("end of the period"),
  visibility: z.enum(["all_buyers", "restricted"], "Choose who may see it."),
};

function periodInOrder(v: { effectiveFrom?: string; effectiveTo?: string }, ctx: z.RefinementCtx) {
  if (v.effectiveFrom && v.effectiveTo && v.effectiveTo < v.effectiveFrom) {
    ctx.addIssue({
      code: "custom",
      path: ["effectiveTo"],
      message: "The period cannot end before it starts.",
    });
  }
}

/** The details of new evidence (the file or link comes separately). */
export const evidenceDetailsSchema = z
  .object({ claim: z.string().min(1, "Choose the claim this evidence supports."), ...evidenceFields })
  .superRefine(periodInOrder);

export type EvidenceDetails = z.infer<typeof evidenceDetailsSchema>;

export const linkSchema = z
  .string()
  .trim()
  .max(MAX_LINK_LENGTH, "This link is too long.")
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === "https:" || u.protocol === "http:") && !!u.hostname;
    } catch {
      return false;
    }
  }, "Enter a web address starting with https:// (or http://).");

/** Title, period and visibility of existing evidence, with the version the form was drawn from. */
export const evidenceEditSchema = z
  .object({ ...evidenceFields, version: z.coerce.number().int().min(1) })
  .superRefine(periodInOrder);

export type EvidenceEdit = z.infer<typeof evidenceEditSchema>;

export const verificationSchema = z
  .object({
    versionId: z.string(),
    status: z.enum(["verified", "rejected", "unverified"], "Choose verified, rejected or not yet checked."),
    note: z
      .string()
      .trim()
      .max(MAX_VERIFICATION_NOTE_LENGTH, `Use at most ${MAX_VERIFICATION_NOTE_LENGTH} characters.`),
    seenOn: optionalDay("day you looked at the link"),
  })
  .superRefine((v, ctx) => {
    if (v.status === "rejected" && !v.note) {
      ctx.addIssue({
        code: "custom",
        path: ["note"],
        message: "Say why it is rejected: the partner reads the note.",
      });
    }
  });

export type Verification = z.infer<typeof verificationSchema>;
