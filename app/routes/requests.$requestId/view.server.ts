// What the request's page shows a partner: the request as the partner may read it, its own answer, its evidence to
// attach (the one just added ticked) and the claims new evidence can support.
import { CLAIM_KIND_LABELS, listClaimOptions } from "~/models/evidence/claims.server";
import {
  getRequestForPartner,
  listAnswerableEvidence,
  type PartnerRequest,
} from "~/models/evidence-requests/partner.server";
import { REQUEST_STATUS_LABELS } from "~/models/evidence-requests/rules.server";
import type { Viewer } from "~/utils/access.server";
import { found } from "~/utils/access.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { newIdempotencyKey } from "~/utils/idempotency.server";

type Own = Awaited<ReturnType<typeof listAnswerableEvidence>>[number];

function requestView(req: PartnerRequest, own: Own[], attached: Set<string>) {
  return {
    id: req.id,
    buyer: req.buyer,
    criterion: req.criterion,
    question: req.question,
    message: req.message,
    due: formatDate(`${req.dueOn}T12:00:00Z`),
    timeZone: req.buyerTimeZone.replaceAll("_", " "),
    askedAt: formatDate(req.askedAt, req.buyerTimeZone),
    status: req.status,
    statusLabel: REQUEST_STATUS_LABELS[req.status],
    overdue: req.overdue,
    version: req.version,
    answer: req.answeredAt
      ? {
          by: req.answeredBy ?? "A former member",
          at: formatDateTime(req.answeredAt),
          note: req.answerNote ?? "",
          evidence: own.filter((e) => attached.has(e.id)).map((e) => e.title),
        }
      : null,
  };
}

/**
 * The page's data; a 404 for a request not addressed to the viewer's organisation. Evidence just added from this
 * page (`addedId`) comes back ticked (and, when restricted, with the share box ticked).
 */
export async function requestPage(viewer: Viewer, requestId: string, addedId: string | null) {
  const [r, own, claims] = await Promise.all([
    getRequestForPartner(viewer.organisationId, requestId),
    listAnswerableEvidence(viewer.organisationId),
    listClaimOptions(viewer.organisationId),
  ]);
  const req = found(r);
  const attached = new Set(req.answerEvidenceIds);
  const added = own.find((e) => e.id === addedId);
  return {
    idempotencyKey: newIdempotencyKey(),
    request: requestView(req, own, attached),
    added: added ? { id: added.id, title: added.title, restricted: added.restricted } : null,
    claims: claims.map((c) => ({ value: c.value, label: c.label })),
    evidence: own.map((e) => ({
      id: e.id,
      title: e.title,
      claim: CLAIM_KIND_LABELS[e.claimKind],
      restricted: e.restricted,
      attached: attached.has(e.id) || e.id === added?.id,
    })),
  };
}
