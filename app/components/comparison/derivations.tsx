// How a figure of the comparison was made, from the engine's derivation (docs/product.md "Transparent arithmetic"): which
// scores, which weights, which rule. Shown in the comparison's dialog and, all at once, on a candidate's page.
import { ScrollRegion } from "~/components/scroll-region";
import { plural, possessive } from "~/utils/format";
import {
  CompletenessDerivation,
  CoverageDerivation,
  EvidenceDerivation,
  InWords,
  RankDerivation,
  RoundingNote,
  Rule,
} from "./derivation-parts";
import type { DerivationView, Figure } from "./derivation-view";

export function Derivation({ d, figure }: { d: DerivationView; figure: Figure }) {
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

export function TotalDerivation({ d }: { d: DerivationView }) {
  const t = d.total;
  if (t.result === null) {
    return <p>No section has a score yet, so {d.candidate.name} has no total (“not scored”).</p>;
  }
  return (
    <div className="derivation">
      <InWords>
        {possessive(d.candidate.name)} total is <strong>{t.result}</strong>, the average of its{" "}
        {plural(t.terms.length, "section score", "section scores")} weighted by the sections' weights: each
        score times its weight, added up ({t.weightedSum}), divided by the weights of the sections with a
        score ({t.weightSum}).{t.clamped ? ` That gave ${t.unclamped}, clamped to 0–100.` : ""}
        {t.terms.length > 0 ? ` ${largestPart(t.terms)}` : ""}
      </InWords>
      <Rule>{t.rule}</Rule>
      <ScrollRegion label="Sections making the total">
        <table className="derivation-table">
          <caption className="visually-hidden">Sections making the total</caption>
          <thead>
            <tr>
              <th scope="col">Section</th>
              <th scope="col" className="num">
                Weight W
              </th>
              <th scope="col" className="num">
                Section score
              </th>
              <th scope="col" className="num">
                W × score
              </th>
              <th scope="col" className="num">
                Points of the total
              </th>
            </tr>
          </thead>
          <tbody>
            {t.terms.map((term) => (
              <tr key={term.section}>
                <th scope="row">{term.section}</th>
                <td className="num">{term.weight}</td>
                <td className="num">{term.score}</td>
                <td className="num">{term.weighted}</td>
                <td className="num">{term.points}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Sum</th>
              <td className="num">{t.weightSum}</td>
              <td className="num" />
              <td className="num">{t.weightedSum}</td>
              <td className="num">{t.contributionSum}</td>
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
                <th scope="col" className="num">
                  Nominal weight
                </th>
                <th scope="col" className="num">
                  Applied weight
                </th>
                <th scope="col" className="num">
                  S
                </th>
                <th scope="col" className="num">
                  Points
                </th>
              </tr>
            </thead>
            <tbody>
              {t.contributions.map((c) => (
                <tr key={`${c.section} ${c.criterion}`}>
                  <th scope="row">
                    {c.criterion} <span className="muted">· {c.section}</span>
                  </th>
                  <td className="num">{c.nominal}</td>
                  <td className="num">{c.applied}</td>
                  <td className="num">
                    {c.score} of {c.max}
                  </td>
                  <td className="num">{c.points}</td>
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

/** "Reference deployments adds the most: 22.50 points." */
function largestPart(terms: DerivationView["total"]["terms"]): string {
  const top = terms.reduce((a, b) => (Number(b.points) > Number(a.points) ? b : a));
  return `${top.section} adds the most: ${top.points} points.`;
}

export function SectionDerivation({ d, id }: { d: DerivationView; id: string }) {
  const s = d.sections.find((x) => x.id === id);
  if (!s) return <p>This section is not in the checklist.</p>;
  if (s.result === null) return <p>No criterion of {s.name} has a score yet for this candidate.</p>;
  return (
    <div className="derivation">
      {!s.counted ? <p className="muted">This section weighs 0: it counts in no total.</p> : null}
      <InWords>
        {d.candidate.name} scores <strong>{s.result}</strong> of 100 on {s.name}: each of its{" "}
        {plural(s.terms.length, "criterion", "criteria")} with a score counts as its score's share of the
        scale, weighted by the criterion's weight. The weighted shares add up to {s.weightedSum} of a possible{" "}
        {s.weightSum}, and 100 × {s.weightedSum} / {s.weightSum} = {s.result}.
      </InWords>
      <Rule>{s.rule}</Rule>
      <ScrollRegion label="Criteria making the section score">
        <table className="derivation-table">
          <caption className="visually-hidden">Criteria making the section score</caption>
          <thead>
            <tr>
              <th scope="col">Criterion</th>
              <th scope="col" className="num">
                Weight w
              </th>
              <th scope="col" className="num">
                S
              </th>
              <th scope="col" className="num">
                w × S / M
              </th>
            </tr>
          </thead>
          <tbody>
            {s.terms.map((term) => (
              <tr key={term.criterion}>
                <th scope="row">{term.criterion}</th>
                <td className="num">{term.weight}</td>
                <td className="num">
                  {term.score} of {term.max}
                </td>
                <td className="num">{term.weighted}</td>
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
