/**
 * Resource locators (n8n's "From List / By ID / By URL" pickers) as one kit piece every marketplace node reuses:
 * the property, the reader that turns whatever the parameter holds into an id, and the list-search page builder.
 */
import type { INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

import type { MarketplaceOrder, MarketplaceReturn } from './model';
import type { Page } from './paging';
import type { Field, InputValidator } from './validation';

/** What a marketplace says about one kind of record (an order, a return...) it lets the user pick. */
export interface LocatorSpec {
	displayName: string;
	/** Parameter name; kept from the plain-string parameter it replaces so older workflows keep their value. */
	name: string;
	description: string;
	/** `methods.listSearch` entry that fills "From List". */
	searchListMethod: string;
	/** "From List" placeholder, e.g. "Select an order...". */
	listPlaceholder: string;
	id: {
		/** Regular expression source of a whole id, without anchors (n8n anchors it with `^...$`). */
		regex: string;
		/** Says what an id looks like, for the editor's hint and the error. */
		hint: string;
		placeholder: string;
	};
	/** "By URL", for marketplaces with a seller dashboard page per record. */
	url?: {
		/** Regular expression source of a page URL with exactly one capture group: the id. No anchors. */
		regex: string;
		hint: string;
		placeholder: string;
	};
	required?: boolean;
}

/** A resource-locator property: "From List" (searchable, paged), "By ID" and, when the marketplace has one, "By URL". */
export function locatorProperty(spec: LocatorSpec): INodeProperties {
	const url = spec.url ?? { regex: '', hint: '', placeholder: '' };
	const property: INodeProperties = {
		displayName: spec.displayName,
		name: spec.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: spec.required ?? true,
		description: spec.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: spec.listPlaceholder,
				typeOptions: { searchListMethod: spec.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: spec.id.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: spec.id.regex, errorMessage: `Not a valid ID: ${spec.id.hint}` },
					},
				],
			},
			{
				displayName: 'By URL',
				name: 'url',
				type: 'string',
				placeholder: url.placeholder,
				validation: [
					{
						type: 'regex',
						properties: { regex: `${url.regex}.*`, errorMessage: `Not a valid URL: ${url.hint}` },
					},
				],
				extractValue: { type: 'regex', regex: url.regex },
			},
		],
	};
	// the modes are written out in place (n8n's lint knows locator modes by where they stand); no URL mode without URLs
	if (!spec.url) property.modes = property.modes?.filter((mode) => mode.name !== 'url');
	return property;
}

/** The mode and raw text of a locator parameter: a `{ __rl, mode, value }` object or a plain value (older workflows, expressions). */
export function locatorValue(parameter: unknown): { mode?: string; value: unknown } {
	if (parameter !== null && typeof parameter === 'object' && 'value' in parameter) {
		const { mode, value } = parameter as { mode?: unknown; value: unknown };
		return { mode: typeof mode === 'string' ? mode : undefined, value };
	}
	return { value: parameter };
}

/**
 * The id a locator parameter names, checked before any request: the list's or typed id, or the id inside a URL
 * (in any mode, so a URL pasted into "By ID" or a plain-string parameter works too). Fails naming the field.
 */
export function readLocator(
	v: InputValidator,
	field: Field,
	parameter: unknown,
	spec: Pick<LocatorSpec, 'id' | 'url'>,
): string {
	const { mode, value } = locatorValue(parameter);
	const text = typeof value === 'number' ? String(value) : value;
	const allowed = spec.url ? `${spec.id.hint}, or ${spec.url.hint}` : spec.id.hint;
	if (typeof text !== 'string' || text.trim() === '') v.fail(field, value, allowed);
	const trimmed = text.trim();
	const fromUrl = spec.url ? new RegExp(`^${spec.url.regex}`).exec(trimmed)?.[1] : undefined;
	if (mode === 'url' && fromUrl === undefined) v.fail(field, value, allowed);
	const id = fromUrl ?? trimmed;
	if (!new RegExp(`^(?:${spec.id.regex})$`).test(id)) v.fail(field, value, allowed);
	return id;
}

/** An optional locator (`required: false`): undefined when left empty, else the id `readLocator` reads. */
export function readOptionalLocator(
	v: InputValidator,
	field: Field,
	parameter: unknown,
	spec: Pick<LocatorSpec, 'id' | 'url'>,
): string | undefined {
	const { value } = locatorValue(parameter);
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === ''))
		return undefined;
	return readLocator(v, field, parameter, spec);
}

/** One entry of a "From List" page. */
export interface ListEntry {
	name: string;
	value: string;
	url?: string;
	description?: string;
}

/** A "From List" page for n8n: the entries and, when there is more, the token n8n hands back for the next page. */
export function listSearchPage(
	entries: ListEntry[],
	paginationToken?: string,
): INodeListSearchResult {
	const results: INodeListSearchItems[] = entries.map((entry) => ({
		name: entry.name,
		value: entry.value,
		...(entry.url === undefined ? {} : { url: entry.url }),
		...(entry.description === undefined ? {} : { description: entry.description }),
	}));
	return paginationToken ? { results, paginationToken } : { results };
}

/** Case-insensitive "contains" for a list-search filter; an empty filter matches everything. */
export function matchesFilter(filter: string | undefined, ...texts: Array<string | undefined>) {
	const needle = (filter ?? '').trim().toLowerCase();
	return needle === '' || texts.some((text) => (text ?? '').toLowerCase().includes(needle));
}

/**
 * A picker's page token that carries what the first page asked with (the start of "the last 30 days", an API's own
 * token...) along with the position, because the list moves while the user scrolls: base64url JSON of flat values.
 */
