import { useId, useState } from "react";
import { DropZone } from "~/components/ui/drop-zone";
import { ACCEPT_ATTRIBUTE, ACCEPTED_LABELS } from "~/domain/evidence-files";
import { Field, FieldError } from "./forms";

/** The file-or-link choice of an evidence form; without JavaScript both inputs show and the radio decides. */
export function EvidenceSourceFields({
  errors,
  values,
  fixedKind,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  /** A new version keeps the evidence's kind. */
  fixedKind?: "file" | "link";
}) {
  const [source, setSource] = useState(fixedKind ?? (values.source === "link" ? "link" : "file"));
  return (
    <>
      {fixedKind ? (
        <input type="hidden" name="source" value={fixedKind} />
      ) : (
        <fieldset className="field">
          <legend>Evidence is</legend>
          <div className="choice-cards">
            <label className="choice-card">
              <input
                type="radio"
                name="source"
                value="file"
                checked={source === "file"}
                onChange={() => setSource("file")}
              />
              <span>
                <strong>A file</strong>
                <small>{ACCEPTED_LABELS}, up to 20 MB</small>
              </span>
            </label>
            <label className="choice-card">
              <input
                type="radio"
                name="source"
                value="link"
                checked={source === "link"}
                onChange={() => setSource("link")}
              />
              <span>
                <strong>A link</strong>
                <small>Shown to buyers as a link; never fetched</small>
              </span>
            </label>
          </div>
        </fieldset>
      )}
      <div className="field" hidden={source !== "file"}>
        <label htmlFor="evidence-file">File</label>
        <p className="hint" id="evidence-file-hint">
          {ACCEPTED_LABELS}; at most 20 MB. The type is checked from the file's content.
        </p>
        <DropZone
          id="evidence-file"
          label="Choose a file"
          hint="or drop it here"
          name="file"
          accept={ACCEPT_ATTRIBUTE}
          aria-describedby="evidence-file-hint evidence-file-error"
          aria-invalid={errors.file ? true : undefined}
        />
        <FieldError id="evidence-file-error" error={errors.file} />
      </div>
      <div hidden={source !== "link"}>
        <Field
          label="Link"
          name="url"
          type="url"
          placeholder="https://"
          defaultValue={values.url}
          error={errors.url}
        />
      </div>
    </>
  );
}

/**
 * The period a piece of evidence proves (both ends optional), one group with its hint above both dates, so that the
 * two inputs line up.
 */
export function EvidencePeriodFields({
  errors,
  values,
}: {
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
}) {
  const hintId = `${useId()}-hint`;
  return (
    <fieldset className="field" aria-describedby={hintId}>
      <legend>The period it proves (optional)</legend>
      <p className="hint" id={hintId}>
        A period that ended more than 24 months ago is shown as dated.
      </p>
      <div className="grid">
        <Field
          label="From"
          name="effectiveFrom"
          type="date"
          defaultValue={values.effectiveFrom}
          error={errors.effectiveFrom}
        />
        <Field
          label="To"
          name="effectiveTo"
          type="date"
          defaultValue={values.effectiveTo}
          error={errors.effectiveTo}
        />
      </div>
    </fieldset>
  );
}
