/** The hash route `#/<id>?<params>`: parsing and formatting. */

/** A parsed route: the page id (may be empty) and its URL state. */
export interface Route {
  id: string;
  params: URLSearchParams;
}

/** Parses `#/<id>?<params>`; anything else (empty, `#main`) is the empty route. */
export function parseRoute(hash: string = location.hash): Route {
  const match = /^#\/([a-z0-9-]*)(?:\?(.*))?$/.exec(hash);
  if (!match) return { id: '', params: new URLSearchParams() };
  return { id: match[1] ?? '', params: new URLSearchParams(match[2] ?? '') };
}

/** `#/<id>` or `#/<id>?<params>`. */
export function formatRoute(id: string, params?: URLSearchParams): string {
  const query = params?.toString() ?? '';
  return `#/${id}${query ? `?${query}` : ''}`;
}

/** A page's params object as URLSearchParams (booleans as `1`/`0`, numbers as written). */
export function toSearchParams(params: Record<string, string | number | boolean>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [key, value] of Object.entries(params))
    out.set(key, typeof value === 'boolean' ? (value ? '1' : '0') : String(value));
  return out;
}
