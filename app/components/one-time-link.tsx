import { useId, useState } from "react";

/** A link shown once (its token is stored only as a hash): selectable text and, with JavaScript, a copy button. */
export function OneTimeLink({ label, url, note }: { label: string; url: string; note: string }) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="alert alert-success" role="status">
      <label htmlFor={id}>
        <strong>{label}</strong>
      </label>
      <div className="copy-row">
        <input id={id} type="text" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="btn btn-secondary"
          onClick={() => {
            navigator.clipboard?.writeText(url).then(
              () => setCopied(true),
              () => setCopied(false),
            );
          }}
        >
          {copied ? "Copied" : "Copy link"}
        </button>
      </div>
      <p className="hint">{note}</p>
    </div>
  );
}