export function encodePageToken(token: Record<string, string | number>): string {
	return Buffer.from(JSON.stringify(token), 'utf8').toString('base64url');
}

/** The token `encodePageToken` made, when `text` is one and has every key of `shape` with its type; else undefined. */
export function decodePageToken<T extends Record<string, string | number>>(
	text: string | undefined,
	shape: { [K in keyof T]: T[K] extends number ? 'number' : 'string' },
): T | undefined {
	if (!text) return undefined;
	try {
		const parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown;
		if (parsed === null || typeof parsed !== 'object') return undefined;
		const record = parsed as Record<string, unknown>;
		return Object.entries(shape).every(([key, type]) => typeof record[key] === type)
			? (record as T)
			: undefined;
	} catch {
		return undefined;
	}
}

/** The records of a list a marketplace gives whole (no paging), cut into pages of `size` from `offset`. */
export function slicePage<T>(records: T[], offset: number, size: number): Page<T, number> {
	const start = Number.isInteger(offset) && offset > 0 ? offset : 0;
	const end = start + size;
	return { items: records.slice(start, end), next: end < records.length ? end : undefined };
}

/**
 * `ListSource.page` for a list paged by a number (a page number or an offset): the token is that number (0, the first
 * page, when absent or not a whole non-negative number) and the next page's number becomes the next token.
 */
export function numberedPages<T>(
	fetch: (position: number) => Promise<Page<T, number>>,
): (token: string | undefined) => Promise<Page<T, string>> {
	return async (token) => {
		const parsed = Number(token ?? '0');
		const page = await fetch(Number.isInteger(parsed) && parsed >= 0 ? parsed : 0);
		return { items: page.items, next: page.next === undefined ? undefined : String(page.next) };
	};
}

/** What a "From List" is made of, for `searchList`. */
export interface ListSource<T> {
	/** One call: the records of the page `token` names (undefined: the first page) and the next page's token. */
	page(token: string | undefined): Promise<Page<T, string>>;
	entry(record: T): ListEntry;
	/** The texts the filter is matched against (case-insensitive "contains"). */
	searchable(record: T): Array<string | null | undefined>;
	/**
	 * A filter that matches `pattern` (a whole ID or number) is looked up first, with one call; what is found is the
	 * answer (an order beyond the listed pages can be picked), and when nothing is, the list is filtered as usual.
	 */
	lookup?: { pattern: RegExp; find(filter: string): Promise<T[]> };
}

/** A "From List" page: the direct lookup of a whole ID, or one page of the list (one call) kept by the filter. */
export async function searchList<T>(
	source: ListSource<T>,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const wanted = (filter ?? '').trim();
	if (!paginationToken && source.lookup?.pattern.test(wanted)) {
		const found = await source.lookup.find(wanted);
		if (found.length > 0) return listSearchPage(found.map((record) => source.entry(record)));
	}
	const page = await source.page(paginationToken || undefined);
	const entries = page.items
		.filter((record) =>
			matchesFilter(filter, ...source.searchable(record).map((text) => text ?? undefined)),
		)
		.map((record) => source.entry(record));
	return listSearchPage(entries, page.next);
}

function day(time: string | null): string | undefined {
	return time ? time.slice(0, 10) : undefined;
}

function money(amount: number, currency: string): string {
	return `${amount.toFixed(2)} ${currency}`.trim();
}

/**
 * A normalized order as a "From List" entry: number (the ID when the marketplace has no separate number), day,
 * customer and amount; the description says the ID, when it was placed, the status and the units. `status` overrides
 * the normalized status with the marketplace's own word (a transfer's "pending").
 */
export function orderListEntry(order: MarketplaceOrder, status?: string): ListEntry {
	const numbered = order.orderNumber !== '' && order.orderNumber !== order.orderId;
	const units = order.lines.reduce((sum, line) => sum + line.quantity, 0);
	return {
		name: [
			numbered ? order.orderNumber : order.orderId,
			day(order.createdAt),
			order.customer.fullName ?? order.customer.company ?? undefined,
			money(order.totals.total, order.currency),
		]
			.filter(Boolean)
			.join(' · '),
		value: order.orderId,
		description: [
			numbered ? `Order ID ${order.orderId}` : undefined,
			order.createdAt ? `Placed ${order.createdAt}` : undefined,
			`status ${status ?? order.status}`,
			`${units} unit${units === 1 ? '' : 's'}`,
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * A normalized return as a "From List" entry: ID, day, order(s), whether it is still to handle; the description says
 * when it was registered, the customer and the returned SKUs with their quantities.
 */
export function returnListEntry(record: MarketplaceReturn): ListEntry {
	return {
		name: [
			record.returnId,
			day(record.registeredAt),
			record.orderIds.length > 0 ? `order ${record.orderIds.join(', ')}` : undefined,
			record.status === 'open' ? 'to handle' : 'handled',
		]
			.filter(Boolean)
			.join(' · '),
		value: record.returnId,
		description: [
			record.registeredAt ? `Registered ${record.registeredAt}` : undefined,
			record.customer?.fullName ?? undefined,
			...record.lines.map((line) => `${line.sku ?? line.ean ?? line.lineId} x ${line.quantity}`),
		]
			.filter(Boolean)
			.join(', '),
	};
}

/**
 * A direct lookup for `ListSource.lookup`: the record, or nothing when the marketplace answers 404 (an ID it does not
 * know); any other error is the list's error.
 */
export async function unlessMissing<T>(get: () => Promise<T | undefined>): Promise<T[]> {
	const found = await get().catch(async (error: unknown) =>
		String((error as { httpCode?: unknown })?.httpCode ?? '') === '404'
			? undefined
			: await Promise.reject(error as Error),
	);
	return found === undefined ? [] : [found];
}
