import { readFileSync } from "node:fs";
import type { IncomingMessage, Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** How often the accept queue is looked at while it empties. */
const QUEUE_POLL_MS = 5;

/**
 * Connections the kernel completed on `port` that wait for the server to accept them: on Linux, a listening socket's
 * `rx_queue` in /proc/net/tcp{,6} is its accept queue. 0 where /proc is not there (the wait is then skipped).
 */
export function acceptQueue(port: number): number {
  let waiting = 0;
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let table: string;
    try {
      table = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of table.split("\n").slice(1)) {
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (state !== "0A" || Number.parseInt(local.split(":").pop() ?? "", 16) !== port) continue;
      waiting += Number.parseInt(queues.split(":")[1], 16);
    }
  }
  return waiting;
}

export interface Drain {
  /** Whether a shutdown began: answers then ask clients to close their connection. */
  isDraining(): boolean;
  /** A request on a connection accepted after the shutdown began: answered 503, never processed. */
  isLate(req: IncomingMessage): boolean;
  /**
   * Begins the shutdown (then calls `onDraining`): connections accepted before it get their answers, later ones a 503;
   * resolves once the last request in flight is answered (or after `timeoutMs`), the listener closed and idle
   * connections ended.
   */
  drain(timeoutMs: number, onDraining?: () => void): Promise<void>;
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
    async drain(timeoutMs, onDraining) {
      // NOTE: a connection the client opened before the signal may still wait in the kernel's accept queue (a busy
      // server accepts them over hundreds of milliseconds): it counts as accepted before the shutdown, so the
      // shutdown begins once that queue is empty.
      const deadline = performance.now() + timeoutMs;
      const { port } = server.address() as AddressInfo;
      while (acceptQueue(port) > 0 && performance.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, QUEUE_POLL_MS));
      }
      since ??= performance.now();
      onDraining?.();
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
