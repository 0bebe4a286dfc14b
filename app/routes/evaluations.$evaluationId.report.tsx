import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Fragment } from "react";
import { REPORT_CHART_LIMIT, type ReportChart, reportCharts } from "~/components/charts/report-charts.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ScrollRegion } from "~/components/scroll-region";
import { STATUS_LABELS } from "~/domain/evaluation";
import { comparisonExportOf, exportAccess, exportFileName } from "~/models/decision.server";
import reportStyles from "~/styles/report.css";
import { authorize } from "~/utils/access.server";
import { auditActionLabel } from "~/utils/audit-labels";
import { formatDate, formatDateTime, formatFigure } from "~/utils/format";
import { useHydrated } from "~/utils/hydrated";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: reportStyles }];

// The printable decision report (DESIGN.md "Exports"): context, checklist with weights, comparison, charts,
// sensitivity, decision and rationale, declarations, who scored, the cited evidence, an audit summary. From review
// on (a draft until decided), for those who may see the comparison; a decided evaluation's comes from its frozen
// record. The charts are drawn on the server as SVG at a fixed size (each with its figures in words for assistive
// technology), so the page prints as it loads and the browser never loads the charts' code.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  const evaluation = await exportAccess(viewer, params.evaluationId);
  const { export: x } = await comparisonExportOf(viewer, evaluation);
  const tz = viewer.orgTimeZone;
  const pct = (share: number | null) => (share === null ? "—" : `${formatFigure(share * 100)}%`);
  const one = (v: number | null) => (v === null ? "—" : formatFigure(v));
  const counted = x.checklist.sections.filter((s) => s.weight > 0);
  const ranked = x.summary.filter((r) => r.rank !== null);
  const scoresBy = new Map<string, number>();
  for (const d of x.detail) {
    for (const [evaluatorId, cell] of Object.entries(d.scores)) {
      if (typeof cell.value === "number") scoresBy.set(evaluatorId, (scoresBy.get(evaluatorId) ?? 0) + 1);
    }
  }
  return {
    evaluation: {
      id: x.evaluation.id,
      name: x.evaluation.name,
      status: STATUS_LABELS[x.evaluation.status as keyof typeof STATUS_LABELS] ?? x.evaluation.status,
      frozen: x.frozen,
      final: x.evaluation.final,
      buyer: x.buyer,
      generatedAt: formatDateTime(x.generatedAt, tz),
      context: [
        ["Industry", x.evaluation.industry ?? "—"],
        ["Size", x.evaluation.sizeBand ?? "—"],
        ["Use cases", x.evaluation.useCases.join(", ") || "—"],
        ["Required specializations", x.evaluation.requiredSpecializations.join(", ") || "—"],
        [
          "Deadline",
          x.evaluation.deadlineOn ? formatDate(`${x.evaluation.deadlineOn}T00:00:00Z`, "UTC") : "—",
        ],
        [
          "Minimum total",
          x.evaluation.minimumTotal === null ? "None" : formatFigure(x.evaluation.minimumTotal),
        ],
        ["Checklist from", x.evaluation.templateName ?? "—"],
      ] as [string, string][],
    },
    files: {
      summary: exportFileName(x.evaluation, "summary.csv"),
      detail: exportFileName(x.evaluation, "detail.csv"),
      json: exportFileName(x.evaluation, "comparison.json"),
    },
    decision: x.decision && {
      chosen: x.decision.chosen,
      rationale: x.decision.rationale,
      warnings: x.decision.warnings,
      by: x.decision.decidedBy,
      at: formatDateTime(x.decision.decidedAt, tz),
    },
    checklist: x.checklist.sections.map((s) => ({
      id: s.id,
      name: s.name,
      weight: s.weight,
      share: s.weight > 0 ? pct(s.share) : "not counted",
      criteria: s.criteria.map((c) => ({
        id: c.id,
        name: c.name,
        weight: c.weight,
        nominal: c.weight > 0 && s.weight > 0 ? pct(c.nominalWeight) : "not counted",
        kind: c.kind === "numeric" ? `numeric${c.unit ? ` (${c.unit})` : ""}` : `rated 0–${c.max}`,
        knockout: c.knockout,
      })),
    })),
    sections: counted.map((s) => ({ id: s.id, name: s.name })),
    summary: x.summary.map((r) => ({
      candidateId: r.candidateId,
      rank: r.rank,
      partner: r.partner,
      total: one(r.total),
      completeness: pct(r.completeness),
      coverage: pct(r.evaluatorCoverage),
      evidence: pct(r.evidenceConfidence),
      disqualified: r.disqualified,
      reasons: r.reasons,
      sections: counted.map((s) => one(r.sections[s.id] ?? null)),
    })),
    charts: chartsOf(x, counted, ranked),
    win: x.sensitivity.winProbability
      .filter((w) => w.share > 0)
      .map((w) => ({ name: w.partner, share: w.share })),
    stability: x.sensitivity.stability,
    withdrawn: x.withdrawn.map((w) => ({
      partner: w.partner,
      on: w.withdrawnAt ? formatDate(w.withdrawnAt, tz) : "",
      reason: w.reason ?? "",
    })),
    declarations: x.declarations.map((d) => ({ ...d, declaredAt: formatDateTime(d.declaredAt, tz) })),
    evaluators: x.evaluators.map((e) => ({
      label: e.label,
      scores: scoresBy.get(e.id) ?? 0,
      // Records frozen before roles were kept say nothing either way.
      notBlind: e.notBlind === true,
    })),
    evidence: x.evidence.map((e) => ({
      title: e.title,
      version: e.number,
      file: e.fileName ?? e.url ?? "",
      sha256: e.sha256,
      claim: e.claim.label,
      verification: e.verification
        ? `${e.verification.status}${e.verification.by ? ` by ${e.verification.by}` : ""}, ${formatDate(e.verification.at, tz)}`
        : "not checked",
    })),
    // In the order things happened (the record keeps them by action).
    audit: [...x.audit]
      .sort((a, b) => a.first.localeCompare(b.first) || a.action.localeCompare(b.action))
      .map((a) => ({
        action: auditActionLabel(a.action),
        count: a.count,
        first: formatDate(a.first, tz),
        last: formatDate(a.last, tz),
      })),
  };
}

