// The report's record: the checklist and its weights, who scored and their declarations, the evidence cited and the
// audit summary.
import { ScrollRegion } from "~/components/scroll-region";
import { plural } from "~/utils/format";
import type { ReportView } from "./types";

export function ChecklistSection({ checklist }: { checklist: ReportView["checklist"] }) {
  return (
    <section className="report-section" aria-labelledby="checklist-title">
      <h2 id="checklist-title">Checklist and weights</h2>
      {checklist.map((s) => (
        <ScrollRegion
          className="report-scroll"
          label={`${s.name}: weight ${s.weight}, ${s.share}`}
          key={s.id}
        >
          <table className="report-table table-stack report-keep report-checklist">
            <caption>
              {s.name}: weight {s.weight}, {s.share}
            </caption>
            <thead>
              <tr>
                <th scope="col">Criterion</th>
                <th scope="col">Kind</th>
                <th scope="col" className="num">
                  Weight
                </th>
                <th scope="col" className="num">
                  Share of the total
                </th>
                <th scope="col">Knockout</th>
              </tr>
            </thead>
            <tbody>
              {s.criteria.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td data-label="Kind">{c.kind}</td>
                  <td className="num" data-label="Weight">
                    {c.weight}
                  </td>
                  <td className="num" data-label="Share of the total">
                    {c.nominal}
                  </td>
                  <td data-label="Knockout">{c.knockout === null ? "—" : `below ${c.knockout}`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      ))}
    </section>
  );
}

export function PeopleSection(d: Pick<ReportView, "evaluators" | "declarations">) {
  return (
    <section className="report-section" aria-labelledby="people-title">
      <h2 id="people-title">Who scored, and their declarations</h2>
      <ul>
        {d.evaluators.map((e) => (
          <li key={e.label}>
            {e.label}: {plural(e.scores, "score", "scores")}
            {e.notBlind ? ". An admin, so not blind: saw the other evaluators' scores while scoring." : ""}
          </li>
        ))}
      </ul>
      <ScrollRegion className="report-scroll" label="Conflict-of-interest declarations">
        <table className="report-table table-stack report-keep">
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
                <td data-label="Declared">{x.declaredAt}</td>
                <td data-label="Conflicts">{x.conflicts.length === 0 ? "None" : x.conflicts.join(", ")}</td>
                <td data-label="Note">{x.note || "—"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

export function EvidenceSection({ evidence }: { evidence: ReportView["evidence"] }) {
  return (
    <section className="report-section" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence cited</h2>
      {evidence.length === 0 ? (
        <p>No score cites evidence.</p>
      ) : (
        <ScrollRegion className="report-scroll" label="The evidence versions the scores cite">
          <table className="report-table table-stack">
            <caption className="visually-hidden">The evidence versions the scores cite</caption>
            <thead>
              <tr>
                <th scope="col">Evidence</th>
                <th scope="col">Claim</th>
                <th scope="col" className="num">
                  Version
                </th>
                <th scope="col">Your verification</th>
              </tr>
            </thead>
            <tbody>
              {evidence.map((x) => (
                <tr key={`${x.title} ${x.version}`}>
                  <th scope="row">
                    {x.title}
                    <span className="report-hash">{x.sha256 ? `SHA-256 ${x.sha256}` : x.file}</span>
                  </th>
                  <td data-label="Claim">{x.claim}</td>
                  <td className="num" data-label="Version">
                    {x.version}
                  </td>
                  <td data-label="Your verification">{x.verification}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function AuditSection({ audit }: { audit: ReportView["audit"] }) {
  return (
    <section className="report-section" aria-labelledby="audit-title">
      <h2 id="audit-title">Audit summary</h2>
      <ScrollRegion className="report-scroll" label="This evaluation's audit events by kind">
        <table className="report-table table-stack report-keep">
          <caption className="visually-hidden">This evaluation's audit events by kind</caption>
          <thead>
            <tr>
              <th scope="col">Event</th>
              <th scope="col" className="num">
                Count
              </th>
              <th scope="col">First</th>
              <th scope="col">Last</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((a) => (
              <tr key={a.action}>
                <th scope="row">{a.action}</th>
                <td className="num" data-label="Count">
                  {a.count}
                </td>
                <td data-label="First">{a.first}</td>
                <td data-label="Last">{a.last}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
