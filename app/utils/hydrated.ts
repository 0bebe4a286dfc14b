import { useEffect, useState } from "react";

/**
 * False on the server and on the browser's first render (so that hydration matches), true from then on: for
 * controls that only work with JavaScript, drawn as links or forms until it runs.
 */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
