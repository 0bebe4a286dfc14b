import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** Per-request Content-Security-Policy nonce, set by the Express server. */
    cspNonce: string;
    /** The client's address (honouring TRUST_PROXY), for the per-address sign-in throttle. */
    clientIp: string;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
