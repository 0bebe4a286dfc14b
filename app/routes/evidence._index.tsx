import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidencePeriodFields, EvidenceSourceFields } from "~/components/evidence-fields";
import { Field, FormAlert, IdempotencyField, SelectField } from "~/components/forms";
import { EmptyState, PageHeader } from "~/components/page";
import { type UploadFailure, UploadForm } from "~/components/upload-form";
import { formatBytes } from "~/domain/evidence-files";
import { todayUtc } from "~/domain/profile";
import {
  isDated,
  listClaimOptions,
  listOwnEvidence,
  MAX_EVIDENCE_TITLE_LENGTH,
} from "~/models/evidence.server";
import { addEvidenceAction } from "~/models/evidence-actions.server";
import { storageUse } from "~/models/evidence-storage.server";
import { authorize } from "~/utils/access.server";
import { formatDate } from "~/utils/format";
import { newIdempotencyKey } from "~/utils/idempotency.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const [items, claims, storage] = await Promise.all([
    listOwnEvidence(viewer.organisationId),
    listClaimOptions(viewer.organisationId),
    storageUse(viewer.organisationId),
  ]);
  const claimLabel = new Map(claims.map((c) => [c.value, c.label]));
  const today = todayUtc();
  return {
    idempotencyKey: newIdempotencyKey(),
    storage: {
      used: storage.usedBytes,
      quota: storage.quotaBytes,
      text: `${formatBytes(storage.usedBytes)} of ${formatBytes(storage.quotaBytes)} used`,
    },
    claims: claims.map((c) => ({ value: c.value, label: c.label })),
    items: items.map((e) => {
      const current = e.versions[0];
      return {
        id: e.id,
        title: e.title,
        claim: claimLabel.get(`${e.claimKind}:${e.claimId ?? ""}`) ?? "A claim that was removed",
        restricted: e.visibility === "restricted",
        dated: isDated(e.effectiveTo, today),
        period:
          e.effectiveFrom || e.effectiveTo
            ? `${e.effectiveFrom ? formatDate(e.effectiveFrom) : "…"} – ${e.effectiveTo ? formatDate(e.effectiveTo) : "…"}`
            : null,
        versions: e.versions.length,
        current: current
          ? {
              number: current.number,
              what: current.url ?? `${current.fileName} · ${formatBytes(current.sizeBytes ?? 0)}`,
              verified: current.verdicts.verified,
              rejected: current.verdicts.rejected,
            }
          : null,
      };
    }),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  return addEvidenceAction(request, "page");
}

export default function EvidencePage() {
  const { items, claims, idempotencyKey, storage } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | { errors: Record<string, string | undefined>; values: Record<string, string>; formError?: string }
    | undefined;
  const [failure, setFailure] = useState<UploadFailure | undefined>();
  const errors = failure?.errors ?? actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const formError = failure?.formError ?? actionData?.formError;
  return (
    <>
      <PageHeader
        title="Evidence"
        intro="Files and links that prove your claims. Buyers verify them; a verified claim weighs more than a badge."
      />
      <section className="storage-use" aria-labelledby="storage-title">
        <h2 id="storage-title" className="storage-use-title">
          Storage
        </h2>
        <meter
          className="storage-meter"
          min={0}
          max={storage.quota}
          value={storage.used}
          high={storage.quota * 0.9}
          aria-labelledby="storage-title"
          aria-describedby="storage-text"
        />
        <p id="storage-text" className="muted">
          {storage.text}. Every version of every file counts.
        </p>
      </section>
      {items.length === 0 ? (
        <EmptyState icon="▤" title="No evidence uploaded yet">
          <p>Attach evidence to a claim of your profile below: an audit report, a case study, a runbook.</p>
        </EmptyState>
      ) : (
        <div className="table-wrap">
          <table className="table-stack">
            <caption className="visually-hidden">Your evidence</caption>
            <thead>
              <tr>
                <th scope="col">Evidence</th>
                <th scope="col">Supports</th>
                <th scope="col">Current version</th>
                <th scope="col">Buyers' verdicts</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <td data-label="Evidence">
                    <span>
                      <Link to={`/evidence/${e.id}`}>{e.title}</Link>{" "}
                      {e.restricted ? <span className="badge badge-neutral">restricted</span> : null}{" "}
                      {e.dated ? <span className="status status-expired">dated</span> : null}
                      {e.period ? <span className="evidence-meta"> · {e.period}</span> : null}
                    </span>
                  </td>
                  <td data-label="Supports">{e.claim}</td>
                  <td data-label="Current version">
                    {e.current ? `v${e.current.number}: ${e.current.what}` : "—"}
                  </td>
                  <td data-label="Verdicts">
                    {e.current
                      ? `Verified by ${e.current.verified} ${e.current.verified === 1 ? "buyer" : "buyers"}, rejected by ${e.current.rejected}`
                      : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <section className="card spaced" aria-labelledby="add-title">
        <h2 id="add-title">Add evidence</h2>
        {claims.length === 0 ? (
          <p>
            Evidence attaches to a claim: <Link to="/profile">add claims to your profile</Link> first.
          </p>
        ) : (
          <>
            <FormAlert message={formError} />
            <UploadForm
              action="/evidence?index"
              xhrAction="/evidence/upload"
              submitLabel="Add evidence"
              onFailure={setFailure}
            >
              <IdempotencyField value={idempotencyKey} />
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
                  { value: "restricted", label: "Restricted: only buyers you share it with when they ask" },
                ]}
                defaultValue={values.visibility ?? "all_buyers"}
                error={errors.visibility}
              />
            </UploadForm>
          </>
        )}
      </section>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Evidence · PartnerLens" }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
