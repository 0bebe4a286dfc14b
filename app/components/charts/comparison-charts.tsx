// The comparison's charts (recharts). This module is loaded after the page's first paint (a dynamic import), so its
// ~100 KB of JavaScript never delays the page; each chart fills a box the page reserved, and the page carries each
// chart's figures as a table for those who cannot see it.
import type { ReactElement, ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  ResponsiveContainer,
  Tooltip,
  type TooltipProps,
  XAxis,
  YAxis,
} from "recharts";
import { PALETTE } from "./palette";

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

/**
 * Below this width the category labels go above their bars instead of beside them: a 200 px label column left a
 * phone's chart about 80 px of bars. NOTE: docs/features.md (the comparison on a phone): each chart keeps at least 60%
 * of its width for bars; tests/e2e/compare-phone.e2e.test.ts measures it.
 */
export const COMPACT_WIDTH = 560;

/**
 * What a chart is drawn with: its size, whether its labels sit above the bars, and whether it answers a pointer (in
 * the browser). A chart of a fixed size is drawn on paper (the report): no tooltip, which would print as an empty box
 * and leave a focusable element inside an image.
 */
interface Box extends ChartSize {
  compact: boolean;
  pointer: boolean;
}

function Frame({ size, draw }: { size?: ChartSize; draw: (box: Box) => ReactElement }) {
  if (size) return draw({ ...size, compact: size.width < COMPACT_WIDTH, pointer: false });
  return (
    <ResponsiveContainer width="100%" height="100%">
      <Measured draw={draw} />
    </ResponsiveContainer>
  );
}

/** ResponsiveContainer gives its child the box's size once measured. */
function Measured({
  width,
  height,
  draw,
}: {
  width?: number;
  height?: number;
  draw: (box: Box) => ReactElement;
}) {
  if (!width || !height) return null;
  return draw({ width, height, compact: width < COMPACT_WIDTH, pointer: true });
}

/** The charts' text colour (their tooltip's is compare.css's `.chart-tooltip`, the same). */
const INK = "#14213d";
const tick = { fill: "#3b4a66", fontSize: 12 };
const label = { fill: INK, fontSize: 12 };

/** Room above the first bar for its label, in the compact layout. */
const LABEL_ROOM = 18;

/**
 * A category axis label drawn as one line of text, cut with an ellipsis past `max` characters. NOTE: recharts'
 * own label wraps by measuring text in the browser, which the server cannot: the server's SVG then differs from the
 * browser's and hydration fails (React #418), so the printable report's charts would be drawn twice. In the compact
 * layout (`above`) the label is drawn above its bars, from the plot's left edge: `above` is the distance from the
 * category's middle to the top of its bars.
 */
function CategoryTick(props: {
  x?: number;
  y?: number;
  payload?: { value?: unknown };
  max: number;
  above?: number;
  left?: number;
}) {
  const value = String(props.payload?.value ?? "");
  const text = value.length > props.max ? `${value.slice(0, props.max - 1)}…` : value;
  if (props.above !== undefined) {
    return (
      <text x={props.left} y={(props.y ?? 0) - props.above - 5} textAnchor="start" {...label}>
        <title>{value}</title>
        {text}
      </text>
    );
  }
  return (
    <text x={props.x} y={props.y} dy={4} textAnchor="end" fill={tick.fill} fontSize={tick.fontSize}>
      <title>{value}</title>
      {text}
    </text>
  );
}

/** The label column beside the bars on a wide chart: its width, and how many characters a label keeps. */
const SECTION_COLUMN = { width: 200, chars: 30 };
const NAME_COLUMN = { width: 240, chars: 34 };

/** The category axis: a label column beside the bars, or (compact) labels above them and no column. */
function categoryAxis(
  box: Box,
  dataKey: string,
  column: { width: number; chars: number },
  above: number,
  left: number,
) {
  if (!box.compact) {
    return (
      <YAxis
        type="category"
        dataKey={dataKey}
        tick={<CategoryTick max={column.chars} />}
        width={column.width}
        interval={0}
      />
    );
  }
  // About 6.5 px a character at 12 px: the label may run across the plot's width.
  const max = Math.max(12, Math.floor((box.width - left - 16) / 6.5));
  return (
    <YAxis
      type="category"
      dataKey={dataKey}
      tick={<CategoryTick max={max} above={above} left={left} />}
      // NOTE: recharts draws no axis of width 0; 1 px keeps the ticks (the labels) drawn.
      width={1}
      axisLine={false}
      tickLine={false}
      interval={0}
    />
  );
}

