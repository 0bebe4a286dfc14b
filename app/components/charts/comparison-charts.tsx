// The comparison's charts (recharts). This module is loaded after the page's first paint (a dynamic import), so its
// ~100 KB of JavaScript never delays the page; each chart fills a box the page reserved, and the page carries each
// chart's figures as a table for those who cannot see it.
import { cloneElement, type ReactElement } from "react";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PALETTE } from "./palette";

export { PALETTE };

export interface ChartCandidate {
  id: string;
  name: string;
  /** Section scores (0-100) by section id; undefined when not scored. */
  sections: Record<string, number | undefined>;
  /** Each section's part of the total, in points. */
  parts: Record<string, number>;
}

export interface ChartSection {
  id: string;
  name: string;
}

const one = (x: number) => Math.round(x * 10) / 10;

/** A fixed size draws the chart on the server too (the printable report); without one it fills its box. */
export interface ChartSize {
  width: number;
  height: number;
}

function Frame({ size, children }: { size?: ChartSize; children: ReactElement }) {
  if (size) return cloneElement(children, { width: size.width, height: size.height });
  return (
    <ResponsiveContainer width="100%" height="100%">
      {children}
    </ResponsiveContainer>
  );
}
const tick = { fill: "#3b4a66", fontSize: 12 };

/**
 * A category axis label drawn as one line of text, cut with an ellipsis past `max` characters. NOTE: recharts'
 * own label wraps by measuring text in the browser, which the server cannot: the server's SVG then differs from the
 * browser's and hydration fails (React #418), so the printable report's charts would be drawn twice.
 */
function CategoryTick(props: { x?: number; y?: number; payload?: { value?: unknown }; max: number }) {
  const value = String(props.payload?.value ?? "");
  const label = value.length > props.max ? `${value.slice(0, props.max - 1)}…` : value;
  return (
    <text x={props.x} y={props.y} dy={4} textAnchor="end" fill={tick.fill} fontSize={tick.fontSize}>
      <title>{value}</title>
      {label}
    </text>
  );
}
// recharts clones the element given as `tick` with each label's position and value.
const SECTION_TICK = <CategoryTick max={30} />;
const NAME_TICK = <CategoryTick max={34} />;

/** Section scores per candidate: for each section, one bar per candidate (the best ranked first). */
export function SectionScoresChart({
  sections,
  candidates,
  size,
  legend = true,
}: {
  sections: ChartSection[];
  candidates: ChartCandidate[];
  size?: ChartSize;
  /** False when the page draws the legend itself (`ChartLegend`), outside the chart's box. */
  legend?: boolean;
}) {
  const data = sections.map((s) => ({
    section: s.name,
    ...Object.fromEntries(
      candidates.map((c) => [c.id, c.sections[s.id] === undefined ? null : one(c.sections[s.id]!)]),
    ),
  }));
  return (
    <Frame size={size}>
      <BarChart
        id="chart-sections"
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#d7dde8" horizontal={false} />
        <XAxis type="number" domain={[0, 100]} tick={tick} />
        <YAxis type="category" dataKey="section" tick={SECTION_TICK} width={200} interval={0} />
        <Tooltip />
        {legend ? <Legend wrapperStyle={{ fontSize: 13 }} /> : null}
        {candidates.map((c, i) => (
          <Bar
            key={c.id}
            dataKey={c.id}
            name={c.name}
            fill={PALETTE[i % PALETTE.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </Frame>
  );
}

/** Each section's contribution to each total, stacked: the bar's length is the total. */
export function ContributionsChart({
  sections,
  candidates,
  size,
  legend = true,
}: {
  sections: ChartSection[];
  candidates: ChartCandidate[];
  size?: ChartSize;
  /** False when the page draws the legend itself (`ChartLegend`), outside the chart's box. */
  legend?: boolean;
}) {
  const data = candidates.map((c) => ({
    name: c.name,
    ...Object.fromEntries(sections.map((s) => [s.id, one(c.parts[s.id] ?? 0)])),
  }));
  return (
    <Frame size={size}>
      <BarChart
        id="chart-contributions"
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 16, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#d7dde8" horizontal={false} />
        <XAxis type="number" domain={[0, 100]} tick={tick} />
        <YAxis type="category" dataKey="name" tick={NAME_TICK} width={240} interval={0} />
        <Tooltip />
        {legend ? <Legend wrapperStyle={{ fontSize: 13 }} /> : null}
        {sections.map((s, i) => (
          <Bar
            key={s.id}
            dataKey={s.id}
            name={s.name}
            stackId="total"
            fill={PALETTE[i % PALETTE.length]}
            stroke="#ffffff"
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </Frame>
  );
}

/** The share of weightings in which each candidate leads. */
export function WinProbabilityChart({
  rows,
  size,
}: {
  rows: { name: string; share: number }[];
  size?: ChartSize;
}) {
  const data = rows.map((r) => ({ name: r.name, percent: one(r.share * 100) }));
  return (
    <Frame size={size}>
      <BarChart
        id="chart-win"
        data={data}
        layout="vertical"
        margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#d7dde8" horizontal={false} />
        <XAxis type="number" domain={[0, 100]} tick={tick} unit="%" />
        <YAxis type="category" dataKey="name" tick={NAME_TICK} width={240} interval={0} />
        <Tooltip formatter={(value) => `${value}%`} />
        <Bar dataKey="percent" name="Leads in" fill={PALETTE[0]} isAnimationActive={false} />
      </BarChart>
    </Frame>
  );
}
