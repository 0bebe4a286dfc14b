// The comparison's three charts: section scores, what each section adds to each total, and the win probability.
// Drawn in the browser once their code arrived (after the first paint); each box keeps its size until then, and each
// chart's figures are a table beneath it.
import { PALETTE } from "~/components/charts/palette";
import type { PackedResults } from "~/domain/scoring/snapshot";
import { WIN_PROBABILITY_DRAWS } from "~/domain/scoring/win-probability";
import { formatFigure, formatShare } from "~/utils/format";
import { ChartFigure } from "./chart-figure";
import type { ComparisonColumn, ComparisonSection } from "./types";
import type { Charts, WinRow } from "./use-comparison";

/** How many candidates each chart shows at most, the best ranked first; the tables under them list everyone. */
const CHART_LIMIT = { sections: 6, contributions: 12, win: 12 };

interface ChartsProps {
  sections: ComparisonSection[];
  columns: ComparisonColumn[];
  packed: PackedResults;
  charts: Charts | null;
  winRows: WinRow[];
  /** Whether the win probability was drawn (the chart waits for it). */
  winDrawn: boolean;
  hydrated: boolean;
  /** The page was asked for every chart's table (`?figures=1`, without JavaScript). */
  figuresOpen: boolean;
  figuresHref: (chartId: string) => string;
}

/** What the two section charts draw of the ranked candidates: the counted sections, each candidate's figures. */
function chartData({ sections, columns, packed }: ChartsProps) {
  const ranked = columns.filter((c) => c.rank !== null);
  const chartSections = sections.filter((s) => s.counted);
  const chartCandidates = (limit: number) =>
    ranked.slice(0, limit).map((c) => {
      const i = columns.indexOf(c);
      return {
        id: c.id,
        name: c.name,
        sections: Object.fromEntries(
          sections.map((s, si) => [s.id, packed.candidates[i].sec[si] ?? undefined]),
        ),
        parts: Object.fromEntries(sections.map((s, si) => [s.id, c.parts[si]])),
      };
    });
  return { ranked, chartSections, chartCandidates };
}

export function ComparisonCharts(props: ChartsProps) {
  return (
    <section className="card charts" aria-labelledby="charts-title">
      <h2 id="charts-title">Charts</h2>
      <SectionScoresFigure {...props} />
      <ContributionsFigure {...props} />
      <WinFigure {...props} />
    </section>
  );
}

function SectionScoresFigure(props: ChartsProps) {
  const { sections, columns, packed, charts } = props;
  const { ranked, chartSections, chartCandidates } = chartData(props);
  return (
    <ChartFigure
      id="sections"
      hydrated={props.hydrated}
      legend={ranked.slice(0, CHART_LIMIT.sections).map((c, i) => ({
        name: c.name,
        color: PALETTE[i % PALETTE.length],
      }))}
      figuresOpen={props.figuresOpen}
      figuresHref={props.figuresHref("sections")}
      title="Section scores per candidate"
      caption={`The ${Math.min(CHART_LIMIT.sections, ranked.length)} best-ranked candidates' score (0–100) in each counted section.`}
      height={
        // NOTE: each section's band holds its bars and, on a phone, its label above them (comparison-charts.tsx).
        80 + chartSections.length * (10 * Math.min(CHART_LIMIT.sections, Math.max(1, ranked.length)) + 24)
      }
      chart={
        charts
          ? () => (
              <charts.SectionScoresChart
                sections={chartSections}
                candidates={chartCandidates(CHART_LIMIT.sections)}
              />
            )
          : null
      }
      table={{
        head: ["Candidate", ...chartSections.map((s) => s.name)],
        rows: () =>
          ranked.map((c) => {
            const i = columns.indexOf(c);
            return [
              c.name,
              ...chartSections.map((s) => {
                const v = packed.candidates[i].sec[sections.indexOf(s)];
                return v === null ? "—" : formatFigure(v);
              }),
            ];
          }),
      }}
    />
  );
}

function ContributionsFigure(props: ChartsProps) {
  const { sections, charts } = props;
  const { ranked, chartSections, chartCandidates } = chartData(props);
  return (
    <ChartFigure
      id="contributions"
      hydrated={props.hydrated}
      legend={chartSections.map((s, i) => ({ name: s.name, color: PALETTE[i % PALETTE.length] }))}
      figuresOpen={props.figuresOpen}
      figuresHref={props.figuresHref("contributions")}
      title="What each section adds to each total"
      caption={`Points each section contributes to the total of the ${Math.min(CHART_LIMIT.contributions, ranked.length)} best-ranked candidates; a bar's length is the total.`}
      height={80 + 44 * Math.min(CHART_LIMIT.contributions, Math.max(1, ranked.length))}
      chart={
        charts
          ? () => (
              <charts.ContributionsChart
                sections={chartSections}
                candidates={chartCandidates(CHART_LIMIT.contributions)}
              />
            )
          : null
      }
      table={{
        head: ["Candidate", ...chartSections.map((s) => s.name), "Total"],
        rows: () =>
          ranked.map((c) => [
            c.name,
            ...chartSections.map((s) => formatFigure(c.parts[sections.indexOf(s)])),
            c.total ?? "—",
          ]),
      }}
    />
  );
}

function WinFigure({ columns, charts, winRows, winDrawn, ...props }: ChartsProps) {
  // The rows the win probability chart will draw: the qualified candidates with a total (its box keeps this size).
  const contenders = columns.filter((c) => c.total !== null && !c.disqualified).length;
  return (
    <ChartFigure
      id="win"
      hydrated={props.hydrated}
      figuresOpen={props.figuresOpen}
      figuresHref={props.figuresHref("win")}
      title="Win probability"
      caption={`Share of ${WIN_PROBABILITY_DRAWS.toLocaleString("en")} random weightings (Dirichlet, around the saved weights) in which each candidate ranks first.`}
      height={70 + 44 * Math.min(CHART_LIMIT.win, Math.max(1, contenders))}
      chart={
        charts && winDrawn
          ? () => <charts.WinProbabilityChart rows={winRows.slice(0, CHART_LIMIT.win)} />
          : null
      }
      table={{
        head: ["Candidate", "Leads in"],
        rows: () => winRows.map((r) => [r.name, `${formatShare(r.share)}`]),
      }}
    />
  );
}
