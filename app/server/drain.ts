import type { IncomingMessage, Server } from "node:http";
import type { Socket } from "node:net";

export interface Drain {
  /** Whether a shutdown began: answers then ask clients to close their connection. */
  isDraining(): boolean;
  /** A request on a connection accepted after the shutdown began: answered 503, never processed. */
  isLate(req: IncomingMessage): boolean;
  /**
   * Begins the shutdown: connections accepted before it get their answers, later ones a 503; resolves once the last
   * request in flight is answered (or after `timeoutMs`), with the listener closed and idle connections ended.
   */
  drain(timeoutMs: number): Promise<void>;
}

/**
 * Counts the requests in flight on `server` and when each connection was accepted. NOTE: the listener stays open
 * while requests are in flight, so that a client connecting meanwhile reads a 503 rather than a refused or reset
 * connection, and idle keep-alive connections are ended only at the end (ending one early resets a request that
 * was already on its way).
 */
export function trackRequests(server: Server): Drain {
  const acceptedAt = new WeakMap<Socket, number>();
  let since: number | undefined;
  let inFlight = 0;
  let settle: (() => void) | undefined;

  server.on("connection", (socket: Socket) => acceptedAt.set(socket, performance.now()));
  server.prependListener("request", (_req, res) => {
    inFlight++;
    res.once("close", () => {
      inFlight--;
      if (inFlight === 0) settle?.();
    });
  });

  return {
    isDraining: () => since !== undefined,
    isLate: (req) => since !== undefined && (acceptedAt.get(req.socket) ?? 0) >= since,
    async drain(timeoutMs) {
      since ??= performance.now();
      if (inFlight > 0) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          new Promise<void>((resolve) => {
            settle = resolve;
          }),
          new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
          }),
        ]);
        clearTimeout(timer);
      }
      server.close();
      server.closeIdleConnections();
      // What is still open past the timeout is cut: the process is about to exit.
      if (inFlight > 0) server.closeAllConnections();
    },
  };
}
