import { Form, useNavigate } from "@remix-run/react";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { checkClientFile } from "~/domain/evidence-files";

export interface UploadFailure {
  errors: Record<string, string | undefined>;
  formError?: string;
}

/**
 * A multipart form that works without JavaScript (a plain POST) and, with it, sends through XMLHttpRequest so that
 * a progress bar can show the upload (fetch reports no upload progress). The action answers such requests with
 * JSON: `{ location }` to go to, or the field errors to show.
 */
export function UploadForm({
  action,
  xhrAction,
  children,
  submitLabel,
  fileFieldName = "file",
  onFailure,
  primary = true,
}: {
  action: string;
  /** A resource route answering the same form in JSON (a page route would answer with the whole page). */
  xhrAction: string;
  children: ReactNode;
  submitLabel: string;
  fileFieldName?: string;
  onFailure: (failure: UploadFailure) => void;
  /** False where the page's one primary action is another form's ("Send answer"). */
  primary?: boolean;
}) {
  const navigate = useNavigate();
  const [progress, setProgress] = useState<number | null>(null);
  const busy = useRef(false);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const form = event.currentTarget;
    const data = new FormData(form);
    const file = data.get(fileFieldName);
    if (file instanceof File && file.size > 0) {
      const refusal = checkClientFile(file);
      if (refusal) {
        event.preventDefault();
        onFailure({ errors: { [fileFieldName]: refusal } });
        return;
      }
    }
    event.preventDefault();
    if (busy.current) return;
    busy.current = true;
    setProgress(0);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", xhrAction);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      busy.current = false;
      let body: { location?: string } & Partial<UploadFailure> = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { errors: {}, formError: `The upload failed (HTTP ${xhr.status}). Try again.` };
      }
      if (xhr.status < 400 && body.location) {
        setProgress(100);
        navigate(body.location);
        setProgress(null);
        form.reset();
      } else {
        setProgress(null);
        onFailure({ errors: body.errors ?? {}, formError: body.formError });
      }
    };
    xhr.onerror = () => {
      busy.current = false;
      setProgress(null);
      onFailure({ errors: {}, formError: "The connection was lost during the upload. Try again." });
    };
    xhr.send(data);
  }

  return (
    <Form method="post" action={action} encType="multipart/form-data" onSubmit={onSubmit}>
      {children}
      {progress !== null ? (
        <div className="upload-progress">
          <label htmlFor="upload-progress">Uploading… {progress}%</label>
          <progress id="upload-progress" max={100} value={progress}>
            {progress}%
          </progress>
        </div>
      ) : null}
      <button
        type="submit"
        className={primary ? "btn btn-primary" : "btn btn-secondary"}
        aria-disabled={progress !== null || undefined}
      >
        {progress !== null ? "Uploading…" : submitLabel}
      </button>
    </Form>
  );
}
