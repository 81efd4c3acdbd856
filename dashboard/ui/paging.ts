/** A Relay connection as the list queries select it. */
export interface Connection<T> {
  edges: { node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * Forward cursor paging (`first/after`) with a way back: the `after` of every page seen so far is
 * kept, so "Previous" asks for the page before again rather than relying on `last/before`.
 */
export class CursorPager {
  #afters: (string | null)[] = [null];
  /** The `after` argument for the page shown now. */
  get after(): string | null {
    return this.#afters.at(-1) ?? null;
  }
  /** 1 for the first page. */
  get page(): number {
    return this.#afters.length;
  }
  get hasPrevious(): boolean {
    return this.#afters.length > 1;
  }
  next(endCursor: string | null): void {
    if (endCursor) this.#afters.push(endCursor);
  }
  previous(): void {
    if (this.#afters.length > 1) this.#afters.pop();
  }
  reset(): void {
    this.#afters = [null];
  }
}
