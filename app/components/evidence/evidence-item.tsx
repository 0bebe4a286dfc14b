import { Form } from "@remix-run/react";
import { MAX_EVIDENCE_TITLE_LENGTH } from "~/domain/evidence-limits";
import { plural } from "~/utils/format";
import { EvidencePeriodFields, EvidenceSourceFields } from "../evidence-fields";
import { Field, SelectField, SubmitButton } from "../forms";
import { type UploadFailure, UploadForm } from "../upload-form";

/** A piece of the partner's own evidence, as its page shows it. */
export interface OwnEvidenceDetails {
  id: string;
  title: string;
  kind: "file" | "link";
  claim: string;
  effectiveFrom: string;
  effectiveTo: string;
  visibility: "all_buyers" | "restricted";
  dated: boolean;
  version: number;
}

/** One version of it: a file or a link, with the buyers' verdicts (counts and rejection notes, never which buyer). */
export interface OwnEvidenceVersion {
  id: string;
  number: number;
  current: boolean;
  added: string;
  fileName: string | null;
  size: string | null;
  sha256: string | null;
  url: string | null;
  verified: number;
  rejected: number;
  notes: string[];
}

type Errors = Record<string, string | undefined>;

function VersionContent({ version: v }: { version: OwnEvidenceVersion }) {
  if (v.url) {
    return (
      <a href={v.url} rel="noopener noreferrer nofollow" target="_blank">
        {v.url}
      </a>
    );
  }
  return (
    <>
      <a href={`/evidence-files/${v.id}`} download>
        {v.fileName}
      </a>{" "}
      <span className="evidence-meta">
        {v.size} · SHA-256 {v.sha256?.slice(0, 12)}…
      </span>
    </>
  );
}

/** Every version, newest first, each with what buyers made of it. */
export function VersionList({ versions }: { versions: OwnEvidenceVersion[] }) {
  return (
    <section className="card" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <ul className="version-list">
        {versions.map((v) => (
          <li key={v.id}>
            <strong>v{v.number}</strong> {v.current ? <span className="badge">current</span> : null} · added{" "}
            {v.added}
            <br />
            <VersionContent version={v} />
            <br />
            <span className="evidence-meta">
              Verified by {plural(v.verified, "buyer", "buyers")}, rejected by {v.rejected}
            </span>
            {v.notes.length > 0 ? (
              <ul>
                {v.notes.map((n) => (
                  <li key={n}>Rejection note: “{n}”</li>
                ))}
              </ul>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** A new file or link (the evidence keeps its kind), through the upload pipeline. */
export function NewVersionSection({
  evidence: e,
  errors,
  values,
  onFailure,
}: {
  evidence: OwnEvidenceDetails;
  errors: Errors;
  values: Record<string, string>;
  onFailure: (failure: UploadFailure) => void;
}) {
  return (
    <section className="card" aria-labelledby="new-version-title">
      <h2 id="new-version-title">{e.kind === "file" ? "Replace the file" : "Change the link"}</h2>
      <p className="hint">Earlier versions stay listed. The new version starts unverified for every buyer.</p>
      <UploadForm
        action={`/evidence/${e.id}`}
        xhrAction={`/evidence/${e.id}/upload`}
        submitLabel="Upload new version"
        onFailure={onFailure}
      >
        <input type="hidden" name="version" value={e.version} />
        <EvidenceSourceFields errors={errors} values={values} fixedKind={e.kind} />
      </UploadForm>
    </section>
  );
}

/** Title, period and visibility; `values` are what was typed, when the save was refused. */
export function DetailsSection({
  evidence: e,
  errors,
  values,
}: {
  evidence: OwnEvidenceDetails;
  errors: Errors;
  values: Record<string, string>;
}) {
  return (
    <section className="card spaced" aria-labelledby="details-title">
      <h2 id="details-title">Details</h2>
      {e.dated ? (
        <p className="status status-expired">Dated: its period ended more than 24 months ago.</p>
      ) : null}
      <Form method="post" key={e.version}>
        <input type="hidden" name="intent" value="save" />
        <input type="hidden" name="version" value={e.version} />
        <Field
          label="Title"
          name="title"
          required
          maxLength={MAX_EVIDENCE_TITLE_LENGTH}
          defaultValue={values.title ?? e.title}
          error={errors.title}
        />
        <EvidencePeriodFields
          errors={errors}
          values={{
            effectiveFrom: values.effectiveFrom ?? e.effectiveFrom,
            effectiveTo: values.effectiveTo ?? e.effectiveTo,
          }}
        />
        <SelectField
          label="Who may see it"
          name="visibility"
          options={[
            { value: "all_buyers", label: "All buyers" },
            { value: "restricted", label: "Restricted: only buyers you share it with when they ask" },
          ]}
          defaultValue={values.visibility ?? e.visibility}
          error={errors.visibility}
        />
        <SubmitButton pendingText="Saving…" className="btn btn-secondary">
          Save details
        </SubmitButton>
      </Form>
    </section>
  );
}

/** Deleting hides the evidence from buyers and the directory, after a confirmation. */
export function DeleteSection({ evidence: e }: { evidence: OwnEvidenceDetails }) {
  return (
    <section className="card spaced danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete</h2>
      <p className="hint">
        Buyers and the directory no longer see it; decision records that cited it keep it.
      </p>
      <details className="confirm">
        <summary className="btn btn-secondary">Delete this evidence…</summary>
        <Form method="post" className="confirm-body">
          <input type="hidden" name="intent" value="delete" />
          <input type="hidden" name="version" value={e.version} />
          <button type="submit" className="btn btn-danger">
            Yes, delete “{e.title}”
          </button>
        </Form>
      </details>
    </section>
  );
}
