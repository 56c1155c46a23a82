import { jsonResponse, type EmulatorRequest, type EmulatorResponse } from './http.mts';

/** JSON:API (https://jsonapi.org) pieces: the media type, error documents and page links. */

export const JSON_API = 'application/vnd.api+json';

export interface JsonApiError {
	/** HTTP status as a string, as JSON:API prescribes. */
	status: string;
	code?: string;
	title: string;
	detail?: string;
	source?: { pointer?: string; parameter?: string };
}

/** `{errors: [...]}` with each error's status set to `status`. */
export function jsonApiErrors(
	status: number,
	errors: Array<Omit<JsonApiError, 'status'>>,
	contentType = JSON_API,
): EmulatorResponse {
	return jsonResponse(
		status,
		{ errors: errors.map((error) => ({ status: String(status), ...error })) },
		contentType,
	);
}

/** One error: `{errors: [{status, code, title, detail, source}]}`. */
export function jsonApiError(
	status: number,
	error: Omit<JsonApiError, 'status'>,
	contentType = JSON_API,
): EmulatorResponse {
	return jsonApiErrors(status, [error], contentType);
}

/** The request's own URL (as the client addressed the host) with some query parameters replaced. */
export function linkWith(
	req: EmulatorRequest,
	changes: Record<string, string | undefined>,
): string {
	const url = new URL(req.url.pathname + req.url.search, req.origin);
	for (const [key, value] of Object.entries(changes)) {
		if (value === undefined) url.searchParams.delete(key);
		else url.searchParams.set(key, value);
	}
	return url.toString();
}

/**
 * Page-number links (`self`, `first`, `prev` when there is a page before, `next` only when another page exists) for
 * zero-based pages in the query parameter `param` (`page[number]`).
 */
export function pageLinks(
	req: EmulatorRequest,
	param: string,
	page: number,
	hasNext: boolean,
	/** Changes made to every link but `self` (e.g. a tolerated parameter spelling replaced by the canonical one). */
	base: Record<string, string | undefined> = {},
): Record<string, string> {
	const at = (n: number) => linkWith(req, { ...base, [param]: String(n) });
	const links: Record<string, string> = { self: linkWith(req, {}), first: at(0) };
	if (page > 0) links.prev = at(page - 1);
	if (hasNext) links.next = at(page + 1);
	return links;
}
