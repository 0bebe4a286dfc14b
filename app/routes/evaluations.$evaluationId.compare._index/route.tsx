import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useLocation } from "@remix-run/react";
import { type ComponentType, useCallback, useEffect, useMemo, useRef, useState } from "react";
import type * as ChartsModule from "~/components/charts/comparison-charts";
import { PALETTE } from "~/components/charts/palette";
import { Derivation, type Figure, figureTitle } from "~/components/comparison/derivations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PageHeader } from "~/components/page";
import { ScrollRegion } from "~/components/scroll-region";
import { formatShare } from "~/domain/checklist";
import { type SensitivitySource, sectionShares, whatIf } from "~/domain/scoring/sensitivity";
import { unpackResults } from "~/domain/scoring/snapshot";
import { WIN_PROBABILITY_DRAWS, winProbability } from "~/domain/scoring/win-probability";
import { comparisonFor } from "~/models/comparison.server";
import compareStyles from "~/styles/compare.css";
import { authorize } from "~/utils/access.server";
import { formatFigure } from "~/utils/format";
import { useHydrated } from "~/utils/hydrated";
import type { DerivationView } from "../evaluations.$evaluationId.compare.$candidateId/view.server";
import { engineOf, keepEngine } from "./engine";
import { ComparisonMatrix, MatrixLegend } from "./matrix";
import { comparisonView } from "./view.server";
import { WhatIfPanel } from "./what-if";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: compareStyles }];

// DESIGN.md: admins; evaluators once they submitted every candidate they may score; viewers from `review`. Anyone
// else (another buyer, a partner, an unassigned evaluator) gets a 404.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await authorize(request, { kind: "buyer" });
  // The figures alone: a candidate's derivations load on demand (`compare/:candidateId`).
  const comparison = await comparisonFor(viewer, params.evaluationId, { derivations: false });
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

/** How long the address waits for a slider to rest before it records the weights (history.replaceState). */
const ADDRESS_DELAY_MS = 300;

/** How many candidates each chart shows at most, the best ranked first; the tables under them list everyone. */
const CHART_LIMIT = { sections: 6, contributions: 12, win: 12 };

type Charts = typeof ChartsModule;

