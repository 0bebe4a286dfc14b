import { Link, useRouteError } from "@remix-run/react";
import { errorPage } from "~/utils/error-pages";

/** The one error display every route uses: a heading, what the refusal said, and a way back (app/utils/error-pages.ts). */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const page = errorPage(error);
  if (page.status === undefined) console.error(error);
  return (
    <section className="card empty" aria-labelledby="error-title">
      <div className="empty-icon" aria-hidden="true">
        {page.status ?? "!"}
      </div>
      <h1 id="error-title">{page.heading}</h1>
      {page.message ? <p>{page.message}</p> : null}
      {page.status === 404 ? <p>It may have been removed, or the link may be wrong.</p> : null}
      {page.status === undefined ? <p>The error has been logged. Try again in a moment.</p> : null}
      <p>
        <Link to={page.back.href}>{page.back.label}</Link>
        {page.back.href !== "/" ? (
          <>
            {" · "}
            <Link to="/">Go to your home page</Link>
          </>
        ) : null}
      </p>
    </section>
  );
}
