import { asBody, toNumber, type Body } from '../commerce.mts';
import { parseNestedQuery } from '../core/http.mts';

/**
 * Magento's searchCriteria for list endpoints, from bracket query strings. Both spellings are accepted, as Magento's
 * input processor converts snake_case (`search_criteria[filter_groups][0][filters][0][condition_type]`, what n8n's
 * Magento node sends) to camelCase (`searchCriteria[filterGroups][0][filters][0][conditionType]`).
 */
export interface Filter {
	field: string;
	value: string;
	conditionType: string;
}

export interface SearchCriteria {
	filterGroups: Filter[][];
	sortOrders: Array<{ field: string; direction: 'ASC' | 'DESC' }>;
	pageSize?: number;
	currentPage: number;
}

export class MissingSearchCriteria extends Error {}

function pick(obj: Body, camel: string): unknown {
	const snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
	return obj[camel] ?? obj[snake];
}

const values = (v: unknown): Body[] =>
	typeof v === 'object' && v !== null ? Object.values(v as Body).map((x) => asBody(x)) : [];

export function parseSearchCriteria(query: URLSearchParams): SearchCriteria {
	const nested = parseNestedQuery(query);
	const raw = pick(nested, 'searchCriteria');
	if (raw === undefined) throw new MissingSearchCriteria('searchCriteria');
	const criteria = asBody(raw);
	const current = pick(criteria, 'currentPage') ?? pick(nested, 'currentPage');
	const size = pick(criteria, 'pageSize');
	return {
		filterGroups: values(pick(criteria, 'filterGroups')).map((group) =>
			values(group.filters).map((f) => ({
				field: String(f.field ?? ''),
				value: String(f.value ?? ''),
				conditionType: String(pick(f, 'conditionType') ?? 'eq').toLowerCase(),
			})),
		),
		sortOrders: values(pick(criteria, 'sortOrders')).map((s) => ({
			field: String(s.field ?? ''),
			direction: String(s.direction ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
		})),
		pageSize: size === undefined ? undefined : Math.max(1, Math.trunc(toNumber(size, 20))),
		currentPage: Math.max(1, Math.trunc(toNumber(current, 1))),
	};
}

function likeToRegExp(pattern: string): RegExp {
	const source = pattern
		.replace(/[.+?^${}()|[\]\\]/g, '\\$&')
		.replace(/%/g, '.*')
		.replace(/_/g, '.');
	return new RegExp(`^${source}$`, 'i');
}

function compare(a: unknown, b: string): number {
	const x = typeof a === 'number' ? a : Number(a);
	const y = Number(b);
	if (Number.isFinite(x) && Number.isFinite(y) && String(a).trim() !== '' && b.trim() !== '')
		return x - y;
	return String(a ?? '').localeCompare(b);
}

export function matches(item: Body, filter: Filter): boolean {
	const actual = item[filter.field];
	const list = filter.value.split(',').map((v) => v.trim());
	switch (filter.conditionType) {
		case 'eq':
			return String(actual ?? '') === filter.value;
		case 'neq':
			return String(actual ?? '') !== filter.value;
		case 'like':
			return likeToRegExp(filter.value).test(String(actual ?? ''));
		case 'nlike':
			return !likeToRegExp(filter.value).test(String(actual ?? ''));
		case 'in':
			return list.includes(String(actual ?? ''));
		case 'nin':
			return !list.includes(String(actual ?? ''));
		case 'finset':
			return String(actual ?? '')
				.split(',')
				.includes(filter.value);
		case 'null':
			return actual === null || actual === undefined;
		case 'notnull':
			return actual !== null && actual !== undefined;
		case 'gt':
			return compare(actual, filter.value) > 0;
		case 'gteq':
		case 'moreq':
		case 'from':
			return compare(actual, filter.value) >= 0;
		case 'lt':
			return compare(actual, filter.value) < 0;
		case 'lteq':
		case 'to':
			return compare(actual, filter.value) <= 0;
		default:
			return false;
	}
}

/** Filters (AND across groups, OR within one), sorts and pages like Magento's collection: a page past the end gives
 * the last page again (a classic infinite-loop trap for naive pagers). */
export function search(
	items: Body[],
	criteria: SearchCriteria,
): { items: Body[]; total_count: number } {
	let result = items.filter((item) =>
		criteria.filterGroups.every(
			(group) => group.length === 0 || group.some((f) => matches(item, f)),
		),
	);
	for (const sort of [...criteria.sortOrders].reverse()) {
		const dir = sort.direction === 'DESC' ? -1 : 1;
		result = [...result].sort((a, b) => dir * compare(a[sort.field], String(b[sort.field] ?? '')));
	}
	const total = result.length;
	if (criteria.pageSize !== undefined) {
		const lastPage = Math.max(1, Math.ceil(total / criteria.pageSize));
		const page = Math.min(criteria.currentPage, lastPage);
		result = result.slice((page - 1) * criteria.pageSize, page * criteria.pageSize);
	}
	return { items: result, total_count: total };
}

export function echoCriteria(criteria: SearchCriteria): Body {
	return {
		filter_groups: criteria.filterGroups.map((group) => ({
			filters: group.map((f) => ({
				field: f.field,
				value: f.value,
				condition_type: f.conditionType,
			})),
		})),
		...(criteria.sortOrders.length > 0 ? { sort_orders: criteria.sortOrders } : {}),
		...(criteria.pageSize !== undefined
			? { page_size: criteria.pageSize, current_page: criteria.currentPage }
			: {}),
	};
}
