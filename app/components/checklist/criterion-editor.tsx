// One criterion in the template editor: its name and weight, the details (question, scale, rubric or unit,
// knockout, suggestion, profile field) folded away until needed, and its structural buttons.
import { useEffect, useRef } from "react";
import {
  CHECKLIST_LABELS,
  DIRECTIONS,
  PROFILE_VALUE_FIELDS,
  rubricLevels,
  SUGGESTION_RULES,
} from "~/domain/checklist";
import { type CriterionDraft, NEW_KEY_PREFIX, parseNumber } from "~/domain/checklist-draft";
import { formatShare } from "~/utils/format";
import {
  criterionInputId,
  type EditorErrors,
  IntentButton,
  type OnAct,
  SelectInput,
  TextArea,
  TextInput,
  WeightInput,
} from "./fields";

const DETAIL_FIELDS = [
  "question",
  "kind",
  "max",
  "rubric.low",
  "rubric.middle",
  "rubric.high",
  "knockout",
  "suggestionRule",
  "unit",
  "direction",
  "profileField",
];

interface CriterionEditorProps {
  criterion: CriterionDraft;
  i: number;
  j: number;
  count: number;
  errors: EditorErrors;
  notes: EditorErrors;
  withinSection: number;
  overall: number;
  onChange: (patch: Partial<CriterionDraft>) => void;
  onAct: OnAct;
}

/** What a criterion's fields need: their names' prefix, and its messages and notes by field. */
interface FieldsOf {
  criterion: CriterionDraft;
  at: string;
  err: (field: string) => string | undefined;
  note: (field: string) => string | undefined;
  onChange: (patch: Partial<CriterionDraft>) => void;
}

export function CriterionEditor(props: CriterionEditorProps) {
  const { criterion, i, j, errors, notes, withinSection, overall, onChange } = props;
  const at = `sections.${i}.criteria.${j}`;
  const err = (field: string) => errors[`c:${criterion.key}.${field}`];
  const note = (field: string) => notes[`c:${criterion.key}.${field}`];
  const fields: FieldsOf = { criterion, at, err, note, onChange };
  // A message or a merge's note inside the details opens them.
  const detailErrors = DETAIL_FIELDS.some((f) => err(f) || note(f));
  const isNew = criterion.key.startsWith(NEW_KEY_PREFIX) && criterion.question === "";
  const detailsRef = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if ((detailErrors || isNew) && detailsRef.current) detailsRef.current.open = true;
  }, [detailErrors, isNew]);
  const title = criterion.name.trim() || "New criterion";
  return (
    <li className="criterion-editor">
      <input type="hidden" name={`${at}.key`} value={criterion.key} />
      <div className="criterion-editor-head">
        <TextInput
          id={criterionInputId(criterion.key)}
          label={`Criterion ${j + 1} name`}
          name={`${at}.name`}
          value={criterion.name}
          onChange={(name) => onChange({ name })}
          error={err("name")}
          note={note("name")}
        />
        <WeightInput
          label="Weight"
          name={`${at}.weight`}
          value={criterion.weight}
          onChange={(weight) => onChange({ weight })}
          error={err("weight")}
          note={note("weight")}
          shareId={`criterion-${criterion.key}-share`}
          share={`${formatShare(withinSection)} of section · ${formatShare(overall)} overall`}
          zero={overall === 0}
        />
      </div>
      <details className="criterion-details" ref={detailsRef} open={detailErrors || isNew || undefined}>
        <CriterionSummary criterion={criterion} title={title} />
        <CriterionScale {...fields} />
        {criterion.kind === "rated" ? <RatedFields {...fields} /> : <NumericFields {...fields} />}
      </details>
      <CriterionActions {...props} title={title} />
    </li>
  );
}

function CriterionSummary({ criterion, title }: { criterion: CriterionDraft; title: string }) {
  const rated = criterion.kind === "rated";
  return (
    <summary>
      Question, scale and scoring of “{title}”
      <span className="criterion-summary">
        {" "}
        · {CHECKLIST_LABELS.kind[criterion.kind]}
        {rated && criterion.knockout.trim() ? ` · knockout below ${criterion.knockout}` : ""}
        {rated && criterion.suggestionRule
          ? ` · suggests from ${CHECKLIST_LABELS.suggestionRule[criterion.suggestionRule].toLowerCase()}`
          : ""}
      </span>
    </summary>
  );
}

