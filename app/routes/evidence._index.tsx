import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { AddEvidenceSection } from "~/components/evidence/add-evidence";
import { OwnEvidenceTable, StorageUse } from "~/components/evidence/evidence-list";
import type { FormFailure } from "~/components/forms";
import { PageHeader } from "~/components/page";
import { formatBytes } from "~/domain/evidence-files";
import { todayUtc } from "~/domain/profile";
import { listClaimOptions } from "~/models/evidence/claims.server";
import { listOwnEvidence } from "~/models/evidence/own.server";
import { storageUse } from "~/models/evidence/storage.server";
import { isDated } from "~/models/evidence/visibility.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { addEvidenceAction } from "~/utils/evidence-actions.server";
import { formatDate } from "~/utils/format";
import { newIdempotencyKey } from "~/utils/idempotency.server";

type OwnEvidence = Awaited<ReturnType<typeof listOwnEvidence>>[number];

function periodOf(e: OwnEvidence): string | null {
  if (!e.effectiveFrom && !e.effectiveTo) return null;
  return `${e.effectiveFrom ? formatDate(e.effectiveFrom) : "…"} – ${e.effectiveTo ? formatDate(e.effectiveTo) : "…"}`;
}

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
        period: periodOf(e),
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
  const failure = useActionData<typeof action>() as FormFailure | undefined;
  return (
    <>
      <PageHeader
        title="Evidence"
        intro="Files and links that prove your claims. Buyers verify them; a verified claim weighs more than a badge."
      />
      <StorageUse storage={storage} />
      <OwnEvidenceTable items={items} />
      <AddEvidenceSection claims={claims} idempotencyKey={idempotencyKey} failure={failure} />
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Evidence · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
