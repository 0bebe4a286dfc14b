import { Form, Link, useNavigation } from "@remix-run/react";
import { type FormEvent, useState } from "react";
import { useHydrated } from "~/utils/hydrated";
import { FormAlert } from "../forms";
import { Badge } from "../ui/badge";

/** One partner of the directory as the triage ranks it on the suggestions alone. */
export interface TriageRowView {
  partnerId: string;
  name: string;
  rank: number | null;
  /** The partial total, formatted; null when no rule suggested anything. */
  total: string | null;
  /** The share of the checklist's weight the suggestions cover ("22%"). */
  completeness: string;
  disqualified: boolean;
  shortlisted: "active" | "withdrawn" | null;
  reasons: { key: string; criterion: string; section: string; score: string | null; reason: string }[];
}

/** What "Add selected" answers: who was added, who was not and why, or the failure with the boxes ticked. */
export interface TriageAnswer {
  ok: boolean;
  message?: string;
  added?: string[];
  refused?: string[];
  formError?: string;
  checked?: Record<string, string[]>;
}

/**
 * The ranked directory as one compact table: a box per partner not yet on the shortlist and one "Add selected"
 * that adds every ticked partner at once (a plain form post: it works without JavaScript). A partial total is
 * always written with the share of the checklist it stands on, so 100.0 on 22% never reads as a perfect score.
 */
export function TriageTable({
  rows,
  version,
  answer,
}: {
  rows: TriageRowView[];
  version: number;
  answer: TriageAnswer | undefined;
}) {
  // After a refusal the boxes come back ticked as they were sent.
  const ticked = new Set(answer?.ok === false ? (answer.checked?.partnerId ?? []) : []);
  return (
    <>
      {answer?.ok ? (
        <div className="alert alert-success" role="status">
          {answer.message}
        </div>
      ) : null}
      {answer?.refused?.length ? (
        <div className="alert alert-error" role="alert">
          {answer.ok ? "Not added:" : "Nothing was added:"}
          <ul className="triage-refusals">
            {answer.refused.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </div>
      ) : (
        <FormAlert message={answer?.ok === false ? answer.formError : undefined} />
      )}
      {/* Keyed by the version: after an add the boxes, and the count of them ticked, start clear again. */}
      <ShortlistForm key={version} rows={rows} version={version} ticked={ticked} />
    </>
  );
}

function ShortlistForm({
  rows,
  version,
  ticked,
}: {
  rows: TriageRowView[];
  version: number;
  ticked: ReadonlySet<string>;
}) {
  const hydrated = useHydrated();
  const navigation = useNavigation();
  const pending = navigation.state === "submitting";
  const [selected, setSelected] = useState(ticked.size);
  const onChange = (event: FormEvent<HTMLFormElement>) =>
    setSelected(event.currentTarget.querySelectorAll('input[name="partnerId"]:checked').length);
  const open = rows.filter((r) => r.shortlisted === null).length;
  return (
    <Form method="post" onChange={onChange}>
      <input type="hidden" name="intent" value="add-selected" />
      <input type="hidden" name="version" value={version} />
      <div className="card triage-card">
        <table className="triage-table">
          <caption className="visually-hidden">
            The directory ranked by the suggestions alone; tick the partners to add to the shortlist
          </caption>
          <thead>
            <tr>
              <th scope="col" className="triage-pick">
                <span className="visually-hidden">Select</span>
              </th>
              <th scope="col" className="num">
                Rank
              </th>
              <th scope="col">Partner</th>
              <th scope="col" className="num">
                Partial total
              </th>
              <th scope="col">Shortlist</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <TriageRow key={r.partnerId} row={r} ticked={ticked.has(r.partnerId)} />
            ))}
          </tbody>
        </table>
      </div>
      <div className="triage-bar">
        <button type="submit" className="btn btn-primary" aria-disabled={pending || open === 0 || undefined}>
          {pending ? "Adding…" : "Add selected to the shortlist"}
        </button>
        <span className="muted" role="status">
          {open === 0
            ? "Every partner of the directory is on the shortlist."
            : hydrated
              ? `${selected} of ${open} selected`
              : "Tick the partners to add, then add them in one go."}
        </span>
      </div>
    </Form>
  );
}

function TriageRow({ row: r, ticked }: { row: TriageRowView; ticked: boolean }) {
  const box = `triage-pick-${r.partnerId}`;
  return (
    <tr>
      <td className="triage-pick">
        {r.shortlisted === null ? (
          <label htmlFor={box} className="triage-box">
            <input id={box} type="checkbox" name="partnerId" value={r.partnerId} defaultChecked={ticked} />
            <span className="visually-hidden">Select {r.name}</span>
          </label>
        ) : null}
      </td>
      <td className="num triage-col-rank">
        <span className="visually-hidden">Rank </span>
        {r.rank ?? "–"}
      </td>
      <td className="triage-partner">
        <Link to={`/partners/${r.partnerId}`}>{r.name}</Link>
        <details className="triage-why">
          <summary>
            Why<span className="visually-hidden"> {r.name} scores this</span>
          </summary>
          <ul>
            {r.reasons.map((reason) => (
              <li key={reason.key}>
                <span className="triage-why-criterion">{reason.criterion}</span>{" "}
                <span className="triage-why-score">{reason.score ?? "no suggestion"}</span>
                <span className="muted"> · {reason.reason}</span>
              </li>
            ))}
          </ul>
        </details>
      </td>
      <td className="num triage-total">
        {r.total === null ? (
          <span className="muted">Nothing to suggest</span>
        ) : (
          <>
            <strong>{r.total}</strong>{" "}
            <span className="triage-share">on {r.completeness} of the checklist</span>
          </>
        )}
      </td>
      <td className="triage-status">
        {r.shortlisted === "active" ? (
          <Badge tone="success">On the shortlist</Badge>
        ) : r.shortlisted === "withdrawn" ? (
          <Badge tone="danger">Withdrawn</Badge>
        ) : r.disqualified ? (
          <Badge tone="warning">Below a knockout</Badge>
        ) : (
          <span className="muted">Not yet</span>
        )}
      </td>
    </tr>
  );
}
