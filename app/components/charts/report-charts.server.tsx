// The printable report's charts, drawn on the server as SVG markup (recharts 2 renders the SVG without a browser).
// The report inserts the markup as it is, so the browser never loads recharts (about 100 KB gzip) for a page that
// only prints: the page stays within the ordinary pages' JavaScript budget, and prints as it loads.
import { renderToStaticMarkup } from "react-dom/server";
import {
  type ChartCandidate,
  type ChartSection,
  ContributionsChart,
  SectionScoresChart,
  WinProbabilityChart,
} from "./comparison-charts";
import { PALETTE } from "./palette";

/** NOTE: fits an A4 page between 14 mm margins (182 mm, about 688 CSS pixels). */
export const REPORT_CHART_WIDTH = 680;
/** How many candidates each chart shows at most, the best ranked first; the report's tables list everyone. */
export const REPORT_CHART_LIMIT = { sections: 6, contributions: 8, win: 8 } as const;

export interface ReportChart {
  /** SVG markup (inside recharts' wrapper) of a fixed size. */
  markup: string;
  width: number;
  height: number;
  /** The series and their colours, for a legend the page writes itself (empty: a single series). */
  legend: { name: string; colour: string }[];
}

function draw(
  element: JSX.Element,
  width: number,
  height: number,
  series: readonly { name: string }[] = [],
): ReportChart {
  return {
    // NOTE: a chart of a fixed size draws no tooltip (nothing on paper follows a pointer) and no chart draws recharts'
    // legend (it reserves its room by measuring itself in a browser): the page writes the legend below the chart.
    markup: renderToStaticMarkup(element),
    width,
    height,
    legend: series.map((s, i) => ({ name: s.name, colour: PALETTE[i % PALETTE.length] })),
  };
}

/** The report's three charts: section scores, each section's points in each total, and the win probability. */
export function reportCharts(input: {
  sections: ChartSection[];
  candidates: ChartCandidate[];
  win: { name: string; share: number }[];
}): { sections: ReportChart; contributions: ReportChart; win: ReportChart | null } {
  const width = REPORT_CHART_WIDTH;
  const scored = input.candidates.slice(0, REPORT_CHART_LIMIT.sections);
  const stacked = input.candidates.slice(0, REPORT_CHART_LIMIT.contributions);
  const win = input.win.slice(0, REPORT_CHART_LIMIT.win);
  const sectionsHeight = 80 + input.sections.length * (10 * Math.max(1, scored.length) + 14);
  const contributionsHeight = 70 + 40 * Math.max(1, stacked.length);
  const winHeight = 50 + 40 * win.length;
  return {
    sections: draw(
      <SectionScoresChart
        sections={input.sections}
        candidates={scored}
        size={{ width, height: sectionsHeight }}
      />,
      width,
      sectionsHeight,
      scored,
    ),
    contributions: draw(
      <ContributionsChart
        sections={input.sections}
        candidates={stacked}
        size={{ width, height: contributionsHeight }}
      />,
      width,
      contributionsHeight,
      input.sections,
    ),
    win:
      win.length === 0
        ? null
        : draw(<WinProbabilityChart rows={win} size={{ width, height: winHeight }} />, width, winHeight),
  };
}
