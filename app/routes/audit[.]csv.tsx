import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportAuditEvents, parseAuditQuery } from "~/models/audit.server";
import { auditNamesFor } from "~/models/audit-names.server";
import { listMembers } from "~/models/member.server";
import { authorize } from "~/utils/access.server";
import { describeAuditEvent } from "~/utils/audit-words";
import { toCsv } from "~/utils/csv";

// The audit log as CSV, with the same filters as the page (invalid ones ignored, as the page shows). The description
// is the page's sentence and its changes in words; the ids stay in their own columns, with the stored JSON.
export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { roles: ["admin"] });
  const members = await listMembers({ organisationId: viewer.organisationId });
  const query = parseAuditQuery(new URL(request.url).searchParams, {
    organisationId: viewer.organisationId,
    timeZone: viewer.orgTimeZone,
    memberIds: new Set(members.map((m) => m.userId)),
  });
  const rows = await exportAuditEvents(query.filter);
  const names = await auditNamesFor({ organisationId: viewer.organisationId, kind: viewer.orgKind }, rows);
  const csv = toCsv(
    ["at (UTC)", "person", "e-mail", "action", "description", "entity type", "entity id", "before", "after"],
    rows.map((e) => [
      e.at.toISOString(),
      e.actorName ?? "",
      e.actorEmail ?? "",
      e.action,
      description(describeAuditEvent(e, names)),
      e.entityType,
      e.entityId,
      e.before === null ? "" : JSON.stringify(e.before),
      e.after === null ? "" : JSON.stringify(e.after),
    ]),
  );
  const day = new Date().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="audit-log-${day}.csv"`,
      "Cache-Control": "private, no-store",
    },
  });
}

function description(words: { sentence: string; changes: string[] }): string {
  return [words.sentence, ...words.changes].join(". ");
}
