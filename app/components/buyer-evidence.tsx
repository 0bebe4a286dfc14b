import { Form } from "@remix-run/react";
import { useId } from "react";
import { MAX_VERIFICATION_NOTE_LENGTH } from "~/domain/evidence-limits";
import { FieldError } from "./forms";

export interface BuyerEvidenceItem {
  id: string;
  title: string;
  claim: string;
  kind: "file" | "link";
  restricted: boolean;
  dated: boolean;
  period: string | null;
  versionId: string;
  versionNumber: number;
  fileName: string | null;
  size: string | null;
  url: string | null;
  status: "verified" | "rejected" | "unverified";
  note: string;
  seenOn: string | null;
}

const STATUS_LABEL = {
  verified: "Verified by your organisation",
  rejected: "Rejected by your organisation",
  unverified: "Not yet checked by your organisation",
};

/**
 * The evidence a buyer may see, claim by claim, with the buyer's own verdict on the current version and, for those
 * who may give one (admins and evaluators), the form to give or change it.
 */
export function BuyerEvidence({
  items,
  canVerify,
  errors,
  failedVersionId,
}: {
  items: BuyerEvidenceItem[];
  canVerify: boolean;
  errors: Record<string, string | undefined>;
  failedVersionId?: string;
}) {
  return (
    <section className="card spaced" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Evidence</h2>
      {items.length === 0 ? (
        <p className="muted">No evidence visible to your organisation yet.</p>
      ) : (
        <ul className="version-list">
          {items.map((e) => (
            <li key={e.id} className="evidence-item">
              <strong>{e.title}</strong>{" "}
              <span
                className={`status status-${e.status === "verified" ? "accepted" : e.status === "rejected" ? "rejected" : "pending"}`}
              >
                {STATUS_LABEL[e.status]}
              </span>{" "}
              {e.restricted ? <span className="badge badge-neutral">shared with you</span> : null}{" "}
              {e.dated ? <span className="status status-expired">dated</span> : null}
              <br />
              <span className="evidence-meta">
                Supports {e.claim}
                {e.period ? ` · proves ${e.period}` : ""} · version {e.versionNumber}
              </span>
              <br />
              {e.url ? (
                <a href={e.url} rel="noopener noreferrer nofollow" target="_blank">
                  {e.url}
                </a>
              ) : (
                <a href={`/evidence-files/${e.versionId}`} download>
                  Download {e.fileName} ({e.size})
                </a>
              )}
              {e.note ? <p className="evidence-meta">Your note: “{e.note}”</p> : null}
              {canVerify ? (
                <VerifyForm item={e} errors={e.versionId === failedVersionId ? errors : {}} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function VerifyForm({
  item,
  errors,
}: {
  item: BuyerEvidenceItem;
  errors: Record<string, string | undefined>;
}) {
  const id = useId();
  return (
    <details className="verify" open={Object.keys(errors).length > 0 || undefined}>
      <summary>Record your verdict on “{item.title}”</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="verify" />
        <input type="hidden" name="versionId" value={item.versionId} />
        <fieldset className="field">
          <legend>Verdict</legend>
          <div className="choice-cards">
            {(["verified", "rejected", "unverified"] as const).map((s) => (
              <label key={s} className="choice-card">
                <input type="radio" name="status" value={s} defaultChecked={item.status === s} />
                <span>
                  {s === "unverified" ? "Not yet checked" : s === "verified" ? "Verified" : "Rejected"}
                </span>
              </label>
            ))}
          </div>
          <FieldError error={errors.status} />
        </fieldset>
        <div className="field">
          <label htmlFor={`${id}-note`}>Note</label>
          <p className="hint" id={`${id}-hint`}>
            The partner sees rejection notes, without your organisation's name.
          </p>
          <textarea
            id={`${id}-note`}
            name="note"
            rows={3}
            maxLength={MAX_VERIFICATION_NOTE_LENGTH}
            defaultValue={item.note}
            aria-describedby={`${id}-hint`}
            aria-invalid={errors.note ? true : undefined}
          />
          <FieldError error={errors.note} />
        </div>
        {item.kind === "link" ? (
          <div className="field">
            <label htmlFor={`${id}-seen`}>Day you looked at the link</label>
            <input id={`${id}-seen`} type="date" name="seenOn" defaultValue={item.seenOn ?? ""} />
            <FieldError error={errors.seenOn} />
          </div>
        ) : null}
        <button type="submit" className="btn btn-primary">
          Save verdict
        </button>
      </Form>
    </details>
  );
}
