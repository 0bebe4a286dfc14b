// The derivations of a candidate's summary figures: completeness, rank, evaluator coverage and evidence confidence,
// with the rule each follows and the note on rounding the tables share.
import type { ReactNode } from "react";
import { ScrollRegion } from "~/components/scroll-region";
import { plural } from "~/utils/format";
import type { CompletenessView, DerivationView, RankView } from "./derivation-view";

export function RoundingNote() {
  return (
    <p className="derivation-note">
      Shown with two decimals; the comparison's one-decimal figures are these, rounded (halves away from
      zero). The engine works in full precision.
    </p>
  );
}

/** The rule as the engine writes it, behind "Show the formula": the derivation leads with words and figures. */
export function Rule({ children }: { children: string }) {
  return (
    <details className="derivation-rule">
      <summary>Show the formula</summary>
      <p>
        <code>{children}</code>
      </p>
    </details>
  );
}

/** The derivation in a sentence, with its figures, before the table that details it. */
export function InWords({ children }: { children: ReactNode }) {
  return <p className="derivation-words">{children}</p>;
}

/** Rule 5: the nominal weights counted, added up. `d.completeness` may be `completenessView`'s. */
export function CompletenessDerivation({ d }: { d: { completeness: CompletenessView } }) {
  const c = d.completeness;
  return (
    <div className="derivation">
      <InWords>
        {c.terms.length === 0 ? (
          `No criterion has a score yet, so no nominal weight counts: ${c.result} of the checklist's weight has a score.`
        ) : (
          <>
            {c.result} of the checklist's weight has a score: the nominal weights of the{" "}
            {plural(c.terms.length, "criterion", "criteria")} scored add up to it
            {c.missing.length > 0
              ? `; ${plural(c.missing.length, "criterion is", "criteria are")} not scored yet.`
              : ", and every criterion is scored."}
          </>
        )}
      </InWords>
      <Rule>{c.rule}</Rule>
      {c.terms.length === 0 ? null : (
        <ScrollRegion label="Nominal weights counted">
          <table className="derivation-table">
            <caption className="visually-hidden">Criteria with a score and their nominal weights</caption>
            <thead>
              <tr>
                <th scope="col">Criterion with a score</th>
                <th scope="col" className="num">
                  Nominal weight ew
                </th>
              </tr>
            </thead>
            <tbody>
              {c.terms.map((t) => (
                <tr key={t.criterion}>
                  <th scope="row">{t.criterion}</th>
                  <td className="num">{t.nominal}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Sum</th>
                <td className="num">{c.result}</td>
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
          {name} has no total yet, so no rank (“not scored”): listed after the{" "}
          {plural(rank.ahead, "ranked candidate", "ranked candidates")}.
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
        <dd>{plural(rank.ahead, "candidate", "candidates")}</dd>
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
      {c.pairs > 0 ? (
        <InWords>
          Of the {c.pairs} pairs of a rated criterion and an evaluator who may score {d.candidate.name},{" "}
          {c.scored} {c.scored === 1 ? "has" : "have"} a score: {c.result}.
        </InWords>
      ) : null}
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
      <InWords>
        {e.result} of the checklist's weight is backed by evidence your organisation verified:{" "}
        {e.terms.length === 0
          ? "no scored criterion is."
          : `the nominal weights of the ${plural(e.terms.length, "criterion", "criteria")} backed add up to it.`}{" "}
        It measures how much of the total rests on checked facts, never more than completeness (
        {d.completeness.result}). To raise it, verify the evidence cited in scores: a criterion counts once
        one of its scores cites a verified version.
      </InWords>
      <Rule>{e.rule}</Rule>
      {e.terms.length === 0 ? null : (
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
