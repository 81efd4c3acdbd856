/** What a REST call answered: status, headers and the parsed JSON body (null when empty). */
export interface RestAnswer {
  status: number;
  headers: Headers;
  body: any;
}

/** One REST request to `baseUrl` (or an absolute `path`, as a paging link is): JSON in and out, a bearer key if given. */
export async function restCall(
  baseUrl: string,
  method: string,
  path: string,
  options: { key?: string; body?: unknown; raw?: string; headers?: Record<string, string> } = {},
): Promise<RestAnswer> {
  const response = await fetch(path.startsWith('http') ? path : `${baseUrl}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined || options.raw !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

const jsonType = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

/**
 * Every field of an example (recursively, arrays by their first element) is in the answer with the
 * same JSON type. A null in the example says nothing about the type, so any value fits.
 */
export function missingFields(example: unknown, actual: unknown, path = '$'): string[] {
  if (example === null) return [];
  if (jsonType(example) !== jsonType(actual)) return [`${path}: ${jsonType(actual)} instead of ${jsonType(example)}`];
  if (Array.isArray(example)) {
    if (!example.length || !(actual as unknown[]).length) return [];
    return missingFields(example[0], (actual as unknown[])[0], `${path}[0]`);
  }
  if (typeof example === 'object') {
    return Object.entries(example as Record<string, unknown>).flatMap(([field, value]) =>
      field in (actual as object) ? missingFields(value, (actual as Record<string, unknown>)[field], `${path}.${field}`) : [`${path}.${field}: missing`],
    );
  }
  return [];
}