type Exported = Awaited<ReturnType<typeof comparisonExportOf>>["export"];

/** The three charts as SVG markup, each with its figures in words (its text alternative). */
function chartsOf(
  x: Exported,
  counted: Exported["checklist"]["sections"],
  ranked: Exported["summary"],
): { id: string; title: string; chart: ReportChart; figures: string }[] {
  const sections = counted.map((s) => ({ id: s.id, name: s.name }));
  const candidates = ranked.map((r) => ({
    id: r.candidateId,
    name: r.partner,
    sections: Object.fromEntries(counted.map((s) => [s.id, r.sections[s.id] ?? undefined])),
    parts: Object.fromEntries(counted.map((s) => [s.id, r.sectionPoints[s.id] ?? 0])),
  }));
  const win = x.sensitivity.winProbability
    .filter((w) => w.share > 0)
    .map((w) => ({ name: w.partner, share: w.share }));
  const drawn = reportCharts({ sections, candidates, win });
  const one = (v: number | null | undefined) =>
    v === null || v === undefined ? "not scored" : formatFigure(v);
  const charts = [
    {
      id: "sections",
      title: "Section scores (0–100) of the best-ranked candidates",
      chart: drawn.sections,
      figures: `${candidates
        .slice(0, REPORT_CHART_LIMIT.sections)
        .map((c) => `${c.name}: ${sections.map((s) => `${s.name} ${one(c.sections[s.id])}`).join(", ")}`)
        .join("; ")}.`,
    },
    {
      id: "contributions",
      title: "What each section adds to each total (points)",
      chart: drawn.contributions,
      figures: `${candidates
        .slice(0, REPORT_CHART_LIMIT.contributions)
        .map((c) => `${c.name}: ${sections.map((s) => `${s.name} ${one(c.parts[s.id])}`).join(", ")}`)
        .join("; ")}.`,
    },
  ];
  if (drawn.win) {
    charts.push({
      id: "win",
      title: "Win probability over 2,000 weightings drawn around the saved ones",
      chart: drawn.win,
      figures: `${win
        .slice(0, REPORT_CHART_LIMIT.win)
        .map((w) => `${w.name} leads in ${formatFigure(w.share * 100)}%`)
        .join(", ")}.`,
    });
  }
  return charts;
}

