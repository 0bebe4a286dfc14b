import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { EvidencePeriodFields, EvidenceSourceFields } from "~/components/evidence-fields";
import { Field, FormAlert, SelectField, SubmitButton } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { type UploadFailure, UploadForm } from "~/components/upload-form";
import { formatBytes } from "~/domain/evidence-files";
import { todayUtc } from "~/domain/profile";
import {
  deleteEvidence,
  evidenceEditSchema,
  isDated,
  listClaimOptions,
  listOwnEvidence,
  MAX_EVIDENCE_TITLE_LENGTH,
  updateEvidenceDetails,
} from "~/models/evidence.server";
import { newVersionAction } from "~/models/evidence-actions.server";
import { VersionConflict } from "~/models/team.server";
import { authorize, found } from "~/utils/access.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";
import { notFound } from "~/utils/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const [items, claims] = await Promise.all([
    listOwnEvidence(viewer.organisationId, params.evidenceId ?? ""),
    listClaimOptions(viewer.organisationId),
  ]);
  const e = found(items[0]);
  const claim = claims.find((c) => c.value === `${e.claimKind}:${e.claimId ?? ""}`);
  return {
    evidence: {
      id: e.id,
      title: e.title,
      kind: e.kind as "file" | "link",
      claim: claim?.label ?? "A claim that was removed",
      effectiveFrom: e.effectiveFrom ?? "",
      effectiveTo: e.effectiveTo ?? "",
      visibility: e.visibility,
      dated: isDated(e.effectiveTo, todayUtc()),
      version: e.version,
    },
    versions: e.versions.map((v, i) => ({
      id: v.id,
      number: v.number,
      current: i === 0,
      added: formatDate(v.createdAt),
      fileName: v.fileName,
      size: v.sizeBytes === null ? null : formatBytes(v.sizeBytes),
      sha256: v.sha256,
      url: v.url,
      verified: v.verdicts.verified,
      rejected: v.verdicts.rejected,
      notes: v.verdicts.notes,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await authorize(request, { kind: "partner" });
  const actor = { userId: viewer.userId, organisationId: viewer.organisationId };
  const evidenceId = params.evidenceId ?? "";
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return newVersionAction(request, evidenceId, "page");
  }
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "save") {
      const parsed = parseForm(form, evidenceEditSchema);
      if (!parsed.ok) return parsed.response;
      const saved = await updateEvidenceDetails(actor, evidenceId, parsed.data);
      if (!saved) notFound();
      return { ok: true as const, message: "Saved." };
    }
    if (intent === "delete") {
      const deleted = await deleteEvidence(actor, evidenceId, Number(form.get("version")));
      if (!deleted) notFound();
      throw redirect("/evidence");
    }
  } catch (error) {
    if (error instanceof VersionConflict) {
      return data({ ok: false as const, errors: {}, values: {}, formError: error.message }, { status: 409 });
    }
    throw error;
  }
  return data({ ok: false as const, errors: {}, values: {}, formError: "Unknown action." }, { status: 400 });
}

export default function EvidenceItemPage() {
  const { evidence: e, versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    | {
        ok: boolean;
        message?: string;
        errors?: Record<string, string | undefined>;
        values?: Record<string, string>;
        formError?: string;
      }
    | undefined;
  const [searchParams] = useSearchParams();
  const [failure, setFailure] = useState<UploadFailure | undefined>();
  const errors = failure?.errors ?? actionData?.errors ?? {};
  const values: Record<string, string> = actionData?.values ?? {};
  const notice = searchParams.get("added")
    ? "Evidence added."
    : searchParams.get("version")
      ? `Version ${searchParams.get("version")} uploaded. Buyers see it unverified until they check it again.`
      : actionData?.message;
  return (
    <>
      <p>
        <Link to="/evidence">← Evidence</Link>
      </p>
      <PageHeader title={e.title} intro={`Supports: ${e.claim}`} />
      {notice ? (
        <div className="alert alert-success" role="status">
          {notice}
        </div>
      ) : null}
      <FormAlert message={failure?.formError ?? actionData?.formError} />
      <div className="grid">
        <section className="card" aria-labelledby="versions-title">
          <h2 id="versions-title">Versions</h2>
          <ul className="version-list">
            {versions.map((v) => (
              <li key={v.id}>
                <strong>v{v.number}</strong> {v.current ? <span className="badge">current</span> : null} ·
                added {v.added}
                <br />
                {v.url ? (
                  <a href={v.url} rel="noopener noreferrer nofollow" target="_blank">
                    {v.url}
                  </a>
                ) : (
                  <>
                    <a href={`/evidence-files/${v.id}`} download>
                      {v.fileName}
                    </a>{" "}
                    <span className="evidence-meta">
                      {v.size} · SHA-256 {v.sha256?.slice(0, 12)}…
                    </span>
                  </>
                )}
                <br />
                <span className="evidence-meta">
                  Verified by {v.verified} {v.verified === 1 ? "buyer" : "buyers"}, rejected by {v.rejected}
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
        <section className="card" aria-labelledby="new-version-title">
          <h2 id="new-version-title">{e.kind === "file" ? "Replace the file" : "Change the link"}</h2>
          <p className="hint">
            Earlier versions stay listed. The new version starts unverified for every buyer.
          </p>
          <UploadForm
            action={`/evidence/${e.id}`}
            xhrAction={`/evidence/${e.id}/upload`}
            submitLabel="Upload new version"
            onFailure={setFailure}
          >
            <input type="hidden" name="version" value={e.version} />
            <EvidenceSourceFields errors={errors} values={values} fixedKind={e.kind} />
          </UploadForm>
        </section>
      </div>
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
          <SubmitButton pendingText="Saving…">Save details</SubmitButton>
        </Form>
      </section>
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
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.evidence.title ?? "Evidence"} · PartnerLens` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
