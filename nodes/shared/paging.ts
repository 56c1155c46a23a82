/**
 * Paging over page-number, cursor and token APIs as one async iterator. Pages are fetched lazily: a consumer that
 * stops after `limit` items never causes the next page to be requested, and nothing is held beyond one page.
 */
export interface Page<T, C> {
	items: T[];
	/** Where the next page starts; `undefined` when this was the last page. */
	next?: C;
}

export type PageFetcher<T, C> = (cursor: C | undefined) => Promise<Page<T, C>>;

export async function* paginate<T, C>(fetchPage: PageFetcher<T, C>, first?: C): AsyncGenerator<T> {
	for await (const page of paginatePages(fetchPage, first))
		for (const item of page.items) yield item;
}

/**
 * The pages themselves, lazily: for a consumer that needs to know where one request's answer ends (a polling trigger
 * that re-reads a list which may shift while it is read, or that stops at a page boundary).
 */
export async function* paginatePages<T, C>(
	fetchPage: PageFetcher<T, C>,
	first?: C,
): AsyncGenerator<Page<T, C>> {
	let cursor: C | undefined = first;
	const seenCursors = new Set<string>();
	for (;;) {
		const page = await fetchPage(cursor);
		yield page;
		if (page.next === undefined || page.next === null || page.items.length === 0) return;
		const key = JSON.stringify(page.next);
		// a server that hands back the same cursor twice would make us loop forever
		if (seenCursors.has(key)) return;
		seenCursors.add(key);
		cursor = page.next;
	}
}

/** Page-number paging (1-based) for APIs with a fixed page size: a short page is the last one. */
export function pageNumberFetcher<T>(
	fetch: (page: number) => Promise<T[]>,
	pageSize: number,
): PageFetcher<T, number> {
	return async (cursor) => {
		const page = cursor ?? 1;
		const items = await fetch(page);
		return { items, next: items.length >= pageSize ? page + 1 : undefined };
	};
}

/** Takes items from an iterator: all of them, or at most `limit` (the n8n `returnAll` / `limit` pair). */
export async function take<T>(
	iterator: AsyncIterable<T>,
	returnAll: boolean,
	limit: number,
): Promise<T[]> {
	const result: T[] = [];
	if (!returnAll && limit <= 0) return result;
	for await (const item of iterator) {
		result.push(item);
		if (!returnAll && result.length >= limit) break;
	}
	return result;
}

/** Maps an async iterator lazily. */
export async function* mapAsync<T, U>(
	iterator: AsyncIterable<T>,
	fn: (item: T) => Promise<U>,
): AsyncGenerator<U> {
	for await (const item of iterator) yield await fn(item);
}

/** Filters an async iterator lazily. */
export async function* filterAsync<T>(
	iterator: AsyncIterable<T>,
	predicate: (item: T) => boolean,
): AsyncGenerator<T> {
	for await (const item of iterator) if (predicate(item)) yield item;
}
