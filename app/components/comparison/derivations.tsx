// How a figure of the comparison was made, from the engine's derivation (DESIGN.md "Transparent arithmetic"): which
// scores, which weights, which rule. Shown in the comparison's dialog and, all at once, on a candidate's page.
import { ScrollRegion } from "~/components/scroll-region";
import { formatShare } from "~/domain/checklist";
import type { CandidateResult } from "~/domain/scoring";
import type { DerivationView } from "~/routes/evaluations.$evaluationId.compare.$candidateId/view.server";
import { formatFigure } from "~/utils/format";

export type Figure =
  | { kind: "total" }
  | { kind: "section"; id: string }
  | { kind: "criterion"; id: string }
  | { kind: "completeness" }
  | { kind: "coverage" }
  | { kind: "evidence" }
  | { kind: "rank" };

/** Completeness as the engine derived it (rule 5), with names and shares ready to show. */
export interface CompletenessView {
  rule: string;
  /** The nominal weights counted: criteria with a score. */
  terms: { criterion: string; nominal: string }[];
  missing: { criterion: string; nominal: string }[];
  result: string;
  complete?: boolean;
}

/** The rank as the engine derived it (rule 9), with names ready to show. */
export interface RankView {
  rule: string;
  group: "qualified" | "disqualified" | "unranked";
  /** The total compared, rounded to 9 decimals; null when unranked. */
  roundedTotal: string | null;
  ahead: number;
  tiedWith: string[];
  result: number | null;
}

/** The engine's completeness derivation for the derivation views (`CandidateResult.completenessDerivation`). */
export function completenessView(
  result: CandidateResult,
  criterionName: Map<string, string>,
): CompletenessView {
  const d = result.completenessDerivation;
  const named = (t: { criterionId: string; nominalWeight: number }) => ({
    criterion: criterionName.get(t.criterionId) ?? "",
    nominal: formatShare(t.nominalWeight),
  });
  return {
    rule: d.rule,
    terms: d.terms.map(named),
    missing: d.missing.map(named),
    result: formatShare(d.result),
    complete: d.complete,
  };
}

/** The engine's rank derivation for the derivation views (`CandidateResult.rankDerivation`). */
export function rankView(result: CandidateResult, candidateName: Map<string, string>): RankView {
  const d = result.rankDerivation;
  return {
    rule: d.rule,
    group: d.group,
    roundedTotal: d.roundedTotal === undefined ? null : formatFigure(d.roundedTotal, 9),
    ahead: d.ahead,
    tiedWith: d.tiedWith.map((id) => candidateName.get(id) ?? ""),
    result: d.result ?? null,
  };
}

/** A derivation view, with the rank's once the route supplies it. */
type Views = DerivationView & { rank?: RankView };

/** The anchor of a figure on the candidate's derivation page. */
export function figureAnchor(figure: Figure): string {
  return figure.kind === "section" || figure.kind === "criterion"
    ? `${figure.kind}-${figure.id}`
    : figure.kind;
}

export function figureTitle(figure: Figure, d: Views): string {
  switch (figure.kind) {
    case "total":
      return `Total of ${d.candidate.name}`;
    case "section":
      return `${d.sections.find((s) => s.id === figure.id)?.name ?? "Section"}: ${d.candidate.name}`;
    case "criterion":
      return `${d.criteria.find((c) => c.id === figure.id)?.name ?? "Criterion"}: ${d.candidate.name}`;
    case "completeness":
      return `Completeness of ${d.candidate.name}`;
    case "coverage":
      return `Evaluator coverage of ${d.candidate.name}`;
    case "evidence":
      return `Evidence confidence of ${d.candidate.name}`;
    case "rank":
      return `Rank of ${d.candidate.name}`;
  }
}

export function RoundingNote() {
  return (
    <p className="derivation-note">
      Shown with two decimals; the comparison's one-decimal figures are these, rounded (halves away from
      zero). The engine works in full precision.
    </p>
  );
}

export function Derivation({ d, figure }: { d: Views; figure: Figure }) {
  switch (figure.kind) {
    case "total":
      return <TotalDerivation d={d} />;
    case "section":
      return <SectionDerivation d={d} id={figure.id} />;
    case "criterion":
      return <CriterionDerivation d={d} id={figure.id} />;
    case "completeness":
      return <CompletenessDerivation d={d} />;
    case "coverage":
      return <CoverageDerivation d={d} />;
    case "evidence":
      return <EvidenceDerivation d={d} />;
    case "rank":
      return d.rank ? <RankDerivation rank={d.rank} name={d.candidate.name} /> : <p>No rank derivation.</p>;
  }
}

function Rule({ children }: { children: string }) {
  return (
    <p className="derivation-rule">
      <span className="derivation-label">Rule</span> <code>{children}</code>
    </p>
  );
}

