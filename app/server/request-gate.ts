import type { NextFunction, Request, Response } from "express";
import { MAX_EVIDENCE_BYTES } from "../domain/evidence-files";

/** Every request body but an evidence upload: far above any form of ours (the longest field is a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * After refusing a body, this much more of it is read and dropped so that the client reads our answer instead of a
 * connection reset (docs/stack.md "Uploads"); past it, the connection is cut.
 */
const MAX_DRAIN_BYTES = 64 * 1024 * 1024;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

// Routes whose multipart posts carry evidence files: the upload pipeline streams them (size-limited, idle-timed),
// so their bodies are not buffered here. NOTE: with single fetch, Remix posts a page's action to `<path>.data`.
const UPLOAD_ROUTES = [
  /^\/evidence$/,
  /^\/evidence\/upload$/,
  /^\/evidence\/[^/]+$/,
  /^\/evidence\/[^/]+\/upload$/,
  /^\/requests\/[^/]+$/,
];

function routePath(pathname: string): string {
  const path = pathname.replace(/\.data$/, "").replace(/\/+$/, "");
  return path === "/_root" ? "/" : path;
}

export function isUploadRoute(pathname: string): boolean {
  const path = routePath(pathname);
  return UPLOAD_ROUTES.some((pattern) => pattern.test(path));
}

/**
 * Answers a request the gate refuses, in plain words. When the body has not all arrived, it is read and dropped up
 * to a bound (then the connection is cut) and the connection closes after the answer.
 */
export function refuse(
  req: Request,
  res: Response,
  status: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  const unread = !req.complete;
  res.status(status);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  if (unread) res.setHeader("Connection", "close");
  res.setHeader("Cache-Control", "no-store");
  res.type("text/plain; charset=utf-8").send(`${message}\n`);
  if (unread) drainThenClose(req);
}

/** How long a refused request's body may keep arriving after the answer before the connection is cut. */
const LINGER_MS = 10_000;

/**
 * Reads and drops what is left of a request body after its answer, then closes the connection: once the body has
 * all arrived, or at MAX_DRAIN_BYTES, or after LINGER_MS (a lingering close). Node's server closes a
 * `Connection: close` answer's socket as soon as the answer is written; closing a socket with unread data resets
 * the connection, and a client still sending (a 50 MB form) may then lose the answer it was already sent. So the
 * socket's close waits here for the body instead.
 */
export function drainThenClose(req: Request): void {
  const socket = req.socket;
  let drained = 0;
  const cut = () => socket.destroy();
  const linger = setTimeout(cut, LINGER_MS);
  linger.unref();
  socket.once("close", () => clearTimeout(linger));
  // Node calls destroySoon once the answer is written: end our side only, and close when the body has been read.
  socket.destroySoon = () => {
    if (socket.writable) socket.end();
  };
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    drained += chunk.length;
    if (drained > MAX_DRAIN_BYTES) cut();
  });
  req.on("end", () => {
    if (socket.writableFinished) cut();
    else socket.once("finish", cut);
  });
  req.on("error", () => {});
  req.resume();
}

// NUL cannot be stored in a PostgreSQL text value: refused wherever a client may send one.
const NUL_IN_URL = /%00|\0/i;

/** Refuses non-GET requests naming a host not among `hosts` (when APP_URL or ALLOWED_HOSTS is set). */
export function hostGuard(hosts: readonly string[] | undefined) {
  const allowed = hosts && new Set(hosts.map((h) => h.toLowerCase()));
  return (req: Request, res: Response, next: NextFunction) => {
    if (!allowed || SAFE_METHODS.has(req.method)) return next();
    const host = (req.get("Host") ?? "").toLowerCase();
    if (allowed.has(host)) return next();
    refuse(req, res, 403, "This request names a host this portal does not answer to.");
  };
}

type MediaType = { type: string; boundary?: string };

