// The report's comparison: the candidates ranked, their section scores, the charts (drawn on the server) and how
// robust the ranking is.
import { RankingFigureCells, RankingHead } from "~/components/ranking-columns";
import { ScrollRegion } from "~/components/scroll-region";
import { formatShare } from "~/utils/format";
import type { ReportView } from "./types";

export function RankingSection(d: Pick<ReportView, "summary" | "sections" | "withdrawn">) {
  return (
    <section className="report-section" aria-labelledby="ranking-title">
      <h2 id="ranking-title">Comparison</h2>
      <ScrollRegion className="report-scroll" label="The candidates ranked">
        <table className="report-table table-stack report-ranking">
          <caption className="visually-hidden">The candidates ranked</caption>
          <RankingHead>
            <th scope="col">Disqualified</th>
          </RankingHead>
          <tbody>
            {d.summary.map((r) => (
              <tr key={r.candidateId}>
                <td className="num" data-label="Rank">
                  {r.rank ?? "—"}
                </td>
                <th scope="row">{r.partner}</th>
                <RankingFigureCells row={r} />
                <td data-label="Disqualified">{r.disqualified ? r.reasons.join("; ") : "No"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <ScrollRegion className="report-scroll" label="Section scores (0–100)">
        <table className="report-table table-stack report-sections">
          <caption>Section scores (0–100)</caption>
          <thead>
            <tr>
              <th scope="col">Partner</th>
              {d.sections.map((s) => (
                <th scope="col" className="num" key={s.id}>
                  {s.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {d.summary.map((r) => (
              <tr key={r.candidateId}>
                <th scope="row">{r.partner}</th>
                {r.sections.map((v, i) => (
                  <td className="num" key={d.sections[i].id} data-label={d.sections[i].name}>
                    {v}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      {d.withdrawn.length > 0 ? (
        <p className="muted">
          Withdrawn (out of the ranking):{" "}
          {d.withdrawn
            .map((w) => `${w.partner}${w.on ? ` on ${w.on}` : ""}${w.reason ? ` (${w.reason})` : ""}`)
            .join("; ")}
          .
        </p>
      ) : null}
    </section>
  );
}

export function ChartsSection({ charts }: { charts: ReportView["charts"] }) {
  return (
    <section className="report-section report-charts" aria-labelledby="charts-title">
      <h2 id="charts-title">Charts</h2>
      {charts.map((c) => (
        <figure className="report-chart" key={c.id} aria-labelledby={`chart-${c.id}-title`}>
          <figcaption id={`chart-${c.id}-title`}>{c.title}</figcaption>
          <ScrollRegion className="report-scroll" label={c.title}>
            {/* Drawn on the server (recharts' SVG): one image, its figures in words beside it. */}
            <div
              className="report-chart-box"
              role="img"
              aria-labelledby={`chart-${c.id}-title`}
              aria-describedby={`chart-${c.id}-figures`}
              style={{ width: c.chart.width, height: c.chart.height }}
              // biome-ignore lint/security/noDangerouslySetInnerHtml: SVG markup React rendered on the server from the record's figures (text escaped)
              dangerouslySetInnerHTML={{ __html: c.chart.markup }}
            />
          </ScrollRegion>
          {c.chart.legend.length > 0 ? (
            <ul className="report-legend">
              {c.chart.legend.map((l) => (
                <li key={l.name}>
                  {/* An SVG swatch: printed even where the browser leaves out backgrounds. */}
                  <svg width="12" height="12" aria-hidden="true" focusable="false">
                    <rect width="12" height="12" fill={l.colour} />
                  </svg>
                  {l.name}
                </li>
              ))}
            </ul>
          ) : null}
          <p className="visually-hidden" id={`chart-${c.id}-figures`}>
            {c.figures}
          </p>
        </figure>
      ))}
    </section>
  );
}

export function SensitivitySection(d: Pick<ReportView, "stability" | "win">) {
  return (
    <section className="report-section" aria-labelledby="sensitivity-title">
      <h2 id="sensitivity-title">How robust the ranking is</h2>
      <ul>
        {d.stability.map((s) => (
          <li key={s.section}>{s.sentence}</li>
        ))}
      </ul>
      {d.win.length > 0 ? (
        <p>
          Win probability: {d.win.map((w) => `${w.name} ${formatShare(w.share)}`).join(", ")} of 2,000
          weightings.
        </p>
      ) : null}
    </section>
  );
}
