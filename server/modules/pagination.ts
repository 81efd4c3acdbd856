/** One page of a Relay connection, as `resolveCursorConnection` asks for it. */
export interface PageRequest {
  after?: string;
  before?: string;
  limit: number;
  inverted: boolean;
}

/**
 * Ids begin with their creation time, so an id is a stable keyset cursor. Lists run newest first;
 * this is the id filter and order for one page.
 */
export function keysetPage(page: PageRequest): { where: { id?: Record<string, string> }; orderBy: { id: 'asc' | 'desc' }; limit: number } {
  const id: Record<string, string> = {};
  if (page.after) id.$lt = page.after;
  if (page.before) id.$gt = page.before;
  return { where: page.after || page.before ? { id } : {}, orderBy: { id: page.inverted ? 'asc' : 'desc' }, limit: page.limit };
}
