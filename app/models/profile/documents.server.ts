// Practice documents: policies, runbooks, attestations and case studies that belong to no single claim.
import { z } from "zod";
import { practiceDocuments } from "../../../db/schema";
import { DOCUMENT_KINDS, LABELS } from "../../domain/profile";
import { MAX_DOCUMENT_SUMMARY_LENGTH, MAX_DOCUMENT_TITLE_LENGTH } from "../../domain/profile-limits";
import { choice, text } from "./fields.server";
import type { ListSection } from "./versioned-list.server";

export const documentSchema = z.object({
  title: text("a title", MAX_DOCUMENT_TITLE_LENGTH),
  kind: choice(DOCUMENT_KINDS, "Choose a kind of document."),
  summary: z
    .string()
    .trim()
    .max(MAX_DOCUMENT_SUMMARY_LENGTH, `Use at most ${MAX_DOCUMENT_SUMMARY_LENGTH} characters.`)
    .optional()
    .transform((v) => v ?? ""),
});

export type DocumentInput = z.infer<typeof documentSchema>;
type PracticeDocument = typeof practiceDocuments.$inferSelect;

const shortSummary = (summary: string) => (summary.length > 80 ? `${summary.slice(0, 80)}…` : summary);

export const documentList: ListSection<PracticeDocument, typeof documentSchema> = {
  table: practiceDocuments,
  noun: "document",
  entityType: "practice_document",
  schema: documentSchema,
  scope: "profile.document",
  listPath: "/profile/documents",
  label: (d) => `Document “${d.title}”`,
  columns: (input) => input,
  describe: (d) => `title “${d.title}”, ${LABELS.documentKind[d.kind]}, summary “${shortSummary(d.summary)}”`,
  removed: ({ title, kind, summary }) => ({ title, kind, summary }),
};
