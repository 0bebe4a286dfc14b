// Calls real route loaders and actions the way Remix does, and reads their outcome uniformly.
import type { ActionFunctionArgs, AppLoadContext, LoaderFunctionArgs } from "@remix-run/node";
import { accessFailureAnswer } from "../app/utils/errors.server";

export const BASE = "http://localhost";

export interface Outcome {
  status: number;
  /** Redirect target, for 3xx. */
  location?: string;
  /** Loader/action data (plain object, `data()` payload or JSON body). */
  data?: unknown;
  headers: Headers;
}

type Loader = (args: LoaderFunctionArgs) => unknown;
type Action = (args: ActionFunctionArgs) => unknown;

interface CallOptions {
  path: string;
  /** Scheme and host the request is made to (default http://localhost). */
  base?: string;
  cookie?: string;
  params?: Record<string, string>;
  context?: Partial<AppLoadContext>;
}

function context(extra?: Partial<AppLoadContext>): AppLoadContext {
  return { cspNonce: "test", clientIp: "127.0.0.1", ...extra } as AppLoadContext;
}

async function settle(run: () => unknown): Promise<Outcome> {
  let value: unknown;
  try {
    value = await run();
  } catch (caught) {
    // As the server does for every route (app/server/remix-handler.ts): a model's NotFound or Forbidden is the page.
    const thrown = accessFailureAnswer(caught);
    value = thrown;
    if (!(thrown instanceof Response) && !isDataWithInit(thrown)) throw thrown;
  }
  if (value instanceof Response) {
    const location = value.headers.get("Location") ?? undefined;
    const text = value.status >= 300 && value.status < 400 ? "" : await value.text();
    let data: unknown = text;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {}
    return { status: value.status, location, data, headers: value.headers };
  }
  if (isDataWithInit(value)) {
    return { status: value.init?.status ?? 200, data: value.data, headers: new Headers(value.init?.headers) };
  }
  return { status: 200, data: value, headers: new Headers() };
}

interface DataWithInit {
  type: "DataWithResponseInit";
  data: unknown;
  init: ResponseInit | null;
}

function isDataWithInit(value: unknown): value is DataWithInit {
  return !!value && typeof value === "object" && (value as DataWithInit).type === "DataWithResponseInit";
}

export function callLoader(loader: Loader, options: CallOptions): Promise<Outcome> {
  const headers = new Headers();
  if (options.cookie) headers.set("Cookie", options.cookie);
  const request = new Request((options.base ?? BASE) + options.path, { headers });
  return settle(() => loader({ request, params: options.params ?? {}, context: context(options.context) }));
}

export function callAction(
  action: Action,
  options: CallOptions & { form: Record<string, string> | FormData },
): Promise<Outcome> {
  const headers = new Headers();
  if (options.cookie) headers.set("Cookie", options.cookie);
  const body =
    options.form instanceof FormData ? options.form : new URLSearchParams(Object.entries(options.form));
  const request = new Request((options.base ?? BASE) + options.path, { method: "POST", headers, body });
  return settle(() => action({ request, params: options.params ?? {}, context: context(options.context) }));
}

/** The session cookie (name=value) a response sets, if any. */
export function setCookieOf(outcome: Outcome): string | undefined {
  return outcome.headers.get("Set-Cookie")?.split(";")[0];
}
