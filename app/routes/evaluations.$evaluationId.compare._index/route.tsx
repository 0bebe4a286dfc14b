import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useMemo } from "react";
import { ComparisonCharts } from "~/components/comparison/compare-charts";
import { CompareHead, Robustness, WithdrawnList } from "~/components/comparison/compare-summary";
import { DerivationDialog, useDerivationDialog } from "~/components/comparison/derivation-dialog";
import { EvidenceNote } from "~/components/comparison/evidence-note";
import { ComparisonMatrix, MatrixLegend } from "~/components/comparison/matrix";
import { useAfterPaint, useOpenRows, useWhatIf } from "~/components/comparison/use-comparison";
import { WhatIfPanel } from "~/components/comparison/what-if";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { winProbability } from "~/domain/scoring/win-probability";
import { comparisonFor } from "~/models/comparison.server";
import compareStyles from "~/styles/compare.css";
import { authorize } from "~/utils/access.server";
import { withErrorTitle } from "~/utils/error-pages";
import { failurePage } from "~/utils/errors.server";
import { useHydrated } from "~/utils/hydrated";
import { engineOf, keepEngine } from "./engine";
import { comparisonView } from "./view.server";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: compareStyles }];

// docs/product.md: admins; evaluators once they submitted every candidate they may score; viewers from `review`. Anyone
// else (another buyer, a partner, an unassigned evaluator) gets a 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  // The figures alone: a candidate's derivations load on demand (`compare/:candidateId`).
  const comparison = await comparisonFor(viewer, params.evaluationId, { derivations: false }).catch(
    failurePage,
  );
  const url = new URL(request.url);
  const { data, engine } = comparisonView(comparison, url, viewer.orgTimeZone);
  // The browser draws the win probability after the first paint; without JavaScript, `?wp=1` asks the server to draw
  // it with the same function, on the same figures and seed.
  const win =
    url.searchParams.get("wp") === "1"
      ? {
          shares: [
            ...(winProbability(comparison.results, comparison.sections, comparison.evaluation.id) ?? []),
          ],
        }
      : null;
  const figures = url.searchParams.get("figures") === "1";
  return keepEngine({ ...data, open: url.searchParams.getAll("open"), win, figures }, engine);
}

export default function ComparePage() {
  const data = useLoaderData<typeof loader>();
  const engine = useMemo(() => engineOf(data), [data]);
  const location = useLocation();
  const hydrated = useHydrated();
  const whatIf = useWhatIf(engine, data.applied, data.open, location.pathname);
  const [openRows, toggleRow] = useOpenRows();
  const derivation = useDerivationDialog(data.evaluation.id);
  const names = useMemo(() => new Map(data.columns.map((c) => [c.id, c.name])), [data.columns]);
  const criterionNames = useMemo(
    () => new Map(data.sections.flatMap((s) => s.criteria.map((c) => [c.id, c.name]))),
    [data.sections],
  );
  const { charts, win, winRows } = useAfterPaint(engine, whatIf.sourceOf, data.win, names);
  const figuresHref = (chartId: string) => {
    const params = new URLSearchParams(location.search);
    params.set("figures", "1");
    return `${location.pathname}?${params}#chart-${chartId}-title`;
  };
  const winHref = useMemo(() => {
    const params = new URLSearchParams(location.search);
    params.set("wp", "1");
    return `${location.pathname}?${params}#robust-title`;
  }, [location.pathname, location.search]);
  const resetHref = `${location.pathname}${data.open.length ? `?${data.open.map((id) => `open=${id}`).join("&")}` : ""}`;

  return (
    <>
      <CompareHead
        evaluation={data.evaluation}
        candidates={data.columns.length}
        evaluators={data.evaluators}
        ignoredWeights={data.ignoredWeights}
        stability={data.stability}
        winLeader={win ? winRows[0] : undefined}
      />
      <MatrixLegend />
      <ComparisonMatrix
        evaluationId={data.evaluation.id}
        sections={data.sections}
        columns={data.columns}
        packed={engine.packed}
        final={data.evaluation.final}
        moved={whatIf.moved}
        shares={whatIf.shares}
        criterionNames={criterionNames}
        open={whatIf.open}
        hydrated={hydrated}
        search={location.search}
        onToggle={whatIf.toggle}
        onFigure={derivation.openFigure}
        openRows={openRows}
        onEvaluators={toggleRow}
      />
      <EvidenceNote columns={data.columns} />
      <WithdrawnList withdrawn={data.withdrawn} />
      <WhatIfPanel
        sections={engine.sections}
        weights={whatIf.weights}
        shares={whatIf.shares}
        moved={whatIf.moved}
        open={[...whatIf.open]}
        hydrated={hydrated}
        resetHref={resetHref}
        onChange={whatIf.changeWeight}
        onReset={whatIf.reset}
        names={names}
      />
      <Robustness
        stability={data.stability}
        win={win}
        winRows={winRows}
        hydrated={hydrated}
        winHref={winHref}
      />
      <ComparisonCharts
        sections={data.sections}
        columns={data.columns}
        packed={engine.packed}
        charts={charts}
        winRows={winRows}
        winDrawn={Boolean(win)}
        hydrated={hydrated}
        figuresOpen={data.figures}
        figuresHref={figuresHref}
      />
      <DerivationDialog {...derivation.dialog} />
    </>
  );
}

export const meta: MetaFunction<typeof loader> = withErrorTitle(({ data }) => [
  { title: data ? `Compare: ${data.evaluation.name} · PartnerLens` : "PartnerLens" },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
