import { Link } from "@remix-run/react";
import type { BuiltInEdition } from "~/domain/builtin-versions";
import { plural } from "~/utils/format";
import { CopyTemplateLink } from "./template-copy";

/** Earlier versions of the built-in checklist on the templates list: superseded, still to read and to copy. */
export function SupersededVersions({
  versions,
}: {
  versions: {
    id: string;
    version: number;
    label: string;
    sections: number;
    criteria: number;
    supersededBy: number | null;
  }[];
}) {
  return versions.map((v) => (
    <div key={v.id} className="spaced">
      <p>
        <strong>Version {v.version}</strong>{" "}
        <span className="badge badge-neutral">Superseded by version {v.supersededBy}</span>
      </p>
      <p className="muted">
        {plural(v.sections, "section", "sections")} · {plural(v.criteria, "criterion", "criteria")}. Templates
        and evaluations copied from it keep it as it was; it can still be read and copied.
      </p>
      <div className="editor-actions">
        <Link to={`/templates/${v.id}`} className="btn btn-secondary">
          View version {v.version}
        </Link>
        <CopyTemplateLink name={v.label} href={`/templates?copy=${v.id}`} className="btn btn-secondary" />
      </div>
    </div>
  ));
}

/** Where a version of the built-in checklist stands: superseded (and by which) or current. */
export function BuiltInStanding({ edition }: { edition: BuiltInEdition }) {
  if (!edition.supersededBy) return null;
  const next = edition.supersededBy;
  return (
    <div className="alert alert-info">
      <p>
        Version {edition.version}, superseded by version {next.version}. It stays readable and can still be
        copied; templates and evaluations copied from it keep it exactly as it was. New copies and evaluations
        start from version {next.version}.
      </p>
      <p>
        <Link to={`/templates/${next.id}`}>Read version {next.version}</Link>
      </p>
    </div>
  );
}

/** What changed between the versions of the built-in checklist, and why: the frameworks named. */
export function BuiltInChanges({ edition }: { edition: BuiltInEdition }) {
  const { changes, supersedes } = edition;
  return (
    <section className="card spaced" aria-labelledby="changes-heading">
      <h2 id="changes-heading" className="section-title">
        What changed in version {changes.to}, and why
      </h2>
      <p>{changes.reason}</p>
      <p>Version {changes.to} adds these rated criteria, each scored 0-5:</p>
      <ul>
        {changes.added.map((a) => (
          <li key={a.criterion}>
            <strong>{a.criterion}</strong> in {a.section}, weight {a.weight}
            {a.knockout === null ? "" : `, knockout: below ${a.knockout} disqualifies`}. Asked by{" "}
            {a.frameworks}.
          </li>
        ))}
      </ul>
      <p>
        Nothing else changed: the sections, their weights and version {changes.from}'s {changes.kept} criteria
        are as they were, word for word. In the sections that gained criteria, the criteria already there keep
        their weights and so count for less of their section.
      </p>
      {supersedes ? (
        <p>
          <Link to={`/templates/${supersedes.id}`}>Read version {supersedes.version}</Link>, which stays
          readable and can still be copied.
        </p>
      ) : null}
    </section>
  );
}
