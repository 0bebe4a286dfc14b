// A TCP proxy of our own between the server and PostgreSQL, to cause an outage that closes nothing: once stopped, it
// keeps every connection open (and accepts new ones) but forwards no byte, as a dead network or a hung server does.
import net from "node:net";

export interface TcpProxy {
  port: number;
  /** Stops forwarding: bytes wait, in both directions, on every connection old and new. */
  stop(): void;
  /** Forwards again, what waited included. */
  resume(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let forwarding = true;
  const pairs = new Set<{ client: net.Socket; upstream?: net.Socket }>();

  function link(pair: { client: net.Socket; upstream?: net.Socket }) {
    const upstream = net.connect(target.port, target.host);
    pair.upstream = upstream;
    pair.client.pipe(upstream);
    upstream.pipe(pair.client);
    const end = () => {
      pair.client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    upstream.on("error", end);
    upstream.on("close", end);
  }

  const server = net.createServer((client) => {
    const pair: { client: net.Socket; upstream?: net.Socket } = { client };
    pairs.add(pair);
    client.on("error", () => {});
    client.on("close", () => {
      pair.upstream?.destroy();
      pairs.delete(pair);
    });
    if (forwarding) link(pair);
    else client.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    stop() {
      forwarding = false;
      for (const { client, upstream } of pairs) {
        client.unpipe();
        upstream?.unpipe();
        client.pause();
        upstream?.pause();
      }
    },
    resume() {
      forwarding = true;
      for (const pair of pairs) {
        if (!pair.upstream) {
          link(pair);
          pair.client.resume();
          continue;
        }
        pair.client.pipe(pair.upstream);
        pair.upstream.pipe(pair.client);
      }
    },
    async close() {
      for (const { client, upstream } of pairs) {
        client.destroy();
        upstream?.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