export default function ComparePage() {
  const data = useLoaderData<typeof loader>();
  const engine = useMemo(() => engineOf(data), [data]);
  const location = useLocation();
  const hydrated = useHydrated();
  const saved = useMemo(() => Object.fromEntries(engine.sections.map((s) => [s.id, s.weight])), [engine]);
  const [weights, setWeights] = useState<Record<string, number>>(() => ({
    ...saved,
    ...(data.applied ?? {}),
  }));
  const [open, setOpen] = useState<Set<string>>(() => new Set(data.open));
  // The engine's results as the sensitivity functions read them, unpacked only once something needs them (the
  // what-if with moved weights, the win probability): not for a render at the saved weights.
  const unpacked = useRef<{ engine: typeof engine; source: SensitivitySource } | null>(null);
  const sourceOf = useCallback(() => {
    if (unpacked.current?.engine !== engine) {
      unpacked.current = { engine, source: unpackResults(engine.packed, engine.sections) };
    }
    return unpacked.current.source;
  }, [engine]);
  const isMoved = engine.sections.some((s) => weights[s.id] !== s.weight);
  const moved = useMemo(
    () => (isMoved ? whatIf(sourceOf(), engine.sections, weights) : null),
    [isMoved, sourceOf, engine, weights],
  );
  const shares = useMemo(() => {
    const raw = sectionShares(engine.sections.map((s) => ({ id: s.id, weight: weights[s.id] ?? s.weight })));
    return new Map([...raw].map(([id, share]) => [id, formatShare(share)]));
  }, [engine, weights]);
  const names = useMemo(() => new Map(data.columns.map((c) => [c.id, c.name])), [data.columns]);
  const criterionNames = useMemo(
    () => new Map(data.sections.flatMap((s) => s.criteria.map((c) => [c.id, c.name]))),
    [data.sections],
  );

  // The address says what is open and which weights are tried, so a reload or a shared link shows the same. A
  // slider sends many changes a second: the address follows once it rests (NOTE: browsers throttle rapid
  // history.replaceState calls, and some refetch the favicon on each).
  const writeAddress = useCallback(
    (nextOpen: Set<string>, nextWeights: Record<string, number>) => {
      const params = new URLSearchParams();
      for (const id of nextOpen) params.append("open", id);
      for (const s of engine.sections) {
        if (nextWeights[s.id] !== s.weight) params.set(`w.${s.id}`, String(nextWeights[s.id]));
      }
      const query = params.toString();
      window.history.replaceState(
        window.history.state,
        "",
        `${location.pathname}${query ? `?${query}` : ""}`,
      );
    },
    [engine, location.pathname],
  );
  const addressTimer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(addressTimer.current), []);
  const syncAddress = (nextOpen: Set<string>, nextWeights: Record<string, number>, wait = false) => {
    window.clearTimeout(addressTimer.current);
    if (wait)
      addressTimer.current = window.setTimeout(() => writeAddress(nextOpen, nextWeights), ADDRESS_DELAY_MS);
    else writeAddress(nextOpen, nextWeights);
  };
  const toggle = (sectionId: string) => {
    const next = new Set(open);
    if (next.has(sectionId)) next.delete(sectionId);
    else next.add(sectionId);
    setOpen(next);
    syncAddress(next, weights);
  };
  const changeWeight = (sectionId: string, weight: number) => {
    const next = { ...weights, [sectionId]: weight };
    setWeights(next);
    syncAddress(open, next, true);
  };
  const reset = () => {
    setWeights(saved);
    syncAddress(open, saved);
  };

  // Per-evaluator scores of a row, fetched when it is opened, each row by its own fetcher (DESIGN.md: they do not
  // load with the page).
  const [openRows, setOpenRows] = useState<Set<string>>(() => new Set());
  const toggleRow = (criterionId: string) =>
    setOpenRows((rows) => {
      const next = new Set(rows);
      if (next.has(criterionId)) next.delete(criterionId);
      else next.add(criterionId);
      return next;
    });

  // A figure's derivation, in a dialog, from the candidate's derivation data (fetched once per candidate).
  const derivationFetcher = useFetcher<DerivationView & { evaluation: { id: string } }>();
  const [derivations, setDerivations] = useState<Map<string, DerivationView>>(() => new Map());
  const [shown, setShown] = useState<{ candidateId: string; figure: Figure } | null>(null);
  const dialog = useRef<HTMLDialogElement>(null);
  const openFigure = (candidateId: string, figure: Figure) => {
    setShown({ candidateId, figure });
    if (!derivations.has(candidateId)) {
      derivationFetcher.load(`/evaluations/${data.evaluation.id}/compare/${candidateId}`);
    }
    if (dialog.current && !dialog.current.open) dialog.current.showModal();
  };
  useEffect(() => {
    const loaded = derivationFetcher.data;
    if (derivationFetcher.state === "idle" && loaded?.candidate) {
      setDerivations((all) =>
        all.has(loaded.candidate.id) ? all : new Map(all).set(loaded.candidate.id, loaded),
      );
    }
  }, [derivationFetcher.state, derivationFetcher.data]);
  const shownDerivation = shown ? derivations.get(shown.candidateId) : undefined;

  // After the first paint: the charts' code, and the win probability (2,000 seeded weightings, in the browser),
  // unless the server drew it (`?wp=1`, without JavaScript).
  const [charts, setCharts] = useState<Charts | null>(null);
  const [win, setWin] = useState<Map<string, number> | null | undefined>(() =>
    data.win ? (data.win.shares.length > 0 ? new Map(data.win.shares) : null) : undefined,
  );
  useEffect(() => {
    let live = true;
    import("~/components/charts/comparison-charts").then((module) => {
      if (live) setCharts(module);
    });
    const timer = data.win
      ? undefined
      : window.setTimeout(() => {
          if (live) setWin(winProbability(sourceOf(), engine.sections, engine.seed) ?? null);
        }, 0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [sourceOf, engine, data.win]);
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

  const ranked = data.columns.filter((c) => c.rank !== null);
  // The rows the win probability chart will draw: the qualified candidates with a total (its box keeps this size).
  const contenders = data.columns.filter((c) => c.total !== null && !c.disqualified).length;
  const chartSections = data.sections.filter((s) => s.counted);
  const chartCandidates = (limit: number) =>
    ranked.slice(0, limit).map((c) => {
      const i = data.columns.indexOf(c);
      return {
        id: c.id,
        name: c.name,
        sections: Object.fromEntries(
          data.sections.map((s, si) => [s.id, engine.packed.candidates[i].sec[si] ?? undefined]),
        ),
        parts: Object.fromEntries(data.sections.map((s, si) => [s.id, c.parts[si]])),
      };
    });
  const winRows = win
    ? [...win]
        .map(([id, share]) => ({ id, name: names.get(id) ?? "", share }))
        .sort((a, b) => b.share - a.share || a.name.localeCompare(b.name))
    : [];
  const winLeader = winRows[0];
  const resetHref = `${location.pathname}${data.open.length ? `?${data.open.map((id) => `open=${id}`).join("&")}` : ""}`;

  return (
    <>
      <p className="back">
        <Link to={`/evaluations/${data.evaluation.id}`}>← {data.evaluation.name}</Link>
      </p>
      <PageHeader
        title={`Compare the shortlist: ${data.evaluation.name}`}
        intro={
          <>
            <span className={`badge evaluation-status-${data.evaluation.status}`}>
              {data.evaluation.statusLabel}
            </span>{" "}
            {data.columns.length} candidates · {data.evaluators} evaluators
            {data.evaluation.minimumTotal ? ` · minimum total ${data.evaluation.minimumTotal}` : ""}
            {data.evaluation.final ? "" : " · provisional: scoring is incomplete"}
          </>
        }
      />
      {data.ignoredWeights > 0 ? (
        <p className="alert alert-info" role="status">
          {data.ignoredWeights === 1 ? "A weight" : `${data.ignoredWeights} weights`} in the link
          {data.ignoredWeights === 1 ? " was" : " were"} not a number from 0 to 10,000: the saved weight is
          shown instead.
        </p>
      ) : null}
      {data.stability?.leader ? (
        <p className="compare-lead">
          <strong>{data.stability.leader}</strong> leads at the saved weights
          {winLeader && win ? (
            <>
              {" "}
              and in {formatFigure(winLeader.share * 100, 0)}% of {WIN_PROBABILITY_DRAWS.toLocaleString("en")}{" "}
              random weightings around them
            </>
          ) : null}
          .
        </p>
      ) : data.stability?.tied ? (
        <p className="compare-lead">The top of the ranking is tied at the saved weights.</p>
      ) : null}
      <MatrixLegend />
      <ComparisonMatrix
        evaluationId={data.evaluation.id}
        sections={data.sections}
        columns={data.columns}
        packed={engine.packed}
        final={data.evaluation.final}
        moved={moved}
        shares={shares}
        criterionNames={criterionNames}
        open={open}
        hydrated={hydrated}
        search={location.search}
        onToggle={toggle}
        onFigure={openFigure}
        openRows={openRows}
        onEvaluators={toggleRow}
      />
      {data.withdrawn.length > 0 ? (
        <section className="card withdrawn" aria-labelledby="withdrawn-title">
          <h2 id="withdrawn-title">Withdrawn (out of the ranking)</h2>
          <ul>
            {data.withdrawn.map((w) => (
              <li key={w.id}>
                <Link to={`/partners/${w.partnerId}`}>{w.name}</Link>, withdrawn {w.on}
                {w.reason ? `: ${w.reason}` : ""}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <WhatIfPanel
        sections={engine.sections}
        weights={weights}
        shares={shares}
        moved={moved}
        open={[...open]}
        hydrated={hydrated}
        resetHref={resetHref}
        onChange={changeWeight}
        onReset={reset}
        names={names}
      />
      <section className="card" aria-labelledby="robust-title">
        <h2 id="robust-title">How robust is the ranking?</h2>
        {data.stability ? (
          <>
            <h3>Rank stability, section by section</h3>
            <ul className="stability">
              {data.stability.lines.map((line) => (
                <li key={line.sectionId}>
                  {line.text}
                  {line.takers.length > 0
                    ? ` Then ${line.takers.join(" and ")} would take or share the lead.`
                    : ""}
                </li>
              ))}
            </ul>
            <h3>Win probability</h3>
            <p aria-live="polite">
              {win === undefined ? (
                hydrated ? (
                  "Drawing 2,000 weightings…"
                ) : (
                  // Without JavaScript, a link that asks the server to draw them.
                  <>
                    <a href={winHref}>Draw the {WIN_PROBABILITY_DRAWS.toLocaleString("en")} weightings</a>{" "}
                    (the page reloads with the win probability).
                  </>
                )
              ) : win === null || !winLeader ? (
                "No qualified candidate has a total yet."
              ) : (
                `${winLeader.name} leads in ${formatFigure(winLeader.share * 100, 0)}% of ${WIN_PROBABILITY_DRAWS.toLocaleString("en")} weightings drawn around the saved ones${
                  winRows[1] && winRows[1].share > 0
                    ? `; ${winRows[1].name} in ${formatFigure(winRows[1].share * 100, 0)}%`
                    : ""
                }.`
              )}
            </p>
          </>
        ) : (
          <p>No qualified candidate has a total yet: nothing to test.</p>
        )}
      </section>
      <section className="card charts" aria-labelledby="charts-title">
        <h2 id="charts-title">Charts</h2>
        <ChartFigure
          id="sections"
          hydrated={hydrated}
          legend={ranked.slice(0, CHART_LIMIT.sections).map((c, i) => ({
            name: c.name,
            color: PALETTE[i % PALETTE.length],
          }))}
          figuresOpen={data.figures}
          figuresHref={figuresHref("sections")}
          title="Section scores per candidate"
          caption={`The ${Math.min(CHART_LIMIT.sections, ranked.length)} best-ranked candidates' score (0–100) in each counted section.`}
          height={
            80 + chartSections.length * (10 * Math.min(CHART_LIMIT.sections, Math.max(1, ranked.length)) + 14)
          }
          chart={
            charts
              ? () => (
                  <charts.SectionScoresChart
                    legend={false}
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
                const i = data.columns.indexOf(c);
                return [
                  c.name,
                  ...chartSections.map((s) => {
                    const v = engine.packed.candidates[i].sec[data.sections.indexOf(s)];
                    return v === null ? "—" : formatFigure(v);
                  }),
                ];
              }),
          }}
        />
        <ChartFigure
          id="contributions"
          hydrated={hydrated}
          legend={chartSections.map((s, i) => ({ name: s.name, color: PALETTE[i % PALETTE.length] }))}
          figuresOpen={data.figures}
          figuresHref={figuresHref("contributions")}
          title="What each section adds to each total"
          caption={`Points each section contributes to the total of the ${Math.min(CHART_LIMIT.contributions, ranked.length)} best-ranked candidates; a bar's length is the total.`}
          height={70 + 40 * Math.min(CHART_LIMIT.contributions, Math.max(1, ranked.length))}
          chart={
            charts
              ? () => (
                  <charts.ContributionsChart
                    legend={false}
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
                ...chartSections.map((s) => formatFigure(c.parts[data.sections.indexOf(s)])),
                c.total ?? "—",
              ]),
          }}
        />
        <ChartFigure
          id="win"
          hydrated={hydrated}
          figuresOpen={data.figures}
          figuresHref={figuresHref("win")}
          title="Win probability"
          caption={`Share of ${WIN_PROBABILITY_DRAWS.toLocaleString("en")} random weightings (Dirichlet, around the saved weights) in which each candidate ranks first.`}
          height={50 + 40 * Math.min(CHART_LIMIT.win, Math.max(1, contenders))}
          chart={
            charts && win
              ? () => <charts.WinProbabilityChart rows={winRows.slice(0, CHART_LIMIT.win)} />
              : null
          }
          table={{
            head: ["Candidate", "Leads in"],
            rows: () => winRows.map((r) => [r.name, `${formatFigure(r.share * 100)}%`]),
          }}
        />
      </section>
      <dialog
        ref={dialog}
        className="derivation-dialog"
        aria-labelledby="derivation-title"
        onClose={() => setShown(null)}
      >
        <div className="dialog-head">
          <h2 id="derivation-title">
            {shown && shownDerivation ? figureTitle(shown.figure, shownDerivation) : "How it was made"}
          </h2>
          <button type="button" className="btn btn-secondary" onClick={() => dialog.current?.close()}>
            Close
          </button>
        </div>
        {shown ? (
          shownDerivation ? (
            <>
              <Derivation d={shownDerivation} figure={shown.figure} />
              <p>
                <Link to={`/evaluations/${data.evaluation.id}/compare/${shown.candidateId}`}>
                  Every figure of {shownDerivation.candidate.name}
                </Link>
              </p>
            </>
          ) : derivationFetcher.state === "loading" ? (
            <p>Loading…</p>
          ) : (
            <p>The derivation could not be loaded. Try again.</p>
          )
        ) : null}
      </dialog>
    </>
  );
}

/** A chart in a box reserved before it loads (nothing moves), with its figures as a table beneath. */
function ChartFigure({
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
  legend?: { name: string; color: string }[];
  table: { head: string[]; rows: () => (string | number)[][] };
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
      {legend ? (
        <ul className="matrix-legend" style={{ listStyle: "none", padding: 0, margin: "8px 0 0" }}>
          {legend.map((item) => (
            <li key={item.name}>
              <span
                aria-hidden="true"
                style={{
                  display: "inline-block",
                  width: 12,
                  height: 12,
                  marginRight: 6,
                  borderRadius: 2,
                  verticalAlign: "-1px",
                  background: item.color,
                }}
              />
              {item.name}
            </li>
          ))}
        </ul>
      ) : null}
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
          <ScrollRegion label={`${title}: the figures`}>
            <table>
              <caption className="visually-hidden">{title}</caption>
              <thead>
                <tr>
                  {table.head.map((h) => (
                    <th scope="col" key={h}>
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
                      <td key={table.head[i + 1]}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : hydrated ? null : (
          <p>
            <a href={figuresHref}>Show the figures</a> (the page reloads with every chart's table open).
          </p>
        )}
      </details>
    </figure>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Compare: ${data.evaluation.name} · PartnerLens` : "PartnerLens" },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
