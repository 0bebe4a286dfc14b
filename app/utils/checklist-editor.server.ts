// The checklist editor's answers: the draft to show again with its messages, focus, or a merge after a save that
// lost the race. Shared by the template editor and an evaluation's checklist; failures go through `failureAnswer`.
import { randomUUID } from "node:crypto";
import { data } from "@remix-run/node";
import type { Checklist } from "~/domain/checklist";
import { type ChecklistDraft, toDraft } from "~/domain/checklist-draft";
import { type MergeClash, mergeChecklistDrafts } from "~/domain/checklist-merge";
import { type EditorErrorMap, type EditorSubmission, readEditorSubmission } from "./checklist-form.server";
import { failureAnswer } from "./errors.server";

export { readEditorSubmission };

export interface EditorActionData {
  /** A fresh value per answer, so the editor starts again from `draft`. */
  revision: string;
  /** Present (false) on a failed save's answer. */
  ok?: false;
  values?: Record<string, string>;
  draft?: ChecklistDraft;
  errors?: EditorErrorMap;
  focus?: string;
  formError?: string;
  /** A save that lost the race: who changed what since, and the version to save over. */
  conflict?: { version: number; changes: { by: string; at: string; lines: string[] }[] };
  /** Where the merged draft kept this person's value over another editor's (a conflict's three-way merge). */
  clashes?: MergeClash[];
  /** The version the next save must find, carried across answers (the page's loader may have moved on). */
  version?: number;
  /** The draft that version holds: what the next conflict is merged against. */
  base?: ChecklistDraft;
}

export function editorAnswer(answer: Omit<EditorActionData, "revision">, status = 200) {
  return data<EditorActionData>({ revision: randomUUID(), ...answer }, { status });
}

/**
 * The answer to every submission that is not a valid save. `carry` goes back with it unchanged (the template
 * editor's version and base), so a round trip without JavaScript never moves the version under the person.
 */
export function editorAnswerFor(
  submission: Exclude<EditorSubmission, { kind: "valid" }>,
  carry: Pick<EditorActionData, "version" | "base"> = {},
) {
  switch (submission.kind) {
    case "unreadable":
      return editorAnswer({ formError: "This form could not be read. Reload the page and try again." }, 400);
    case "edited":
      return editorAnswer({ ...carry, draft: submission.draft, focus: submission.focus });
    case "invalid":
      return editorAnswer(
        {
          ...carry,
          draft: submission.draft,
          errors: submission.errors,
          formError: "Some fields need attention: see the messages beside them.",
        },
        400,
      );
  }
}

/** What a save that lost the race needs of the template stored now, and who changed what since the form's version. */
export interface SavedMeanwhile {
  current: { version: number; checklist: Checklist };
  changes: { by: string; at: Date; lines: string[] }[];
}

/**
 * The editor's answer to a failed save, through `failureAnswer` (its status and message; a NotFound throws the 404
 * page, anything unknown is rethrown), with the draft shown again. `formError` says more than the failure's own
 * message where the editor knows more; `present` gives what is stored now after a stale version.
 */
export function editorFailure(
  error: unknown,
  draft: ChecklistDraft,
  options: Omit<EditorActionData, "revision" | "draft" | "conflict"> & {
    present?: (current: unknown) => EditorActionData["conflict"];
  } = {},
) {
  const { present, ...answer } = options;
  const failed = failureAnswer(error, null, { present });
  return data<EditorActionData>(
    {
      ...failed.data,
      conflict: present ? failed.data.conflict : undefined,
      revision: randomUUID(),
      draft,
      ...answer,
      formError: answer.formError ?? failed.data.formError,
    },
    failed.init ?? undefined,
  );
}

/**
 * The answer to a save that lost the race: what this person typed merged with the saved version (three-way, over
 * the draft the editor started from), the clashes, who changed what, and the version and base the next save uses.
 * Nothing is saved: the person checks the merge and saves again.
 */
export function conflictAnswer(
  conflict: SavedMeanwhile & Error,
  base: ChecklistDraft | null,
  mine: ChecklistDraft,
) {
  const theirs = toDraft(conflict.current.checklist);
  const merged = mergeChecklistDrafts(base, theirs, mine);
  const n = merged.clashes.length;
  const clashes =
    n === 0
      ? "Their changes and yours are merged below, without a clash."
      : `Their changes and yours are merged below; in ${n === 1 ? "one place" : `${n} places`} you both changed the same thing and yours is kept (marked beside the ${n === 1 ? "field" : "fields"}).`;
  return editorFailure(conflict, merged.draft, {
    clashes: merged.clashes,
    version: conflict.current.version,
    base: theirs,
    present: () => ({
      version: conflict.current.version,
      changes: conflict.changes.map((c) => ({ by: c.by, at: c.at.toISOString(), lines: c.lines })),
    }),
    formError: `Someone else saved this template while you were editing, so nothing was saved yet. ${clashes} Check it, then save again.`,
  });
}
