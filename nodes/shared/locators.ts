/**
 * Resource locators (n8n's "From List / By ID / By URL" pickers) as one kit piece every marketplace node reuses:
 * the property, the reader that turns whatever the parameter holds into an id, and the list-search page builder.
 */
import type { INodeListSearchItems, INodeListSearchResult, INodeProperties } from 'n8n-workflow';

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
