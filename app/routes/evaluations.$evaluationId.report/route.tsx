import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ChartsSection, RankingSection, SensitivitySection } from "~/components/report/report-comparison";
import { ContextSection, DecisionSection, ReportHead } from "~/components/report/report-head";
import {
  AuditSection,
  ChecklistSection,
  EvidenceSection,
  PeopleSection,
} from "~/components/report/report-record";
import type { ReportView } from "~/components/report/types";
import { comparisonExportOf, exportAccess } from "~/models/record-exports.server";
import reportStyles from "~/styles/report.css";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failurePage } from "~/utils/errors.server";
import { useHydrated } from "~/utils/hydrated";
import { cssString, type RootStyleHandle } from "~/utils/root-style";
import { reportView } from "./view.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

// The printable decision report (docs/product.md "Exports"): context, checklist with weights, comparison, charts,
// sensitivity, decision and rationale, declarations, who scored, the cited evidence, an audit summary. From review
// on (a draft until decided), for those who may see the comparison; a decided evaluation's comes from its frozen
// record. The charts are drawn on the server as SVG at a fixed size (each with its figures in words for assistive
// technology), so the page prints as it loads and the browser never loads the charts' code.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const evaluation = await exportAccess(viewer, params.evaluationId).catch(failurePage);
  const { export: x } = await comparisonExportOf(viewer, evaluation).catch(failurePage);
  return reportView(x, viewer.orgTimeZone);
}

// On paper every page carries a running header (organisation, evaluation, status), "Page N of M" and, until the
// evaluation is decided, DRAFT: @page margin boxes (report.css) read these custom properties from the root element.
export const handle: RootStyleHandle = {
  rootStyle: (data) => {
    const e = (data as { evaluation?: ReportView["evaluation"] } | undefined)?.evaluation;
    if (!e) return undefined;
    return {
      "--report-running": cssString(`${e.buyer} · ${e.name} · ${e.status}`),
      ...(e.frozen ? {} : { "--report-draft": cssString("DRAFT: not decided") }),
    };
  },
};

export default function ReportPage() {
  const hydrated = useHydrated();
  const d = useLoaderData<typeof loader>();
  return (
    <article className="report">
      <p className="back no-print">
        <Link to={`/evaluations/${d.evaluation.id}`}>← {d.evaluation.name}</Link>
      </p>
      <ReportHead evaluation={d.evaluation} files={d.files} hydrated={hydrated} />

      <DecisionSection decision={d.decision} />
      <ContextSection context={d.evaluation.context} />
      <RankingSection summary={d.summary} sections={d.sections} withdrawn={d.withdrawn} />
      <ChartsSection charts={d.charts} />
      <SensitivitySection stability={d.stability} win={d.win} />
      <ChecklistSection checklist={d.checklist} />
      <PeopleSection evaluators={d.evaluators} declarations={d.declarations} />
      <EvidenceSection evidence={d.evidence} />
      <AuditSection audit={d.audit} />
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `Decision report: ${data.evaluation.name} · PartnerLens` : "PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
