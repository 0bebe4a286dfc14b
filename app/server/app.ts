import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import morgan from "morgan";
import type { DatabaseHandle } from "../../db/client";
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from "../utils/database-fault.server";
import type { Env } from "../utils/env.server";
import { describeError } from "../utils/log.server";
import { remixHandler } from "./remix-handler";
import { hostGuard, refuse, requestGate } from "./request-gate";
import { refuseCrossSite, securityHeaders } from "./security";

export interface AppOptions {
  env: Env;
  database: DatabaseHandle;
  /** Absolute path of the repository (build/ and public/ live under it). */
  root: string;
  /** Whether the server is draining (readiness answers 503, responses close their connection). */
  isDraining: () => boolean;
  /** A request on a connection accepted after the shutdown began (drain.ts): answered 503, never processed. */
  isLate?: (req: express.Request) => boolean;
}

const READY_TIMEOUT_MS = 2_000;

/** The Express application: health, security, static files and Remix, in that order. */
export function createApp(options: AppOptions) {
  const { env, database, root } = options;
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  if (env.LOG_REQUESTS) {
    app.use(morgan(":remote-addr :method :url :status :res[content-length] - :response-time ms"));
  }
  app.use((req, res, next) => {
    if (!options.isDraining()) return next();
    res.setHeader("Connection", "close");
    if (!options.isLate?.(req)) return next();
    refuse(req, res, 503, "PartnerLens is restarting. Try again in a few seconds.", {
      "Retry-After": String(RETRY_AFTER_SECONDS),
    });
  });
  app.use(securityHeaders);
  app.use(hostGuard(allowedHosts(env)));
  app.use(refuseCrossSite);
  app.use(requestGate({ idleTimeoutMs: env.UPLOAD_IDLE_TIMEOUT_MS }));
  // NOTE: level 1: on the comparison's 160 KB page, the default level (6) cost about a quarter of the request.
  app.use(compression({ level: 1 }));

  app.get("/healthz", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok", uptimeSeconds: Math.round(process.uptime()) });
  });
  app.get("/readyz", async (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    if (options.isDraining()) {
      res.status(503).json({ status: "draining" });
      return;
    }
    try {
      await Promise.race([
        database.ping(),
        new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), READY_TIMEOUT_MS).unref()),
      ]);
      res.json({ status: "ready", database: database.kind });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });

  // Remix fingerprints everything under /build: cache it for a year.
  app.use("/build", express.static(path.join(root, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(root, "public"), { maxAge: "1h" }));

  const buildPath = path.join(root, "build/index.js");
  const build =
    env.NODE_ENV === "development"
      ? // In development `remix watch` rewrites the build: import the newest one on every request.
        async () => {
          const { mtimeMs } = await import("node:fs").then((fs) => fs.promises.stat(buildPath));
          return (await import(`${pathToFileURL(buildPath).href}?t=${mtimeMs}`)) as ServerBuild;
        }
      : async () => (await import(pathToFileURL(buildPath).href)) as ServerBuild;

  app.all(
    "*",
    remixHandler({
      build,
      mode: env.NODE_ENV === "development" ? "development" : "production",
      getLoadContext: (req, res) => ({
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );
  // What escaped Remix (it answers its own errors): logged without SQL parameters, answered without details.
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    if (isDatabaseUnavailable(error)) {
      refuse(req, res, 503, "PartnerLens is briefly unavailable. Try again in a few seconds.", {
        "Retry-After": String(RETRY_AFTER_SECONDS),
      });
      return;
    }
    console.error(describeError(error));
    refuse(req, res, 500, "Something went wrong on our side. The error has been logged.");
  });
  return app;
}

/** The hosts non-GET requests may name: APP_URL's and ALLOWED_HOSTS; undefined (any) when neither is set. */
export function allowedHosts(env: Pick<Env, "APP_URL" | "ALLOWED_HOSTS">): string[] | undefined {
  if (!env.APP_URL && !env.ALLOWED_HOSTS) return undefined;
  return [...(env.APP_URL ? [new URL(env.APP_URL).host] : []), ...(env.ALLOWED_HOSTS ?? [])];
}
