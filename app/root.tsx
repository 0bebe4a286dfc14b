import fontHref from "@fontsource-variable/inter/files/inter-latin-wght-normal.woff2";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useMatches,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/error-boundary";
import { AppShell, type ShellViewer } from "./components/shell";
import { waitingCount } from "./models/notifications.server";
import stylesHref from "./styles/app.css";
import { optionalViewer } from "./utils/access.server";
import { getEnv } from "./utils/config.server";
import { shouldSeedDemo } from "./utils/env.server";
import { withErrorTitle } from "./utils/error-pages";
import { useNonce } from "./utils/nonce";
import { accountLinksFor, navigationFor, roleLabel } from "./utils/roles";
import { rootStyleOf } from "./utils/root-style";

export const links: LinksFunction = () => [
  // The interface font is served by the app itself (docs/design-system.md); its Latin part, which every page uses,
  // is fetched with the stylesheet instead of after it.
  { rel: "preload", href: fontHref, as: "font", type: "font/woff2", crossOrigin: "anonymous" },
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "alternate icon", href: "/favicon.ico" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await optionalViewer(request);
  const shell: ShellViewer | undefined = viewer && {
    name: viewer.name,
    email: viewer.email,
    orgName: viewer.orgName,
    orgKind: viewer.orgKind,
    role: viewer.role,
    roleLabel: roleLabel(viewer.orgKind, viewer.role),
    nav: navigationFor(viewer.orgKind, viewer.role),
    // The Outbox (routes/outbox.tsx) exists only while demo data is on, so the menu offers it only then.
    accountLinks: accountLinksFor(viewer.orgKind, viewer.role, { demo: shouldSeedDemo(getEnv()) }),
    // Buyer admins and evaluators only: waitingCount answers 0 for anyone else without a query.
    waiting: await waitingCount(viewer),
    unconfirmed: !viewer.emailConfirmed,
  };
  return { viewer: shell ?? null };
}

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  // A page's words for its printed margins (utils/root-style.ts): the decision report's running header.
  const rootStyle = rootStyleOf(useMatches());
  return (
    <html lang="en" style={rootStyle}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        <Links />
      </head>
      <body>
        <AppShell viewer={data?.viewer ?? undefined}>{children}</AppShell>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export const meta: MetaFunction = withErrorTitle(() => [
  { title: "PartnerLens" },
  { name: "description", content: "Evaluate AI implementation partners on evidence, not badges." },
]);

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
