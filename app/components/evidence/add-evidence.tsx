import { Link } from "@remix-run/react";
import { type ReactNode, useState } from "react";
import { MAX_EVIDENCE_TITLE_LENGTH } from "~/domain/evidence-limits";
import { EvidencePeriodFields, EvidenceSourceFields } from "../evidence-fields";
import { Field, FormAlert, type FormFailure, IdempotencyField, SelectField } from "../forms";
import { type UploadFailure, UploadForm } from "../upload-form";

/** A claim of the partner's profile, as an option of "Supports the claim". */
export interface ClaimChoice {
  value: string;
  label: string;
}

/** The fields of new evidence: the claim it supports, its title, the file or link, the period, who may see it. */
function NewEvidenceFields({
  claims,
  errors,
  values,
  restrictedLabel,
  visibilityHint,
  defaultVisibility,
}: {
  claims: ClaimChoice[];
  errors: Record<string, string | undefined>;
  values: Record<string, string>;
  restrictedLabel: string;
  visibilityHint?: string;
  defaultVisibility: "all_buyers" | "restricted";
}) {
  return (
    <>
      <SelectField
        label="Supports the claim"
        name="claim"
        options={[{ value: "", label: "Choose a claim" }, ...claims]}
        defaultValue={values.claim ?? ""}
        error={errors.claim}
      />
      <Field
        label="Title"
        name="title"
        required
        maxLength={MAX_EVIDENCE_TITLE_LENGTH}
        defaultValue={values.title}
        error={errors.title}
      />
      <EvidenceSourceFields errors={errors} values={values} />
      <EvidencePeriodFields errors={errors} values={values} />
      <SelectField
        label="Who may see it"
        name="visibility"
        options={[
          { value: "all_buyers", label: "All buyers" },
          { value: "restricted", label: restrictedLabel },
        ]}
        hint={visibilityHint}
        defaultValue={values.visibility ?? defaultVisibility}
        error={errors.visibility}
      />
    </>
  );
}

/** What shows of a failed upload: the progress-bar client's answer first, else the page post's. */
function useUploadFailure(failure: FormFailure | undefined) {
  const [xhrFailure, setXhrFailure] = useState<UploadFailure | undefined>();
  return {
    failed: Boolean(failure || xhrFailure),
    errors: xhrFailure?.errors ?? failure?.errors ?? {},
    values: failure?.values ?? {},
    formError: xhrFailure?.formError ?? failure?.formError,
    onFailure: setXhrFailure,
  };
}

/** Until the profile has a claim, evidence has nothing to attach to. */
function NoClaims({ children }: { children: ReactNode }) {
  return (
    <p>
      {children} <Link to="/profile">add claims to your profile</Link> first.
    </p>
  );
}

/** The Evidence page's "Add evidence" section: a plain multipart post, or XMLHttpRequest with a progress bar. */
export function AddEvidenceSection({
  claims,
  idempotencyKey,
  failure,
}: {
  claims: ClaimChoice[];
  idempotencyKey: string;
  failure: FormFailure | undefined;
}) {
  const { errors, values, formError, onFailure } = useUploadFailure(failure);
  return (
    <section className="card spaced" aria-labelledby="add-title">
      <h2 id="add-title">Add evidence</h2>
      {claims.length === 0 ? (
        <NoClaims>Evidence attaches to a claim:</NoClaims>
      ) : (
        <>
          <FormAlert message={formError} />
          <UploadForm
            action="/evidence?index"
            xhrAction="/evidence/upload"
            submitLabel="Add evidence"
            onFailure={onFailure}
          >
            <IdempotencyField value={idempotencyKey} />
            <NewEvidenceFields
              claims={claims}
              errors={errors}
              values={values}
              restrictedLabel="Restricted: only buyers you share it with when they ask"
              defaultVisibility="all_buyers"
            />
          </UploadForm>
        </>
      )}
    </section>
  );
}

/**
 * New evidence for an answer, through the evidence upload pipeline: a plain multipart post to the request's page
 * (`action`) without JavaScript, XMLHttpRequest with a progress bar otherwise; either way it comes back to the
 * request with the evidence ticked.
 */
export function AddEvidenceForAnswer({
  action,
  buyer,
  requestId,
  claims,
  idempotencyKey,
  failure,
}: {
  action: string;
  buyer: string;
  requestId: string;
  claims: ClaimChoice[];
  idempotencyKey: string;
  failure: FormFailure | undefined;
}) {
  const { failed, errors, values, formError, onFailure } = useUploadFailure(failure);
  return (
    <details className="request-add-evidence" open={failed ? true : undefined}>
      <summary>Add new evidence for this answer (a file or a link)</summary>
      {claims.length === 0 ? (
        <NoClaims>Evidence attaches to a claim of your profile:</NoClaims>
      ) : (
        <>
          <FormAlert message={formError} />
          <UploadForm
            action={action}
            xhrAction="/evidence/upload"
            submitLabel="Add evidence"
            onFailure={onFailure}
            // The request page's primary action is "Send answer".
            primary={false}
          >
            <IdempotencyField value={idempotencyKey} />
            <input type="hidden" name="request" value={requestId} />
            <NewEvidenceFields
              claims={claims}
              errors={errors}
              values={values}
              restrictedLabel="Restricted: only buyers you share it with"
              visibilityHint={`Restricted evidence goes to ${buyer} alone, when you send this answer with it.`}
              defaultVisibility="restricted"
            />
          </UploadForm>
        </>
      )}
    </details>
  );
}