/**
 * What a tooltip says: the category, then each series' name and figure, in ink (app/styles/compare.css,
 * `.chart-tooltip`) with the series' colour as a swatch beside it. NOTE: recharts' own tooltip writes each line in its
 * series' colour, and a bright or pale one fails contrast on the tooltip's white (axe "color-contrast");
 * tests/compare-view.test.tsx checks that no colour but the swatches' is written here.
 */
export function ChartTooltip({
  active,
  payload,
  label: category,
  unit = "",
}: TooltipProps<number, string> & { unit?: string }) {
  if (!active || !payload?.length) return null;
  return (
    <div className="chart-tooltip">
      <p>{category}</p>
      <ul>
        {payload.map((entry) => (
          <li key={String(entry.dataKey)}>
            <span className="chart-swatch" aria-hidden="true" style={{ background: entry.color }} />
            {entry.name}: {entry.value == null ? "—" : `${entry.value}${unit}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * What the three charts share: bars along a 0-100 scale, a category per band (a label column beside the bars, or on a
 * phone the label above them), and in the browser a tooltip.
 */
function HorizontalBars({
  id,
  box,
  data,
  category,
  column,
  above,
  right,
  unit,
  barSize,
  barGap,
  children,
}: {
  id: string;
  box: Box;
  data: Record<string, unknown>[];
  /** The data's key for the category, and its label column on a wide chart. */
  category: string;
  column: { width: number; chars: number };
  /** In the compact layout, from the band's middle to the top of its bars (where its label sits). */
  above: number;
  right: number;
  unit?: string;
  barSize?: number;
  barGap?: number;
  children: ReactNode;
}) {
  // In the compact layout, room above the first band's label.
  const margin = {
    top: box.compact ? 8 + LABEL_ROOM : 8,
    right,
    bottom: 8,
    left: box.compact ? 4 : 8,
  };
  return (
    <BarChart
      id={id}
      width={box.width}
      height={box.height}
      data={data}
      layout="vertical"
      margin={margin}
      barGap={barGap}
      barSize={barSize}
    >
      <CartesianGrid strokeDasharray="3 3" stroke="#d7dde8" horizontal={false} />
      <XAxis type="number" domain={[0, 100]} tick={tick} unit={unit} />
      {categoryAxis(box, category, column, above, margin.left)}
      {box.pointer ? <Tooltip content={<ChartTooltip unit={unit} />} /> : null}
      {children}
    </BarChart>
  );
}

/** Section scores per candidate: for each section, one bar per candidate (the best ranked first). */
export function SectionScoresChart({
  sections,
  candidates,
  size,
}: {
  sections: ChartSection[];
  candidates: ChartCandidate[];
  size?: ChartSize;
}) {
  const data = sections.map((s) => ({
    section: s.name,
    ...Object.fromEntries(
      candidates.map((c) => [c.id, c.sections[s.id] === undefined ? null : one(c.sections[s.id]!)]),
    ),
  }));
  return (
    <Frame
      size={size}
      draw={(box) => (
        // Compact: each section's bars, 8 px each and 1 px apart, under its label.
        <HorizontalBars
          id="chart-sections"
          box={box}
          data={data}
          category="section"
          column={SECTION_COLUMN}
          above={(candidates.length * 9) / 2}
          right={24}
          barGap={box.compact ? 1 : 4}
          barSize={box.compact ? 8 : undefined}
        >
          {candidates.map((c, i) => (
            <Bar
              key={c.id}
              dataKey={c.id}
              name={c.name}
              fill={PALETTE[i % PALETTE.length]}
              isAnimationActive={false}
            />
          ))}
        </HorizontalBars>
      )}
    />
  );
}

/** Each section's contribution to each total, stacked: the bar's length is the total. */
export function ContributionsChart({
  sections,
  candidates,
  size,
}: {
  sections: ChartSection[];
  candidates: ChartCandidate[];
  size?: ChartSize;
}) {
  const data = candidates.map((c) => ({
    name: c.name,
    ...Object.fromEntries(sections.map((s) => [s.id, one(c.parts[s.id] ?? 0)])),
  }));
  return (
    <Frame
      size={size}
      draw={(box) => (
        <HorizontalBars
          id="chart-contributions"
          box={box}
          data={data}
          category="name"
          column={NAME_COLUMN}
          above={8}
          right={16}
          barSize={box.compact ? 16 : undefined}
        >
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
        </HorizontalBars>
      )}
    />
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
    <Frame
      size={size}
      draw={(box) => (
        <HorizontalBars
          id="chart-win"
          box={box}
          data={data}
          category="name"
          column={NAME_COLUMN}
          above={8}
          right={24}
          unit="%"
          barSize={box.compact ? 16 : undefined}
        >
          <Bar dataKey="percent" name="Leads in" fill={PALETTE[0]} isAnimationActive={false} />
        </HorizontalBars>
      )}
    />
  );
}