export function TotalDerivation({ d }: { d: DerivationView }) {
  const t = d.total;
  if (t.result === null) {
    return <p>No section has a score yet, so {d.candidate.name} has no total (“not scored”).</p>;
  }
  return (
    <div className="derivation">
      <Rule>{t.rule}</Rule>
      <ScrollRegion label="Sections making the total">
        <table className="derivation-table">
          <caption className="visually-hidden">Sections making the total</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col">Weight W</th>
              <th scope="col">Section score</th>
              <th scope="col">W × score</th>
              <th scope="col">Points of the total</th>
            </tr>
          </thead>
          <tbody>
            {t.terms.map((term) => (
              <tr key={term.section}>
                <th scope="row">{term.section}</th>
                <td>{term.weight}</td>
                <td>{term.score}</td>
                <td>{term.weighted}</td>
                <td>{term.points}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Sum</th>
              <td>{t.weightSum}</td>
              <td />
              <td>{t.weightedSum}</td>
              <td>{t.contributionSum}</td>
            </tr>
          </tfoot>
        </table>
      </ScrollRegion>
      <p className="derivation-result">
        {t.weightedSum} / {t.weightSum} = <strong>{t.result}</strong>
        {t.clamped ? ` (clamped to 0–100 from ${t.unclamped})` : ""}
      </p>
      <details className="derivation-more">
        <summary>Every criterion's contribution ({t.contributions.length})</summary>
        <ScrollRegion label="Contributions of the criteria">
          <table className="derivation-table">
            <caption className="visually-hidden">Contributions of the criteria, in points</caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Nominal weight</th>
                <th scope="col">Applied weight</th>
                <th scope="col">S</th>
                <th scope="col">Points</th>
              </tr>
            </thead>
            <tbody>
              {t.contributions.map((c) => (
                <tr key={`${c.section} ${c.criterion}`}>
                  <th scope="row">
                    {c.criterion} <span className="muted">· {c.section}</span>
                  </th>
                  <td>{c.nominal}</td>
                  <td>{c.applied}</td>
                  <td>
                    {c.score} of {c.max}
                  </td>
                  <td>{c.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
        <p>
          Contribution = 100 × applied weight × S / M. They add up to {t.contributionSum}, the total. The
          applied weight shares each section's weight among the criteria scored so far; the nominal one is the
          checklist's.
        </p>
      </details>
      <RoundingNote />
    </div>
  );
}

export function SectionDerivation({ d, id }: { d: DerivationView; id: string }) {
  const s = d.sections.find((x) => x.id === id);
  if (!s) return <p>This section is not in the checklist.</p>;
  if (s.result === null) return <p>No criterion of {s.name} has a score yet for this candidate.</p>;
  return (
    <div className="derivation">
      {!s.counted ? <p className="muted">This section weighs 0: it counts in no total.</p> : null}
      <Rule>{s.rule}</Rule>
      <ScrollRegion label="Criteria making the section score">
        <table className="derivation-table">
          <caption className="visually-hidden">Criteria making the section score</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col">Weight w</th>
              <th scope="col">S</th>
              <th scope="col">w × S / M</th>
            </tr>
          </thead>
          <tbody>
            {s.terms.map((term) => (
              <tr key={term.criterion}>
                <th scope="row">{term.criterion}</th>
                <td>{term.weight}</td>
                <td>
                  {term.score} of {term.max}
                </td>
                <td>{term.weighted}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <p className="derivation-result">
        100 × {s.weightedSum} / {s.weightSum} = <strong>{s.result}</strong>
      </p>
      <RoundingNote />
    </div>
  );
}

export function CriterionDerivation({ d, id }: { d: DerivationView; id: string }) {
  const c = d.criteria.find((x) => x.id === id);
  if (!c) return <p>This criterion is not in the checklist.</p>;
  const knockout = d.knockouts.find((k) => k.criterionId === c.id);
  return (
    <div className="derivation">
      <p className="derivation-rule">
        <span className="derivation-label">Rule</span> {c.rule}
      </p>
      {c.steps.length > 0 ? (
        <ul className="derivation-steps">
          {c.steps.map((step) => (
            <li key={step}>{step}</li>
          ))}
        </ul>
      ) : null}
      <dl className="facts">
        <dt>S</dt>
        <dd>{c.score === null ? "Not scored" : `${c.score} of ${c.max}`}</dd>
        {c.spread !== null ? (
          <>
            <dt>Spread</dt>
            <dd>
              {c.spread}
              {c.disagreement ? " — a disagreement (30% of the scale or more)" : ""}
            </dd>
          </>
        ) : null}
        <dt>Nominal weight</dt>
        <dd>{c.counted ? c.nominal : "0% (its section weighs 0)"}</dd>
        <dt>Applied weight</dt>
        <dd>{c.applied}</dd>
        <dt>Contribution</dt>
        <dd>{c.contribution === null ? "None" : `${c.contribution} points`}</dd>
        <dt>Verified evidence</dt>
        <dd>{c.evidenceBacked ? "Yes: it backs this score" : "No"}</dd>
        {knockout ? (
          <>
            <dt>Knockout</dt>
            <dd>
              Below {knockout.threshold} disqualifies:{" "}
              {knockout.status === "pending" ? "pending" : knockout.status === "fail" ? "failed" : "passed"}
            </dd>
          </>
        ) : null}
      </dl>
      <RoundingNote />
    </div>
  );
}

/** Rule 5: the nominal weights counted, added up. `d.completeness` may be `completenessView`'s. */
export function CompletenessDerivation({ d }: { d: { completeness: CompletenessView } }) {
  const c = d.completeness;
  return (
    <div className="derivation">
      <Rule>{c.rule}</Rule>
      {c.terms.length === 0 ? (
        <p>No criterion has a score yet, so no nominal weight counts.</p>
      ) : (
        <ScrollRegion label="Nominal weights counted">
          <table className="derivation-table">
            <caption className="visually-hidden">Criteria with a score and their nominal weights</caption>
            <thead>
              <tr>
                <th scope="col">Criterion with a score</th>
                <th scope="col">Nominal weight ew</th>
              </tr>
            </thead>
            <tbody>
              {c.terms.map((t) => (
                <tr key={t.criterion}>
                  <th scope="row">{t.criterion}</th>
                  <td>{t.nominal}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Sum</th>
                <td>{c.result}</td>
              </tr>
            </tfoot>
          </table>
        </ScrollRegion>
      )}
      <p className="derivation-result">
        Completeness: <strong>{c.result}</strong>
        {c.missing.length > 0 ? " (not final until every criterion has a score)" : ""}
      </p>
      {c.missing.length > 0 ? (
        <details className="derivation-more">
          <summary>Not scored yet ({c.missing.length})</summary>
          <ul>
            {c.missing.map((m) => (
              <li key={m.criterion}>
                {m.criterion} ({m.nominal})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      <p className="derivation-note">
        Shown with one decimal; the engine adds the nominal weights in full precision.
      </p>
    </div>
  );
}

/** Rule 9: the group, the total compared, who is ahead and who shares the rank. */
export function RankDerivation({ rank, name }: { rank: RankView; name: string }) {
  if (rank.group === "unranked" || rank.result === null) {
    return (
      <div className="derivation">
        <Rule>{rank.rule}</Rule>
        <p>
          {name} has no total yet, so no rank (“not scored”): listed after the {rank.ahead} ranked{" "}
          {rank.ahead === 1 ? "candidate" : "candidates"}.
        </p>
      </div>
    );
  }
  const group = rank.group === "qualified" ? "qualified candidates" : "disqualified candidates";
  return (
    <div className="derivation">
      <Rule>{rank.rule}</Rule>
      <dl className="facts">
        <dt>Ranked among</dt>
        <dd>
          the {group}
          {rank.group === "disqualified" ? ", after every qualified one" : ""}
        </dd>
        <dt>Total compared</dt>
        <dd>{rank.roundedTotal} (rounded to 9 decimals)</dd>
        <dt>Ranked before it</dt>
        <dd>
          {rank.ahead} {rank.ahead === 1 ? "candidate" : "candidates"}
        </dd>
        <dt>Same total, same rank</dt>
        <dd>{rank.tiedWith.length === 0 ? "No one" : rank.tiedWith.join(", ")}</dd>
      </dl>
      <p className="derivation-result">
        1 + {rank.ahead} = <strong>rank {rank.result}</strong>
      </p>
    </div>
  );
}

export function CoverageDerivation({ d }: { d: DerivationView }) {
  const c = d.coverage;
  return (
    <div className="derivation">
      <Rule>{c.rule}</Rule>
      <p className="derivation-result">
        {c.pairs === 0 ? (
          "No evaluator may score this candidate: no coverage figure."
        ) : (
          <>
            {c.scored} / {c.pairs} = <strong>{c.result}</strong>
          </>
        )}
      </p>
    </div>
  );
}

export function EvidenceDerivation({ d }: { d: DerivationView }) {
  const e = d.evidence;
  return (
    <div className="derivation">
      <Rule>{e.rule}</Rule>
      {e.terms.length === 0 ? (
        <p>No scored criterion is backed by evidence your organisation verified.</p>
      ) : (
        <ul>
          {e.terms.map((t) => (
            <li key={t.criterion}>
              {t.criterion}: {t.nominal} ({t.backing})
            </li>
          ))}
        </ul>
      )}
      <p className="derivation-result">
        Evidence confidence: <strong>{e.result}</strong>
      </p>
      <RoundingNote />
    </div>
  );
}
