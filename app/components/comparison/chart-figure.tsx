// A chart of the comparison in a box reserved before it loads, with its legend and its figures as a table beneath.
import { type ComponentType, useState } from "react";
import { ScrollRegion } from "~/components/scroll-region";

type Legend = { name: string; color: string }[];
type Table = { head: string[]; rows: () => (string | number)[][] };

/** A chart in a box reserved before it loads (nothing moves), with its figures as a table beneath. */
export function ChartFigure({
  id,
  title,
  caption,
  height,
  chart: Chart,
  table,
  hydrated,
  figuresOpen,
  figuresHref,
  legend,
}: {
  id: string;
  title: string;
  caption: string;
  height: number;
  chart: ComponentType | null;
  hydrated: boolean;
  /** The page was asked for every chart's table (`?figures=1`, without JavaScript). */
  figuresOpen: boolean;
  figuresHref: string;
  /** What each colour stands for, drawn with the page under the chart's box (not inside it, where it took the bars'
   * room on a narrow screen). */
  legend?: Legend;
  table: Table;
}) {
  // NOTE: the three tables are half the page's elements; they are drawn when opened (with JavaScript) or when the
  // address asks for them (without), not with every page.
  const [shown, setShown] = useState(figuresOpen);
  return (
    <figure className="chart" aria-labelledby={`chart-${id}-title`}>
      <h3 id={`chart-${id}-title`}>{title}</h3>
      <div className="chart-box" style={{ height }} aria-hidden={Chart ? "true" : undefined}>
        {Chart ? (
          <Chart />
        ) : (
          <p className="chart-loading">
            {hydrated
              ? "Loading the chart…"
              : "The chart is drawn in the browser; its figures are in the table below."}
          </p>
        )}
      </div>
      {legend ? <ChartLegend legend={legend} /> : null}
      <figcaption>{caption}</figcaption>
      <details
        className="chart-data"
        open={figuresOpen || undefined}
        onToggle={(event) => {
          const isOpen = event.currentTarget.open;
          if (isOpen !== shown) setShown(isOpen);
        }}
      >
        <summary>The figures as a table</summary>
        {shown ? (
          <FiguresTable title={title} table={table} />
        ) : hydrated ? null : (
          <p>
            <a href={figuresHref}>Show the figures</a> (the page reloads with every chart's table open).
          </p>
        )}
      </details>
    </figure>
  );
}

function ChartLegend({ legend }: { legend: Legend }) {
  return (
    <ul className="matrix-legend" style={{ listStyle: "none", padding: 0, margin: "8px 0 0" }}>
      {legend.map((item) => (
        <li key={item.name}>
          <span className="chart-swatch" aria-hidden="true" style={{ background: item.color }} />
          {item.name}
        </li>
      ))}
    </ul>
  );
}

function FiguresTable({ title, table }: { title: string; table: Table }) {
  return (
    <ScrollRegion label={`${title}: the figures`}>
      <table>
        <caption className="visually-hidden">{title}</caption>
        <thead>
          <tr>
            {/* The first column names the rows; the others are the chart's figures. */}
            {table.head.map((h, i) => (
              <th scope="col" key={h} className={i > 0 ? "num" : undefined}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows().map(([label, ...cells]) => (
            <tr key={String(label)}>
              <th scope="row">{label}</th>
              {cells.map((cell, i) => (
                <td key={table.head[i + 1]} className="num">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}
