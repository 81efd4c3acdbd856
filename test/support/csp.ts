/** One directive of a Content-Security-Policy header, as written ("frame-ancestors 'self' …"), or null. */
export function cspDirective(header: string | null, name: string): string | null {
  return (
    header
      ?.split(';')
      .map((part) => part.trim())
      .find((part) => part === name || part.startsWith(`${name} `)) ?? null
  );
}
