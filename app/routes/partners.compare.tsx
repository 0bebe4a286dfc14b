import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { credentialState, LABELS, todayUtc } from "~/domain/profile";
import { profileHeadline } from "~/models/directory.server";
import { isUuid } from "~/models/member.server";
import { getPartnerProfiles, type PartnerProfile } from "~/models/partner.server";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { formatDate, formatDuration, plural } from "~/utils/format";

const COMPARE_MIN = 2;
const COMPARE_MAX = 4;

const yesNo = (value: boolean) => (value ? "Yes" : "No");
const list = (items: string[]) => (items.length ? items.join(", ") : "None");

/** Distinct values ignoring case, in the order first met, keeping the first spelling. */
function distinct(values: string[]): string[] {
  const seen = new Map<string, string>();
  for (const v of values) {
    const key = v.trim().toLowerCase();
    if (key && !seen.has(key)) seen.set(key, v.trim());
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b, "en", { sensitivity: "base" }));
}

/** The claims compared, one row each, in the order a buyer reads them. */
function compareRows(profiles: PartnerProfile[], today: string) {
  const row = (label: string, cell: (p: PartnerProfile) => string) => ({ label, cells: profiles.map(cell) });
  const notStated = "Not stated";
  return [
    row("Tier", (p) => (p.membership ? LABELS.tier[p.membership.tier] : notStated)),
    row("Member since", (p) =>
      p.membership?.memberSince ? formatDate(`${p.membership.memberSince}T00:00:00Z`, "UTC") : notStated,
    ),
    row("Forward Deployed Experts", (p) =>
      p.membership ? yesNo(p.membership.forwardDeployedExperts) : notStated,
    ),
    row("Current specializations", (p) => list(profileHeadline(p, today).currentSpecializations)),
    row("Certifications current / expired", (p) => {
      const expired = p.certifications.filter(
        (c) => credentialState(c.expiresOn, today) === "expired",
      ).length;
      return `${p.certifications.length - expired} / ${expired}`;
    }),
    row("Production references", (p) => String(profileHeadline(p, today).productionReferences)),
    row("Pilot references", (p) => String(profileHeadline(p, today).pilotReferences)),
    row("Industries", (p) => list(distinct(p.references.map((r) => r.industry)))),
    row("Customer sizes", (p) =>
      list(
        [...new Set(p.references.map((r) => r.sizeBand))]
          .sort((a, b) => SIZE_ORDER.indexOf(a) - SIZE_ORDER.indexOf(b))
          .map((s) => LABELS.sizeBand[s]),
      ),
    ),
    row("Use cases", (p) => list([...new Set(p.references.map((r) => LABELS.useCase[r.useCase]))].sort())),
    row("Model providers in production", (p) =>
      list(
        p.providers
          .filter((c) => c.productionDeployments >= 1)
          .map((c) => `${LABELS.provider[c.provider]} (${c.productionDeployments})`),
      ),
    ),
    row("Support hours", (p) => (p.support ? LABELS.supportHours[p.support.supportHours] : notStated)),
    row("P1 response", (p) => (p.support ? formatDuration(p.support.p1ResponseMinutes) : notStated)),
    row("P1 resolution", (p) => (p.support ? formatDuration(p.support.p1ResolutionHours * 60) : notStated)),
    row("Warranty", (p) => (p.support ? plural(p.support.warrantyDays, "day", "days") : notStated)),
    row("Maintenance model", (p) => (p.support ? LABELS.maintenance[p.support.maintenanceModel] : notStated)),
    row("Rollback and kill-switch runbook", (p) =>
      p.support ? yesNo(p.support.rollbackRunbook) : notStated,
    ),
    row("Monitoring and evaluation loops", (p) =>
      p.support ? yesNo(p.support.monitoringIncluded) : notStated,
    ),
    row("Knowledge transfer", (p) => (p.support ? yesNo(p.support.knowledgeTransfer) : notStated)),
    row("Practice documents", (p) => String(p.documents.length)),
  ];
}

const SIZE_ORDER = ["<200", "200-999", "1k-5k", "5k-20k", "20k+"];

function refuse(problem: string, status: number) {
  return data(
    {
      problem,
      partners: [] as { id: string; name: string }[],
      rows: [] as { label: string; cells: string[] }[],
    },
    { status },
  );
}

export async function loader({ request }: LoaderFunctionArgs) {
  await authorize(request);
  const ids = new URL(request.url).searchParams.getAll("id").map((id) => id.trim().toLowerCase());
  if (ids.length < COMPARE_MIN || ids.length > COMPARE_MAX)
    return refuse(
      `Choose ${COMPARE_MIN} to ${COMPARE_MAX} partners to compare (${ids.length} chosen). Tick them in the directory.`,
      400,
    );
  if (new Set(ids).size !== ids.length) return refuse("Each partner can be chosen only once.", 400);
  if (!ids.every(isUuid)) return refuse("One of the links to a partner is malformed.", 400);
  const profiles = await getPartnerProfiles(ids);
  if (profiles.length !== ids.length)
    return refuse("One of the partners chosen was not found: it may have left PartnerLens.", 404);
  return {
    problem: null as string | null,
    partners: profiles.map((p) => ({ id: p.id, name: p.name })),
    rows: compareRows(profiles, todayUtc()),
  };
}

export default function ComparePage() {
  const d = useLoaderData<typeof loader>();
  return (
    <>
      <p className="muted">
        <Link to="/partners">← All partners</Link>
      </p>
      <PageHeader
        title="Compare partners"
        intro="Their claims side by side. Claims are the partners' own statements; expired credentials count as absent."
      />
      {d.problem ? (
        <div className="alert alert-error" role="alert">
          {d.problem} <Link to="/partners">Back to the directory</Link>
        </div>
      ) : (
        <div className="table-wrap compare-wrap">
          <table className="compare-table">
            <caption className="visually-hidden">
              Claims of {d.partners.map((p) => p.name).join(", ")}
            </caption>
            <thead>
              <tr>
                <th scope="col">Claim</th>
                {d.partners.map((p) => (
                  <th scope="col" key={p.id}>
                    <Link to={`/partners/${p.id}`}>{p.name}</Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {d.rows.map((r) => (
                <tr key={r.label}>
                  <th scope="row">{r.label}</th>
                  {r.cells.map((cell, i) => (
                    <td key={d.partners[i].id}>{cell}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export const meta: MetaFunction = withErrorTitle(() => [{ title: "Compare partners · PartnerLens" }]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
