/** Relay connections default to 20 items a page and never return more than 100. */
export const PAGE_SIZE = { defaultSize: 20, maxSize: 100 };
