// The numeric criteria of an evaluation's results (day rates, prices...): values compared to the best one.

/** A counted numeric criterion: each candidate's value (null: none, unscored) and its ratio-rule score. */
export interface NumericResult {
  key: string;
  name: string;
  unit: string;
  max: number;
  lowerIsBetter: boolean;
  best: string | null;
  rows: { candidateId: string; name: string; value: string | null; isBest: boolean; score: string | null }[];
}

/** Under Results: each counted numeric criterion's values, the best one and the ratio-rule scores. */
export function NumericResults({ numeric }: { numeric: NumericResult[] }) {
  return (
    <div className="evaluation-numeric">
      <h3 className="review-subhead">Numeric criteria</h3>
      {numeric.map((n) => (
        <div key={n.key}>
          <p className="evaluation-numeric-caption" id={`numeric-${n.key}`}>
            {n.name}: best value{" "}
            <strong>{n.best === null ? "none yet" : `${n.best} ${n.unit}`.trim()}</strong> (
            {n.lowerIsBetter ? "lower" : "higher"} is better)
          </p>
          <div className="table-wrap">
            <table className="table-stack" aria-labelledby={`numeric-${n.key}`}>
              <thead>
                <tr>
                  <th scope="col">Partner</th>
                  <th scope="col" className="num">
                    Value{n.unit ? ` (${n.unit})` : ""}
                  </th>
                  <th scope="col" className="num">
                    Score (0–{n.max})
                  </th>
                </tr>
              </thead>
              <tbody>
                {n.rows.map((r) => (
                  <tr key={r.candidateId}>
                    <th scope="row" data-label="Partner">
                      {r.name}
                    </th>
                    <td data-label={`Value${n.unit ? ` (${n.unit})` : ""}`} className="evaluation-figure num">
                      {r.value === null ? (
                        <span className="review-missing">No value: unscored</span>
                      ) : (
                        <>
                          {r.value}
                          {r.isBest ? (
                            <>
                              {" "}
                              <span className="badge status-current">Best</span>
                            </>
                          ) : null}
                        </>
                      )}
                    </td>
                    <td data-label={`Score (0–${n.max})`} className="evaluation-figure num">
                      {r.score ?? "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ))}
    </div>
  );
}
