import {
  type AppLoadContext,
  createReadableStreamFromReadable,
  createRequestHandler,
  data,
  type ServerBuild,
  writeReadableStreamToWritable,
} from "@remix-run/node";
import type { NextFunction, Request, Response } from "express";
import {
  isDatabaseUnavailable,
  RETRY_AFTER_SECONDS,
  SERVICE_UNAVAILABLE_MESSAGE,
} from "../utils/database-fault.server";
import { accessFailureAnswer } from "../utils/errors.server";
import { drainThenClose } from "./request-gate";

type Build = ServerBuild | (() => Promise<ServerBuild>);
type RouteModule = ServerBuild["routes"][string]["module"];
type DataFunction = NonNullable<RouteModule["loader"]>;
type HeadersArgs = {
  parentHeaders: Headers;
  loaderHeaders: Headers;
  actionHeaders: Headers;
  errorHeaders?: Headers;
};

/** The 503 every loader and action answers while the database is out of reach (thrown, so the boundary shows). */
function serviceUnavailable() {
  return data(
    { message: SERVICE_UNAVAILABLE_MESSAGE },
    { status: 503, headers: { "Retry-After": String(RETRY_AFTER_SECONDS) } },
  );
}

function guarded(fn: DataFunction): DataFunction {
  return async (args) => {
    try {
      return await fn(args);
    } catch (error) {
      if (isDatabaseUnavailable(error)) throw serviceUnavailable();
      throw accessFailureAnswer(error);
    }
  };
}

/**
 * Remix keeps only cookies from a thrown or returned response's headers on a document request unless the route has
 * a `headers` export: this one keeps `Retry-After` too (a 429 or 503 page says when to come back).
 */
function keepRetryAfter({ parentHeaders, loaderHeaders, actionHeaders, errorHeaders }: HeadersArgs): Headers {
  const headers = new Headers(parentHeaders);
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    const value = source?.get("Retry-After");
    if (value) headers.set("Retry-After", value);
  }
  return headers;
}

/**
 * Every route of the build with the server's rules: database outages answer 503, a model's NotFound or Forbidden the
 * 404 or 403 page, `Retry-After` reaches pages.
 */
function withServerRules(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const module: RouteModule = { ...route.module, headers: route.module.headers ?? keepRetryAfter };
    if (route.module.loader) module.loader = guarded(route.module.loader);
    if (route.module.action) module.action = guarded(route.module.action);
    routes[id] = { ...route, module };
  }
  return { ...build, routes };
}

function toRequest(req: Request, res: Response): globalThis.Request {
  const url = new URL(`${req.protocol}://${req.get("Host") ?? "localhost"}${req.originalUrl}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else if (value !== undefined) headers.set(name, value);
  }
  const controller = new AbortController();
  // Abort loaders and actions once no answer can be written (the client went away before it was sent).
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const init: RequestInit & { duplex?: "half" } = { method: req.method, headers, signal: controller.signal };
  if (req.method !== "GET" && req.method !== "HEAD") {
    // The request gate read small bodies whole; evidence uploads stream.
    const body = res.locals.body as Buffer | undefined;
    init.body = body ? new Uint8Array(body) : createReadableStreamFromReadable(req);
    init.duplex = "half";
  }
  return new Request(url.href, init);
}

/**
 * Writes Remix's answer. Headers the route sets replace the server's defaults (a download's sandboxing CSP replaces
 * the page CSP, never a second copy); only Set-Cookie repeats. A 503 always says when to retry.
 */
async function send(req: Request, res: Response, response: globalThis.Response): Promise<void> {
  if (res.headersSent) {
    await response.body?.cancel();
    return;
  }
  // A route answered before reading the whole body (a 404 for an upload to someone else's item): the rest is read
  // and dropped, so that the client gets the answer rather than a reset, and the connection is not reused.
  const unread = req.method !== "GET" && req.method !== "HEAD" && !req.readableEnded;
  if (unread) res.setHeader("Connection", "close");
  res.statusMessage = response.statusText;
  res.status(response.status);
  for (const [name, value] of response.headers) {
    if (name === "set-cookie") res.append(name, value);
    else res.setHeader(name, value);
  }
  if (response.status === 503 && !response.headers.has("Retry-After")) {
    res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
  }
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
  if (unread && !req.readableEnded) drainThenClose(req);
}

/** Express's entry into Remix (in place of @remix-run/express, whose adapter appends every header). */
export function remixHandler(options: {
  build: Build;
  mode: "development" | "production";
  getLoadContext: (req: Request, res: Response) => AppLoadContext;
}) {
  const ruled = new WeakMap<ServerBuild, ServerBuild>();
  const source = options.build;
  const handle = createRequestHandler(async () => {
    const build = typeof source === "function" ? await source() : source;
    let withRules = ruled.get(build);
    if (!withRules) {
      withRules = withServerRules(build);
      ruled.set(build, withRules);
    }
    return withRules;
  }, options.mode);
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const response = await handle(toRequest(req, res), options.getLoadContext(req, res));
      await send(req, res, response);
    } catch (error) {
      next(error);
    }
  };
}
