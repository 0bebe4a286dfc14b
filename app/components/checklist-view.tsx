import {
  CHECKLIST_LABELS,
  type Checklist,
  type ChecklistCriterion,
  effectiveWeights,
  rubricLevels,
} from "~/domain/checklist";
import { formatShare } from "~/utils/format";

/** Effective weights as plain records, ready for a loader to return. */
export interface ChecklistShares {
  sections: Record<string, number>;
  withinSection: Record<string, number>;
  criteria: Record<string, number>;
}

export function checklistShares(checklist: Pick<Checklist, "sections">): ChecklistShares {
  const weights = effectiveWeights(checklist);
  return {
    sections: Object.fromEntries(weights.sections),
    withinSection: Object.fromEntries(weights.withinSection),
    criteria: Object.fromEntries(weights.criteria),
  };
}

/**
 * A checklist read-only: the section weights with their shares of the total, then each section's criteria with
 * question, rubric and effective weights. Shared by templates and evaluations (their frozen copies).
 */
export function ChecklistView({
  checklist,
  shares,
}: {
  checklist: Pick<Checklist, "sections">;
  shares: ChecklistShares;
}) {
  return (
    <>
      <section className="card" aria-labelledby="weights-heading">
        <h2 id="weights-heading" className="section-title">
          Section weights
        </h2>
        <div className="table-wrap">
          <table className="table-stack">
            <thead>
              <tr>
                <th scope="col">Section</th>
                <th scope="col" className="num">
                  Weight
                </th>
                <th scope="col" className="num">
                  Share of the total
                </th>
                <th scope="col" className="num">
                  Criteria
                </th>
              </tr>
            </thead>
            <tbody>
              {checklist.sections.map((s) => (
                <tr key={s.key}>
                  <td data-label="Section">
                    <a href={`#section-${s.key}`}>{s.name}</a>
                  </td>
                  <td data-label="Weight" className="num">
                    {s.weight}
                  </td>
                  {/* The figure keeps to one line, the phone's column label (::before) may wrap. */}
                  <td data-label="Share of the total" className="num">
                    <span className="share">
                      {s.weight > 0 ? formatShare(shares.sections[s.key] ?? 0) : "Not counted"}
                    </span>
                  </td>
                  <td data-label="Criteria" className="num">
                    {s.criteria.length}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {checklist.sections.map((s, i) => {
        const sectionShare = shares.sections[s.key] ?? 0;
        return (
          <section
            key={s.key}
            id={`section-${s.key}`}
            className={`card template-section${sectionShare === 0 ? " is-zero" : ""}`}
            aria-labelledby={`section-${s.key}-heading`}
          >
            <div className="template-section-head">
              <h2 id={`section-${s.key}-heading`}>
                {i + 1}. {s.name}
              </h2>
              <span className="share">
                {sectionShare === 0 ? "Weight 0: not counted" : `${formatShare(sectionShare)} of the total`}
              </span>
            </div>
            {s.description ? <p className="muted">{s.description}</p> : null}
            <ol className="template-criteria">
              {s.criteria.map((c) => (
                <CriterionView
                  key={c.key}
                  criterion={c}
                  withinSection={shares.withinSection[c.key] ?? 0}
                  overall={shares.criteria[c.key] ?? 0}
                />
              ))}
            </ol>
          </section>
        );
      })}
    </>
  );
}

function CriterionView({
  criterion: c,
  withinSection,
  overall,
}: {
  criterion: ChecklistCriterion;
  withinSection: number;
  overall: number;
}) {
  const levels = rubricLevels(c.max);
  return (
    <li className={`template-criterion${overall === 0 ? " is-zero" : ""}`}>
      <div className="template-criterion-head">
        <h3>{c.name}</h3>
        <span className="share">
          {overall === 0
            ? "Weight 0: not counted"
            : `${formatShare(overall)} of the total · ${formatShare(withinSection)} of the section`}
        </span>
      </div>
      <p className="template-question">{c.question}</p>
      {c.kind === "rated" ? (
        <dl className="rubric-list" aria-label={`Rubric for ${c.name}`}>
          <dt>{levels.low}</dt>
          <dd>{c.rubric.low}</dd>
          <dt>{levels.middle}</dt>
          <dd>{c.rubric.middle}</dd>
          <dt>{levels.high}</dt>
          <dd>{c.rubric.high}</dd>
        </dl>
      ) : null}
      <div className="tags">
        <span className="badge badge-neutral">
          {c.kind === "rated"
            ? `Rated 0–${c.max}`
            : `Numeric, ${c.unit ?? ""}: ${c.direction === "higher" ? "higher" : "lower"} is better`}
        </span>
        <span className="badge badge-neutral">Weight {c.weight}</span>
        {c.knockout !== null ? (
          <span className="badge status-expired">Knockout: below {c.knockout} disqualifies</span>
        ) : null}
        {c.suggestionRule ? (
          <span className="badge">
            Suggested from {CHECKLIST_LABELS.suggestionRule[c.suggestionRule].toLowerCase()}
          </span>
        ) : null}
        {c.profileField ? (
          <span className="badge">
            Value from the profile: {CHECKLIST_LABELS.profileField[c.profileField]}
          </span>
        ) : null}
      </div>
    </li>
  );
}
