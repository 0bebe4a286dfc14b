import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  DeleteSection,
  DetailsSection,
  NewVersionSection,
  VersionList,
} from "~/components/evidence/evidence-item";
import { FormAlert } from "~/components/forms";
import { PageHeader } from "~/components/page";
import type { UploadFailure } from "~/components/upload-form";
import { formatBytes } from "~/domain/evidence-files";
import { todayUtc } from "~/domain/profile";
import { listClaimOptions } from "~/models/evidence/claims.server";
import { listOwnEvidence } from "~/models/evidence/own.server";
import { evidenceEditSchema } from "~/models/evidence/schemas.server";
import { isDated } from "~/models/evidence/visibility.server";
import { deleteEvidence, updateEvidenceDetails } from "~/models/evidence/write.server";
import { authorize, found } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failureAnswer, InputError, NotFound } from "~/utils/errors.server";
import { newVersionAction } from "~/utils/evidence-actions.server";
import { formatDate } from "~/utils/format";
import { parseForm } from "~/utils/forms.server";

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
      if (!(await updateEvidenceDetails(actor, evidenceId, parsed.data))) throw new NotFound();
      return { ok: true as const, message: "Saved." };
    }
    if (intent !== "delete") throw new InputError({}, "Unknown action.");
    if (!(await deleteEvidence(actor, evidenceId, Number(form.get("version"))))) throw new NotFound();
  } catch (error) {
    return failureAnswer(error, form);
  }
  throw redirect("/evidence");
}

interface PostAnswer {
  ok: boolean;
  message?: string;
  errors?: Record<string, string | undefined>;
  values?: Record<string, string>;
  formError?: string;
  /** Set after a stale version: the page then shows what is stored now, not what was typed. */
  conflict?: unknown;
}

export default function EvidenceItemPage() {
  const { evidence: e, versions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as PostAnswer | undefined;
  const [searchParams] = useSearchParams();
  const [failure, setFailure] = useState<UploadFailure | undefined>();
  const errors = failure?.errors ?? actionData?.errors ?? {};
  const values: Record<string, string> = (actionData?.conflict ? undefined : actionData?.values) ?? {};
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
        <VersionList versions={versions} />
        <NewVersionSection evidence={e} errors={errors} values={values} onFailure={setFailure} />
      </div>
      <DetailsSection evidence={e} errors={errors} values={values} />
      <DeleteSection evidence={e} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: `${data?.evidence.title ?? "Evidence"} · PartnerLens` },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