function mediaType(header: string | undefined): MediaType | undefined {
  if (!header) return undefined;
  const [type, ...params] = header.split(";");
  const boundary = params
    .map((p) => p.trim())
    .find((p) => p.toLowerCase().startsWith("boundary="))
    ?.slice("boundary=".length)
    .replace(/^"(.*)"$/, "$1");
  return { type: type.trim().toLowerCase(), boundary: boundary || undefined };
}

const FORM_TYPES_MESSAGE =
  "Send the form as application/x-www-form-urlencoded or multipart/form-data, as a browser does.";

/**
 * Checks every request before routing, so that nothing a client sends reaches a route in a shape it cannot take:
 * - a NUL byte or broken percent-encoding in the address: 400;
 * - a non-GET request: a form's content type (415 otherwise; 400 for multipart without a boundary), and a body of at
 *   most 1 MB, read here whole (413 as soon as it is declared or read past that; 408 when nothing arrives for
 *   `idleTimeoutMs`), without NUL bytes (400). The body is then handed to Remix from `res.locals.body`.
 * Evidence uploads (multipart posts to the upload routes) pass unread: their pipeline streams and limits them.
 */
export function requestGate({ idleTimeoutMs }: { idleTimeoutMs: number }) {
  return (req: Request, res: Response, next: NextFunction) => {
    const url = req.originalUrl;
    if (NUL_IN_URL.test(url)) return refuse(req, res, 400, "The address contains a NUL byte.");
    try {
      decodeURIComponent(url);
    } catch {
      return refuse(req, res, 400, "The address is not valid percent-encoded UTF-8.");
    }
    if (SAFE_METHODS.has(req.method)) return next();

    const media = mediaType(req.get("Content-Type"));
    const isForm = media?.type === "application/x-www-form-urlencoded";
    const isMultipart = media?.type === "multipart/form-data";
    if (!isForm && !isMultipart) return refuse(req, res, 415, FORM_TYPES_MESSAGE);
    if (isMultipart && !media?.boundary) {
      return refuse(req, res, 400, "This multipart body names no boundary, so its parts cannot be read.");
    }
    if (isMultipart && isUploadRoute(req.path)) return next();

    const declared = Number(req.get("Content-Length") ?? Number.NaN);
    if (declared > MAX_BODY_BYTES) return refuse(req, res, 413, tooLarge());
    readBody(req, res, idleTimeoutMs, (body) => {
      if (body.includes(0) || (isForm && NUL_IN_URL.test(body.toString("latin1")))) {
        refuse(req, res, 400, "The form contains a NUL byte, which no field accepts.");
        return;
      }
      res.locals.body = body;
      next();
    });
  };
}

function tooLarge(): string {
  return `This request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB, more than any form here sends. Evidence files up to ${MAX_EVIDENCE_BYTES / 1024 / 1024} MB go through the evidence upload.`;
}

/** Reads a body of at most MAX_BODY_BYTES into memory, refusing more (413) and silence (408). */
function readBody(req: Request, res: Response, idleTimeoutMs: number, done: (body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = () => {
    finished = true;
    clearTimeout(idle);
    req.removeListener("data", onData);
    req.removeListener("end", onEnd);
  };
  const onIdle = () => {
    if (finished) return;
    finish();
    refuse(req, res, 408, `Nothing arrived for ${Math.round(idleTimeoutMs / 1000)} s: the request was cut.`);
    res.once("finish", () => req.socket.destroy());
  };
  let idle = setTimeout(onIdle, idleTimeoutMs);
  const onData = (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      finish();
      refuse(req, res, 413, tooLarge());
      return;
    }
    chunks.push(chunk);
    clearTimeout(idle);
    idle = setTimeout(onIdle, idleTimeoutMs);
  };
  const onEnd = () => {
    if (finished) return;
    finish();
    done(Buffer.concat(chunks, size));
  };
  req.on("data", onData);
  req.on("end", onEnd);
  req.once("error", finish);
  req.once("aborted", finish);
}
