// One section in the template editor: its name, weight and description, its criteria, and its structural buttons.
import type { EffectiveWeights } from "~/domain/checklist";
import type { CriterionDraft, SectionDraft } from "~/domain/checklist-draft";
import { formatShare } from "~/utils/format";
import { FieldError } from "../forms";
import { CriterionEditor } from "./criterion-editor";
import {
  ClashNote,
  type EditorErrors,
  IntentButton,
  type OnAct,
  sectionInputId,
  TextArea,
  TextInput,
  WeightInput,
} from "./fields";

interface SectionEditorProps {
  section: SectionDraft;
  i: number;
  count: number;
  /** The shares the weights give, as typed. */
  shares: EffectiveWeights;
  errors: EditorErrors;
  notes: EditorErrors;
  setSection: (i: number, patch: Partial<SectionDraft>) => void;
  setCriterion: (i: number, j: number, patch: Partial<CriterionDraft>) => void;
  act: OnAct;
}

export function SectionEditor({
  section,
  i,
  count,
  shares,
  errors: e,
  notes: n,
  setSection,
  setCriterion,
  act,
}: SectionEditorProps) {
  const sectionLabel = section.name.trim() || String(i + 1);
  return (
    <fieldset className="card section-editor" aria-describedby={`section-${section.key}-share`}>
      <legend className="section-editor-legend">
        Section {i + 1}
        {section.name.trim() ? `: ${section.name}` : ""}
      </legend>
      <SectionFields
        section={section}
        i={i}
        count={count}
        shares={shares}
        errors={e}
        notes={n}
        setSection={setSection}
        act={act}
      />

      <h3 className="criteria-heading">Criteria</h3>
      <ClashNote note={n[`s:${section.key}.criteria`]} />
      <FieldError error={e[`s:${section.key}.criteria`]} />
      {section.criteria.length === 0 ? <p className="muted">No criteria yet.</p> : null}
      <ol className="criteria-editor">
        {section.criteria.map((criterion, j) => (
          <CriterionEditor
            key={criterion.key}
            criterion={criterion}
            i={i}
            j={j}
            count={section.criteria.length}
            errors={e}
            notes={n}
            withinSection={shares.withinSection.get(criterion.key) ?? 0}
            overall={shares.criteria.get(criterion.key) ?? 0}
            onChange={(patch) => setCriterion(i, j, patch)}
            onAct={act}
          />
        ))}
      </ol>
      <div className="editor-actions">
        <IntentButton
          label={`Add a rated criterion to section ${sectionLabel}`}
          intent={{ type: "add-criterion", section: i, kind: "rated" }}
          onAct={act}
        >
          Add rated criterion
        </IntentButton>
        <IntentButton
          label={`Add a numeric criterion to section ${sectionLabel}`}
          intent={{ type: "add-criterion", section: i, kind: "numeric" }}
          onAct={act}
        >
          Add numeric criterion
        </IntentButton>
      </div>
    </fieldset>
  );
}

/** The section's own fields (name, weight with its share, description) and its structural buttons. */
function SectionFields({
  section,
  i,
  count,
  shares,
  errors: e,
  notes: n,
  setSection,
  act,
}: Omit<SectionEditorProps, "setCriterion">) {
  const sectionLabel = section.name.trim() || String(i + 1);
  return (
    <>
      <div className="section-editor-head">
        <TextInput
          id={sectionInputId(section.key)}
          label="Section name"
          name={`sections.${i}.name`}
          value={section.name}
          onChange={(name) => setSection(i, { name })}
          error={e[`s:${section.key}.name`]}
          note={n[`s:${section.key}.name`]}
        />
        <WeightInput
          label="Section weight"
          name={`sections.${i}.weight`}
          value={section.weight}
          onChange={(weight) => setSection(i, { weight })}
          error={e[`s:${section.key}.weight`]}
          note={n[`s:${section.key}.weight`]}
          shareId={`section-${section.key}-share`}
          share={`${formatShare(shares.sections.get(section.key) ?? 0)} of the checklist`}
          zero={(shares.sections.get(section.key) ?? 0) === 0}
        />
      </div>
      <TextArea
        label="Section description"
        hint="Optional: why this section matters."
        name={`sections.${i}.description`}
        value={section.description}
        onChange={(description) => setSection(i, { description })}
        rows={2}
        error={e[`s:${section.key}.description`]}
        note={n[`s:${section.key}.description`]}
      />
      <input type="hidden" name={`sections.${i}.key`} value={section.key} />
      <div className="editor-actions">
        <IntentButton
          label={`Move section ${sectionLabel} up`}
          intent={{ type: "move-section", section: i, by: -1 }}
          onAct={act}
          disabled={i === 0}
        >
          Move section up
        </IntentButton>
        <IntentButton
          label={`Move section ${sectionLabel} down`}
          intent={{ type: "move-section", section: i, by: 1 }}
          onAct={act}
          disabled={i === count - 1}
        >
          Move section down
        </IntentButton>
        <IntentButton
          label={`Remove section ${sectionLabel}`}
          intent={{ type: "remove-section", section: i }}
          onAct={act}
          danger
        >
          Remove section
        </IntentButton>
      </div>
    </>
  );
}