/** The question, the kind and the maximum score. */
function CriterionScale({ criterion, at, err, note, onChange }: FieldsOf) {
  const rated = criterion.kind === "rated";
  return (
    <>
      <TextArea
        label="Question"
        hint="What the evaluator judges, in one sentence."
        name={`${at}.question`}
        value={criterion.question}
        onChange={(question) => onChange({ question })}
        rows={2}
        error={err("question")}
        note={note("question")}
      />
      <div className="editor-row">
        <SelectInput
          label="Kind"
          name={`${at}.kind`}
          value={criterion.kind}
          onChange={(kind) => onChange({ kind: kind as CriterionDraft["kind"] })}
          note={note("kind")}
          options={[
            { value: "rated", label: "Rated: evaluators score it" },
            { value: "numeric", label: "Numeric: a value per candidate" },
          ]}
        />
        <TextInput
          label="Maximum score"
          hint={rated ? "Scores run from 0 to this (1–100)." : "The best value scores this."}
          name={`${at}.max`}
          value={criterion.max}
          onChange={(value) => onChange({ max: value })}
          error={err("max")}
          note={note("max")}
          inputMode="numeric"
          narrow
        />
      </div>
    </>
  );
}

/** A rated criterion's rubric, knockout and auto-suggestion. */
function RatedFields({ criterion, at, err, note, onChange }: FieldsOf) {
  const max = parseNumber(criterion.max);
  const levels = rubricLevels(max !== undefined && Number.isInteger(max) && max >= 1 ? max : 5);
  return (
    <>
      <fieldset className="rubric-editor">
        <legend>Rubric: what each level looks like</legend>
        {(["low", "middle", "high"] as const).map((level) => (
          <TextArea
            key={level}
            label={`Score ${levels[level]}`}
            name={`${at}.rubric.${level}`}
            value={criterion.rubric[level]}
            onChange={(value) => onChange({ rubric: { ...criterion.rubric, [level]: value } })}
            rows={2}
            error={err(`rubric.${level}`)}
            note={note(`rubric.${level}`)}
          />
        ))}
      </fieldset>
      <div className="editor-row">
        <TextInput
          label="Knockout threshold"
          hint="Optional. A candidate scored below it is disqualified."
          name={`${at}.knockout`}
          value={criterion.knockout}
          onChange={(knockout) => onChange({ knockout })}
          error={err("knockout")}
          note={note("knockout")}
          inputMode="decimal"
          narrow
        />
        <SelectInput
          label="Auto-suggestion"
          hint="Optional. Suggests a score from the partner's profile."
          name={`${at}.suggestionRule`}
          value={criterion.suggestionRule}
          onChange={(value) => onChange({ suggestionRule: value as CriterionDraft["suggestionRule"] })}
          options={[
            { value: "", label: "None" },
            ...SUGGESTION_RULES.map((r) => ({ value: r, label: CHECKLIST_LABELS.suggestionRule[r] })),
          ]}
          error={err("suggestionRule")}
          note={note("suggestionRule")}
        />
      </div>
    </>
  );
}

/** A numeric criterion's unit, direction and profile field. */
function NumericFields({ criterion, at, err, note, onChange }: FieldsOf) {
  return (
    <div className="editor-row">
      <TextInput
        label="Unit"
        hint="For example “USD per day” or “minutes”."
        name={`${at}.unit`}
        value={criterion.unit}
        onChange={(unit) => onChange({ unit })}
        error={err("unit")}
        note={note("unit")}
      />
      <SelectInput
        label="Better values are"
        name={`${at}.direction`}
        value={criterion.direction}
        onChange={(value) => onChange({ direction: value as CriterionDraft["direction"] })}
        options={DIRECTIONS.map((d) => ({ value: d, label: CHECKLIST_LABELS.direction[d] }))}
        error={err("direction")}
        note={note("direction")}
      />
      <SelectInput
        label="Take the value from the profile"
        hint="Optional."
        name={`${at}.profileField`}
        value={criterion.profileField}
        onChange={(value) => onChange({ profileField: value as CriterionDraft["profileField"] })}
        note={note("profileField")}
        options={[
          { value: "", label: "No: a buyer admin enters it" },
          ...PROFILE_VALUE_FIELDS.map((f) => ({ value: f, label: CHECKLIST_LABELS.profileField[f] })),
        ]}
      />
    </div>
  );
}

function CriterionActions({ i, j, count, onAct, title }: CriterionEditorProps & { title: string }) {
  return (
    <div className="editor-actions">
      <IntentButton
        label={`Move ${title} up`}
        intent={{ type: "move-criterion", section: i, criterion: j, by: -1 }}
        onAct={onAct}
        disabled={j === 0}
      >
        Move up
      </IntentButton>
      <IntentButton
        label={`Move ${title} down`}
        intent={{ type: "move-criterion", section: i, criterion: j, by: 1 }}
        onAct={onAct}
        disabled={j === count - 1}
      >
        Move down
      </IntentButton>
      <IntentButton
        label={`Remove ${title}`}
        intent={{ type: "remove-criterion", section: i, criterion: j }}
        onAct={onAct}
        danger
      >
        Remove
      </IntentButton>
    </div>
  );
}