export default function ReportPage() {
  const hydrated = useHydrated();
  const d = useLoaderData<typeof loader>();
  const e = d.evaluation;
  const base = `/evaluations/${e.id}`;
  return (
    <article className="report">
      <p className="back no-print">
        <Link to={base}>← {e.name}</Link>
      </p>
      <header className="report-head">
        <p className="report-kicker">
          {e.buyer} · decision report{e.frozen ? "" : " (draft: not decided yet)"}
        </p>
        <h1>{e.name}</h1>
        <p className="muted">
          Status: {e.status}.{" "}
          {e.frozen
            ? `The frozen record of the decision, taken ${e.generatedAt}.`
            : `As the evaluation stands at ${e.generatedAt}.`}
          {e.final ? "" : " The ranking is provisional: scoring is incomplete."}
        </p>
        <p className="no-print report-actions">
          <a className="btn btn-secondary" href={`${base}/summary.csv`} download={d.files.summary}>
            summary.csv
          </a>{" "}
          <a className="btn btn-secondary" href={`${base}/detail.csv`} download={d.files.detail}>
            detail.csv
          </a>{" "}
          <a className="btn btn-secondary" href={`${base}/comparison.json`} download={d.files.json}>
            comparison.json
          </a>{" "}
          {hydrated ? (
            <button type="button" className="btn btn-primary" onClick={() => window.print()}>
              Print or save as PDF
            </button>
          ) : (
            <span className="muted">Print this page (Ctrl+P or ⌘P) to save it as a PDF.</span>
          )}
        </p>
      </header>

      <section className="report-section" aria-labelledby="decision-title">
        <h2 id="decision-title">Decision</h2>
        {d.decision ? (
          <>
            <p>
              <strong>Chosen:</strong> {d.decision.chosen.map((c) => c.partner).join(" and ")}, decided by{" "}
              {d.decision.by} on {d.decision.at}.
            </p>
            {d.decision.chosen
              .filter((c) => c.overrideReason)
              .map((c) => (
                <p key={c.candidateId}>
                  <strong>Override for {c.partner}</strong> (disqualified): {c.overrideReason}
                </p>
              ))}
            <blockquote className="report-rationale">{d.decision.rationale}</blockquote>
            {d.decision.warnings.length > 0 ? (
              <p className="muted">Decided despite: {d.decision.warnings.join(" ")}</p>
            ) : null}
          </>
        ) : (
          <p>Not decided yet.</p>
        )}
      </section>

      <section className="report-section" aria-labelledby="context-title">
        <h2 id="context-title">Context</h2>
        <dl className="facts">
          {e.context.map(([label, value]) => (
            <Fragment key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </Fragment>
          ))}
        </dl>
      </section>

      <section className="report-section" aria-labelledby="ranking-title">
        <h2 id="ranking-title">Comparison</h2>
        <ScrollRegion className="report-scroll" label="The candidates ranked">
          <table className="report-table">
            <caption className="visually-hidden">The candidates ranked</caption>
            <thead>
              <tr>
                <th scope="col">Rank</th>
                <th scope="col">Partner</th>
                <th scope="col">Total</th>
                <th scope="col">Completeness</th>
                <th scope="col">Coverage</th>
                <th scope="col">Evidence confidence</th>
                <th scope="col">Disqualified</th>
              </tr>
            </thead>
            <tbody>
              {d.summary.map((r) => (
                <tr key={r.candidateId}>
                  <td>{r.rank ?? "—"}</td>
                  <th scope="row">{r.partner}</th>
                  <td>{r.total}</td>
                  <td>{r.completeness}</td>
                  <td>{r.coverage}</td>
                  <td>{r.evidence}</td>
                  <td>{r.disqualified ? r.reasons.join("; ") : "No"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <ScrollRegion className="report-scroll" label="Section scores (0–100)">
          <table className="report-table">
            <caption>Section scores (0–100)</caption>
            <thead>
              <tr>
                <th scope="col">Partner</th>
                {d.sections.map((s) => (
                  <th scope="col" key={s.id}>
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
                    <td key={d.sections[i].id}>{v}</td>
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

      <section className="report-section report-charts" aria-labelledby="charts-title">
        <h2 id="charts-title">Charts</h2>
        {d.charts.map((c) => (
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

      <section className="report-section" aria-labelledby="sensitivity-title">
        <h2 id="sensitivity-title">How robust the ranking is</h2>
        <ul>
          {d.stability.map((s) => (
            <li key={s.section}>{s.sentence}</li>
          ))}
        </ul>
        {d.win.length > 0 ? (
          <p>
            Win probability: {d.win.map((w) => `${w.name} ${formatFigure(w.share * 100, 0)}%`).join(", ")} of
            2,000 weightings.
          </p>
        ) : null}
      </section>

      <section className="report-section" aria-labelledby="checklist-title">
        <h2 id="checklist-title">Checklist and weights</h2>
        {d.checklist.map((s) => (
          <ScrollRegion
            className="report-scroll"
            label={`${s.name}: weight ${s.weight}, ${s.share}`}
            key={s.id}
          >
            <table className="report-table report-keep report-checklist">
              <caption>
                {s.name}: weight {s.weight}, {s.share}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Weight</th>
                  <th scope="col">Share of the total</th>
                  <th scope="col">Knockout</th>
                </tr>
              </thead>
              <tbody>
                {s.criteria.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">{c.name}</th>
                    <td>{c.kind}</td>
                    <td>{c.weight}</td>
                    <td>{c.nominal}</td>
                    <td>{c.knockout === null ? "—" : `below ${c.knockout}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ))}
      </section>

      <section className="report-section" aria-labelledby="people-title">
        <h2 id="people-title">Who scored, and their declarations</h2>
        <ul>
          {d.evaluators.map((e) => (
            <li key={e.label}>
              {e.label}: {e.scores} {e.scores === 1 ? "score" : "scores"}
              {e.notBlind ? ". An admin, so not blind: saw the other evaluators' scores while scoring." : ""}
            </li>
          ))}
        </ul>
        <ScrollRegion className="report-scroll" label="Conflict-of-interest declarations">
          <table className="report-table report-keep">
            <caption className="visually-hidden">Conflict-of-interest declarations</caption>
            <thead>
              <tr>
                <th scope="col">Evaluator</th>
                <th scope="col">Declared</th>
                <th scope="col">Conflicts</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {d.declarations.map((x) => (
                <tr key={x.evaluator}>
                  <th scope="row">{x.evaluator}</th>
                  <td>{x.declaredAt}</td>
                  <td>{x.conflicts.length === 0 ? "None" : x.conflicts.join(", ")}</td>
                  <td>{x.note || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section className="report-section" aria-labelledby="evidence-title">
        <h2 id="evidence-title">Evidence cited</h2>
        {d.evidence.length === 0 ? (
          <p>No score cites evidence.</p>
        ) : (
          <ScrollRegion className="report-scroll" label="The evidence versions the scores cite">
            <table className="report-table">
              <caption className="visually-hidden">The evidence versions the scores cite</caption>
              <thead>
                <tr>
                  <th scope="col">Evidence</th>
                  <th scope="col">Claim</th>
                  <th scope="col">Version</th>
                  <th scope="col">Your verification</th>
                </tr>
              </thead>
              <tbody>
                {d.evidence.map((x) => (
                  <tr key={`${x.title} ${x.version}`}>
                    <th scope="row">
                      {x.title}
                      <span className="report-hash">{x.sha256 ? `SHA-256 ${x.sha256}` : x.file}</span>
                    </th>
                    <td>{x.claim}</td>
                    <td>{x.version}</td>
                    <td>{x.verification}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </section>

      <section className="report-section" aria-labelledby="audit-title">
        <h2 id="audit-title">Audit summary</h2>
        <ScrollRegion className="report-scroll" label="This evaluation's audit events by kind">
          <table className="report-table report-keep">
            <caption className="visually-hidden">This evaluation's audit events by kind</caption>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Count</th>
                <th scope="col">First</th>
                <th scope="col">Last</th>
              </tr>
            </thead>
            <tbody>
              {d.audit.map((a) => (
                <tr key={a.action}>
                  <th scope="row">{a.action}</th>
                  <td>{a.count}</td>
                  <td>{a.first}</td>
                  <td>{a.last}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>
    </article>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Decision report: ${data.evaluation.name} · PartnerLens` : "PartnerLens" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
