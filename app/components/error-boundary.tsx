import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const TITLES: Record<number, string> = {
  400: "That request could not be understood",
  403: "Your role does not allow this",
  404: "We could not find that page",
  409: "Someone changed this at the same time",
  413: "That was more than this page accepts",
  429: "Too many attempts",
  503: "PartnerLens is briefly unavailable",
};

/** The one error display every route uses, keyed by status. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const message =
      typeof error.data === "object" && error.data && "message" in error.data
        ? String(error.data.message)
        : typeof error.data === "string"
          ? error.data
          : undefined;
    return (
      <section className="card empty" aria-labelledby="error-title">
        <div className="empty-icon" aria-hidden="true">
          {error.status}
        </div>
        <h1 id="error-title">{TITLES[error.status] ?? "Something went wrong"}</h1>
        {message && message !== "Not found" ? <p>{message}</p> : null}
        {error.status === 404 ? <p>It may have been removed, or the link may be wrong.</p> : null}
        <p>
          <Link to="/">Go to your home page</Link>
        </p>
      </section>
    );
  }
  console.error(error);
  return (
    <section className="card empty" aria-labelledby="error-title">
      <div className="empty-icon" aria-hidden="true">
        !
      </div>
      <h1 id="error-title">Something went wrong on our side</h1>
      <p>The error has been logged. Try again in a moment.</p>
      <p>
        <Link to="/">Go to your home page</Link>
      </p>
    </section>
  );
}
