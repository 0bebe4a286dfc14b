// The comparison's presentation, without a browser: the colour scale's contrasts (WCAG relative luminance), the charts'
// room for bars in a phone's width, their tooltip's contrast, the what-if sliders' range, rank stability as a table, evidence confidence
// explained, and derivations in words with the formula behind "Show the formula". The figures are the engine's.
import { readFileSync } from "node:fs";
import path from "node:path";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import {
  ChartTooltip,
  COMPACT_WIDTH,
  ContributionsChart,
  SectionScoresChart,
  WinProbabilityChart,
} from "../app/components/charts/comparison-charts";
import { PALETTE } from "../app/components/charts/palette";
import { heatOf } from "../app/components/comparison/cells";
import { CompletenessDerivation } from "../app/components/comparison/derivation-parts";
import { completenessView } from "../app/components/comparison/derivation-view";
import { EvidenceNote } from "../app/components/comparison/evidence-note";
import { StabilityTable } from "../app/components/comparison/stability-table";
import { stabilityOf } from "../app/components/comparison/stability-view";
import type { ComparisonColumn } from "../app/components/comparison/types";
import { sliderStep, sliderTop } from "../app/components/comparison/what-if";
import { computeResults, type ScoringInput } from "../app/domain/scoring";
import { rankStability } from "../app/domain/scoring/sensitivity";

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const v = Number.parseInt(hex.slice(i, i + 2), 16) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio. */
function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/\s+/g, " ")
    .trim();

/**
 * The colour scale's rule for step `i` in compare.css, the one place its colours are written: the matrix's cells and
 * the legend's swatches, each with its background and its text colour.
 */
const COMPARE_CSS = readFileSync(path.join(import.meta.dirname, "../app/styles/compare.css"), "utf8");
const heatRule = (i: number) =>
  new RegExp(
    `\\.heat-${i},\\s*\\.matrix td\\.heat-${i} \\{\\s*background: (#[0-9a-f]{6});\\s*color: (#[0-9a-f]{6});`,
  ).exec(COMPARE_CSS);
const HEAT_STEPS = [0, 1, 2, 3, 4].map((i) => {
  const rule = heatRule(i);
  return { background: rule?.[1] ?? "", text: rule?.[2] ?? "" };
});

