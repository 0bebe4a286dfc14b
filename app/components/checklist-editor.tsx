// The template editor: every field of a checklist, with the weights shown as percentages as they are typed.
// Structural buttons (add, remove, move) are real submit buttons: without JavaScript the server applies them to what
// was typed and sends the form back; with JavaScript the same `applyIntent` runs here at once.
import { Form } from "@remix-run/react";
import { type ReactNode, useEffect, useMemo, useRef, useState } from "react";
import { effectiveWeights } from "~/domain/checklist";
import {
  applyIntent,
  type ChecklistDraft,
  type CriterionDraft,
  type EditorIntent,
  NEW_KEY_PREFIX,
  parseNumber,
  type SectionDraft,
} from "~/domain/checklist-draft";
import {
  ClashNote,
  criterionInputId,
  type EditorErrors,
  IntentButton,
  sectionInputId,
  TextArea,
  TextInput,
} from "./checklist/fields";
import { SectionEditor } from "./checklist/section-editor";
import { FieldError, FormAlert, SubmitButton } from "./forms";

export type { EditorErrors };

interface EditorProps {
  initial: ChecklistDraft;
  errors: EditorErrors;
  /** Notes beside fields, keyed like `errors`: where a merge after a conflict kept this person's value. */
  notes?: EditorErrors;
  /** Key of the section or criterion to focus after a server round trip. */
  focus?: string;
  formError?: string;
  notice?: ReactNode;
  hidden: ReactNode;
  submitLabel: string;
  cancel: ReactNode;
}

let counter = 0;
function newKey(): string {
  counter += 1;
  return `${NEW_KEY_PREFIX}${Date.now().toString(36)}${counter}${Math.random().toString(36).slice(2, 8)}`;
}

function sharesOf(draft: ChecklistDraft) {
  const num = (v: string) => parseNumber(v) ?? 0;
  return effectiveWeights({
    sections: draft.sections.map((s) => ({
      key: s.key,
      weight: num(s.weight),
      criteria: s.criteria.map((c) => ({ key: c.key, weight: num(c.weight) })),
    })),
  } as Parameters<typeof effectiveWeights>[0]);
}

export function ChecklistEditor(props: EditorProps) {
  const [draft, setDraft] = useState(props.initial);
  const [focus, setFocus] = useState<string | undefined>(props.focus);
  const shares = useMemo(() => sharesOf(draft), [draft]);
  const formRef = useRef<HTMLFormElement>(null);
  const hasErrors = Object.values(props.errors).some(Boolean);

  // After a refused save, take the person to the first field that needs attention.
  useEffect(() => {
    if (!hasErrors) return;
    const first = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (!first) return;
    first.closest("details")?.setAttribute("open", "");
    first.focus();
    first.scrollIntoView({ block: "center" });
  }, [hasErrors]);

  useEffect(() => {
    if (!focus) return;
    const target =
      document.getElementById(criterionInputId(focus)) ?? document.getElementById(sectionInputId(focus));
    target?.focus();
    target?.scrollIntoView({ block: "center" });
    setFocus(undefined);
  }, [focus]);

  const act = (intent: EditorIntent) => (event: React.MouseEvent<HTMLButtonElement>) => {
    event.preventDefault();
    const next = applyIntent(draft, intent, newKey());
    setDraft(next.draft);
    setFocus(next.focus);
  };
  const setSection = (i: number, patch: Partial<SectionDraft>) =>
    setDraft((d) => ({ ...d, sections: d.sections.map((s, k) => (k === i ? { ...s, ...patch } : s)) }));
  const setCriterion = (i: number, j: number, patch: Partial<CriterionDraft>) =>
    setDraft((d) => ({
      ...d,
      sections: d.sections.map((s, k) =>
        k === i ? { ...s, criteria: s.criteria.map((c, m) => (m === j ? { ...c, ...patch } : c)) } : s,
      ),
    }));

  const e = props.errors;
  const n = props.notes ?? {};
  return (
    <Form method="post" className="checklist-editor" noValidate ref={formRef}>
      {/* Enter in a text field saves: the first submit button of a form is its default. */}
      <button type="submit" name="intent" value="save" hidden>
        Save
      </button>
      {props.hidden}
      <FormAlert message={props.formError} />
      {props.notice}
      <TemplateFields
        draft={draft}
        setDraft={setDraft}
        errors={e}
        notes={n}
        sectionTotal={draft.sections.reduce((sum, s) => sum + Math.max(0, parseNumber(s.weight) ?? 0), 0)}
      />

      {draft.sections.map((section, i) => (
        <SectionEditor
          key={section.key}
          section={section}
          i={i}
          count={draft.sections.length}
          shares={shares}
          errors={e}
          notes={n}
          setSection={setSection}
          setCriterion={setCriterion}
          act={act}
        />
      ))}

      <div className="editor-footer">
        <IntentButton intent={{ type: "add-section" }} onAct={act}>
          Add section
        </IntentButton>
        <span className="editor-footer-main">
          {props.cancel}
          <SubmitButton pendingText="Saving…" className="btn btn-primary">
            {props.submitLabel}
          </SubmitButton>
        </span>
      </div>
      {/* The visible save button sends intent=save too. */}
      <input type="hidden" name="intent" value="save" />
    </Form>
  );
}

/** The template's name and description, and how its weights read. */
function TemplateFields({
  draft,
  setDraft,
  errors: e,
  notes: n,
  sectionTotal,
}: {
  draft: ChecklistDraft;
  setDraft: React.Dispatch<React.SetStateAction<ChecklistDraft>>;
  errors: EditorErrors;
  notes: EditorErrors;
  /** The sum of the section weights as typed. */
  sectionTotal: number;
}) {
  return (
    <div className="card">
      <TextInput
        label="Template name"
        name="name"
        value={draft.name}
        onChange={(name) => setDraft((d) => ({ ...d, name }))}
        error={e.name}
        note={n.name}
      />
      <TextArea
        label="Description"
        hint="Optional: when to use this checklist."
        name="description"
        value={draft.description}
        onChange={(description) => setDraft((d) => ({ ...d, description }))}
        rows={2}
        note={n.description}
      />
      <p className="muted weights-note" aria-live="polite">
        Weights are relative: a section's share is its weight over the sum of all section weights (now{" "}
        {formatNumber(sectionTotal)}), and a criterion's share of its section likewise. Weight 0 keeps an item
        in the checklist without counting it.
      </p>
      <ClashNote note={n.sections} />
      <FieldError error={e.sections} />
    </div>
  );
}

function formatNumber(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, "");
}