describe("the colour scale", () => {
  it("tells its lowest and highest steps apart (>= 3:1), and each step's text reaches 4.5:1 on it", () => {
    expect(HEAT_STEPS).toHaveLength(5);
    const lowest = HEAT_STEPS[0].background;
    const highest = HEAT_STEPS[4].background;
    expect(contrast(lowest, highest)).toBeGreaterThanOrEqual(3);
    for (const step of HEAT_STEPS) expect(contrast(step.text, step.background)).toBeGreaterThanOrEqual(4.5);
    // Neighbouring steps apart too (each about 1.7:1), darker and darker.
    for (let i = 1; i < HEAT_STEPS.length; i++) {
      expect(luminance(HEAT_STEPS[i].background)).toBeLessThan(luminance(HEAT_STEPS[i - 1].background));
      expect(contrast(HEAT_STEPS[i - 1].background, HEAT_STEPS[i].background)).toBeGreaterThanOrEqual(1.5);
    }
  });

  it("puts 57.8 and 74.4 on steps that differ at a glance", () => {
    const [a, b] = [heatOf(57.8, 100), heatOf(74.4, 100)];
    expect([a, b]).toEqual([2, 3]);
    expect(contrast(HEAT_STEPS[a].background, HEAT_STEPS[b].background)).toBeGreaterThanOrEqual(1.5);
  });

  it("is the stylesheet's: compare.css paints each step, cells and legend, with a background and a text colour", () => {
    HEAT_STEPS.forEach((step, i) => {
      expect(heatRule(i), `.heat-${i}`).not.toBeNull();
      expect(step.background).toMatch(/^#[0-9a-f]{6}$/);
      expect(step.text).toMatch(/^#[0-9a-f]{6}$/);
    });
  });
});

const CANDIDATES = [
  { id: "p", name: "Northwind Digital Partners" },
  { id: "q", name: "Contoso Consulting" },
  { id: "r", name: "Fabrikam Engineering Group" },
];
const SECTIONS = [
  { id: "a", name: "Reference deployments" },
  { id: "b", name: "Security and compliance posture" },
  { id: "c", name: "Delivery approach and team" },
];

/** The plot area of a chart drawn on the server at `width`: the x axis line's length against the chart's width. */
function plotShare(markup: string, width: number): number {
  const line = /<line[^>]*class="recharts-cartesian-axis-line"[^>]*>/.exec(
    /<g class="recharts-layer recharts-cartesian-axis recharts-xAxis xAxis">[\s\S]*?<\/g>/.exec(
      markup,
    )?.[0] ?? "",
  )?.[0];
  expect(line).toBeDefined();
  const x1 = Number(/x1="([\d.]+)"/.exec(line!)![1]);
  const x2 = Number(/x2="([\d.]+)"/.exec(line!)![1]);
  return (x2 - x1) / width;
}

describe("the charts on a phone", () => {
  const candidates = CANDIDATES.map((c, i) => ({
    ...c,
    sections: { a: 60 + i, b: 70 - i, c: 50 },
    parts: { a: 20 + i, b: 25 - i, c: 15 },
  }));
  const charts = (width: number) => ({
    sections: renderToStaticMarkup(
      <SectionScoresChart sections={SECTIONS} candidates={candidates} size={{ width, height: 330 }} />,
    ),
    contributions: renderToStaticMarkup(
      <ContributionsChart sections={SECTIONS} candidates={candidates} size={{ width, height: 212 }} />,
    ),
    win: renderToStaticMarkup(
      <WinProbabilityChart
        rows={CANDIDATES.map((c, i) => ({ name: c.name, share: [0.6, 0.3, 0.1][i] }))}
        size={{ width, height: 202 }}
      />,
    ),
  });

  it("keeps at least 60% of a 340 px chart for its bars, the labels above them", () => {
    const width = 340;
    expect(width).toBeLessThan(COMPACT_WIDTH);
    for (const [name, markup] of Object.entries(charts(width))) {
      expect(plotShare(markup, width), name).toBeGreaterThanOrEqual(0.6);
      // The labels, whole: the names fit above the bars.
      for (const label of name === "sections" ? SECTIONS : CANDIDATES) expect(markup).toContain(label.name);
    }
  });

  it("keeps the label column beside the bars on a wide screen (the report's 680 px)", () => {
    const { sections } = charts(680);
    const share = plotShare(sections, 680);
    expect(share).toBeLessThan(0.75);
    expect(share).toBeGreaterThanOrEqual(0.6);
  });
});

describe("a chart's tooltip", () => {
  it("writes its words in ink whatever the series' colours, each colour kept as a swatch (>= 4.5:1 on its white)", () => {
    // Every colour a series may take, the pale and bright ones included.
    const payload = PALETTE.map((color, i) => ({
      dataKey: `s${i}`,
      name: `Series ${i}`,
      value: 10 * i,
      color,
    }));
    const html = renderToStaticMarkup(
      <ChartTooltip active payload={payload} label="Reference deployments" unit="%" />,
    );
    expect(text(html)).toContain("Reference deployments");
    for (const p of payload) expect(text(html)).toContain(`${p.name}: ${p.value}%`);
    // Each series' colour is a swatch's background only: no colour of text is written in the markup.
    const swatches = [
      ...html.matchAll(/<span class="chart-swatch" aria-hidden="true" style="background:([^"]+)"/g),
    ];
    expect(swatches.map((m) => m[1])).toEqual([...PALETTE]);
    expect(html).not.toMatch(/[";\s]color:/);
    // The text's one colour, on the tooltip's white: compare.css.
    const rule = /\.chart-tooltip \{\s*background: (#[0-9a-f]{6});\s*color: (#[0-9a-f]{6});/.exec(
      COMPARE_CSS,
    );
    expect(rule).not.toBeNull();
    expect(contrast(rule![2], rule![1])).toBeGreaterThanOrEqual(4.5);
  });

  it("draws nothing while no bar is pointed at", () => {
    expect(renderToStaticMarkup(<ChartTooltip active={false} payload={[]} />)).toBe("");
  });
});

describe("the what-if sliders", () => {
  it("reach twice the largest saved weight, rounded up to a nice number, never below a weight in force", () => {
    // The built-in checklist's section weights.
    expect(sliderTop([25, 20, 15, 15, 10, 10, 5, 0])).toBe(50);
    expect(sliderTop([30, 20])).toBe(60);
    expect(sliderTop([3, 2, 1])).toBe(6);
    expect(sliderTop([700, 300])).toBe(1500);
    expect(sliderTop([25, 20], [80, 20])).toBe(80);
  });

  it("step by whole weights when that gives 40 positions and lands on every saved weight", () => {
    expect(sliderStep(50, [25, 20, 15])).toBe(1);
    expect(sliderStep(6, [3, 2, 1])).toBe(0.1);
    expect(sliderStep(50, [25, 2.5])).toBe(0.5);
    expect(sliderStep(5, [2.5, 1.25])).toBe(0.01);
  });
});

function race(): ScoringInput {
  const weights = { a: 50, b: 30, c: 20 };
  const scores: Record<string, number[]> = { p: [84, 60, 70], q: [60, 90, 75], r: [70, 70, 40] };
  return {
    sections: SECTIONS.map((s) => ({
      ...s,
      weight: weights[s.id as keyof typeof weights],
      criteria: [{ id: `${s.id}1`, weight: 1, kind: "rated" as const, max: 100 }],
    })),
    candidates: CANDIDATES,
    evaluators: [{ id: "e" }],
    scores: Object.entries(scores).flatMap(([candidateId, row]) =>
      row.map((value, i) => ({ evaluatorId: "e", candidateId, criterionId: `${SECTIONS[i].id}1`, value })),
    ),
  };
}

describe("rank stability as a table", () => {
  it("gives each section the range over which the leader holds and who takes over, from the engine's limits", () => {
    const input = race();
    const results = computeResults(input);
    const stability = stabilityOf(results, input.sections)!;
    const engine = rankStability(results, input.sections)!;
    expect(stability.leader).toBe("Northwind Digital Partners");
    expect(stability.lines).toHaveLength(3);
    for (const line of stability.lines) {
      const s = engine.sections.find((x) => x.sectionId === line.sectionId)!;
      expect(line.now).toBe(s.share);
      expect(line.low).toBe(s.down?.share ?? 0.001);
      expect(line.high).toBe(s.up?.share ?? 1);
      expect(line.lowChanges).toBe(s.down !== undefined);
      expect(line.highChanges).toBe(s.up !== undefined);
    }
    const html = renderToStaticMarkup(<StabilityTable leader={stability.leader!} lines={stability.lines} />);
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => text(m[1]));
    expect(rows[0]).toBe(
      "Section Share over which the leader holds If lower, the lead goes to If higher, the lead goes to",
    );
    expect(rows).toHaveLength(4);
    // Security: Contoso scores 90 there, so the lead goes to it as the section's share rises.
    const security = rows.find((r) => r.startsWith("Security and compliance posture"))!;
    expect(security).toMatch(
      /^Security and compliance posture now 30% \d+(\.\d)?% to \d+(\.\d)?% .+ Contoso Consulting$/,
    );
    // One row per section, every one with a figure: no row is left as a sentence.
    for (const row of rows.slice(1)) expect(row).toMatch(/now \d+%/);
  });
});

const column = (evidence: number, completeness: number): ComparisonColumn => ({
  id: `c${evidence}`,
  partnerId: "x",
  name: "A",
  delivery: null,
  rank: 1,
  total: "50.0",
  completeness: `${completeness * 100}%`,
  coverage: null,
  evidence: `${evidence * 100}%`,
  completenessShare: completeness,
  evidenceShare: evidence,
  disqualified: false,
  pendingKnockouts: 0,
  parts: [],
  flags: "",
  heat: "",
  values: {},
});

describe("evidence confidence, explained where it is shown", () => {
  it("says what it measures, why it is low and how to raise it", () => {
    const shown = text(renderToStaticMarkup(<EvidenceNote columns={[column(0, 1), column(0.011, 1)]} />));
    expect(shown).toContain(
      "What it measures. The part of each total's weight whose scores rest on evidence",
    );
    expect(shown).toContain("Why it is low here (0% to 1.1%).");
    expect(shown).toContain("How to raise it. Verify the evidence cited in scores.");
  });

  it("leaves out 'why it is low' when it is not", () => {
    const shown = text(renderToStaticMarkup(<EvidenceNote columns={[column(0.6, 1), column(0.8, 0.9)]} />));
    expect(shown).not.toContain("Why it is low");
    expect(shown).toContain("It reads 60% to 80% across the candidates.");
  });
});

describe("a derivation in words", () => {
  it("leads with a sentence with the figures; the formula waits behind 'Show the formula'", () => {
    const input = race();
    input.scores = input.scores.filter((s) => !(s.candidateId === "p" && s.criterionId === "c1"));
    const p = computeResults(input).candidates.find((c) => c.candidateId === "p")!;
    const view = completenessView(p, new Map(SECTIONS.map((s) => [`${s.id}1`, s.name])));
    const html = renderToStaticMarkup(<CompletenessDerivation d={{ completeness: view }} />);
    expect(text(html)).toMatch(
      /^80% of the checklist's weight has a score: the nominal weights of the 2 criteria scored add up to it; 1 criterion is not scored yet\. Show the formula /,
    );
    expect(html).toMatch(
      /<details class="derivation-rule"><summary>Show the formula<\/summary><p><code>[^<]+<\/code><\/p><\/details>/,
    );
  });
});
