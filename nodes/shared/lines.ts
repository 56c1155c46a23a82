import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MarketplaceOrderLine } from './model';
import type { Field, InputValidator } from './validation';

/**
 * Which lines of an order an operation (ship, cancel, ...) takes, on the normalized model, the same for every
 * marketplace:
 *
 * - "all open lines": every line with something open, each with all of it;
 * - only lines the merchant fulfils: a line the marketplace fulfils (bol FBB, Amazon FBA) is skipped by "all open
 *   lines" and refused when listed, unless the caller says otherwise;
 * - listed lines: a JSON array of `{ lineId | sku | ean, quantity? }`. `lineId` is the marketplace's line id; `sku`
 *   matches the line's `sku` or its `merchantReference` (the uncropped offer reference / seller SKU); `ean` matches
 *   the line's EAN as a GTIN (leading zeros ignored). When an order holds the product twice, the first line with
 *   something left takes it. No quantity: all that is left of the line; a line listed twice adds up.
 *
 * Checks before any request (`parseLineRequests`): the JSON, the identifiers, EAN check digits, whole quantities.
 * Checks against the order (`selectLines`): an unknown line names the identifier and lists the order's lines; a
 * quantity above what is open names both numbers.
 */

export const LINE_IDENTIFIERS = ['lineId', 'sku', 'ean'] as const;
export type LineIdentifier = (typeof LINE_IDENTIFIERS)[number];

/** An order line named by the user. */
export interface LineRequest {
	lineId?: string;
	sku?: string;
	ean?: string;
	quantity?: number;
}

export interface SelectedLine {
	lineId: string;
	quantity: number;
	line: MarketplaceOrderLine;
}

export interface LineListField extends Field {
	/** The identifiers this marketplace's lines carry (Amazon lines have no EAN). Default: all. */
	identifiers?: readonly LineIdentifier[];
	/** Most entries in one list. Default 100. */
	max?: number;
}

const MAX_QUANTITY = 9999;

/**
 * The "Items" choice (`itemsMode`: `allOpen` | `list`) and the JSON list it shows (`items`) of an operation that takes
 * order lines (`verb`: "Ship", "Cancel").
 */
export function lineSelectionProperties(
	display: IDisplayOptions,
	text: { verb: string; allOpen: string; identifiers: string },
): INodeProperties[] {
	return [
		{
			displayName: 'Items',
			name: 'itemsMode',
			type: 'options',
			default: 'allOpen',
			displayOptions: display,
			options: [
				{ name: 'All Open Items', value: 'allOpen', description: text.allOpen },
				{
					name: 'Listed Items',
					value: 'list',
					description: `${text.verb} the items listed as JSON`,
				},
			],
		},
		{
			displayName: `Items to ${text.verb} (JSON)`,
			name: 'items',
			type: 'json',
			default: '[{"lineId": "", "quantity": 1}]',
			description: `Array of items: each with ${text.identifiers}, and an optional \`quantity\` (default: all that is open; never more than is open)`,
			displayOptions: { ...display, show: { ...display.show, itemsMode: ['list'] } },
		},
	];
}

/**
 * What the "Items" choice of `lineSelectionProperties` asks for, checked before any request: undefined for all open
 * items, else the JSON list (`parseLineRequests`, its errors naming `field`).
 */
export function readLineSelection(
	ctx: IExecuteFunctions,
	v: InputValidator,
	itemIndex: number,
	field: LineListField,
): LineRequest[] | undefined {
	const mode = v.oneOf(
		{ label: 'Items', name: 'itemsMode' },
		ctx.getNodeParameter('itemsMode', itemIndex, 'allOpen'),
		['allOpen', 'list'] as const,
	);
	return mode === 'list'
		? parseLineRequests(v, ctx.getNodeParameter('items', itemIndex), field)
		: undefined;
}

function identifierText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

function orList(names: readonly string[]): string {
	return names.length < 2
		? names.join('')
		: `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}

/** The JSON list of lines (text, or an array from an expression), checked before any request. */
export function parseLineRequests(
	v: InputValidator,
	value: unknown,
	field: LineListField,
): LineRequest[] {
	const identifiers = field.identifiers ?? LINE_IDENTIFIERS;
	const max = field.max ?? 100;
	const base: Field = { label: field.label, name: field.name };
	const example = `[{"${identifiers[0]}": "...", "quantity": 1}]`;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			v.fail(base, value, `a JSON array like ${example}`);
		}
	}
	if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > max)
		v.fail(base, value, `an array of 1 to ${max} items like ${example}`);
	const each = `items that each have a ${orList(identifiers)}`;
	return (parsed as unknown[]).map((entry) => {
		if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
			v.fail(base, entry, each);
		const record = entry as Record<string, unknown>;
		const request: LineRequest = {};
		for (const identifier of identifiers) {
			const text = identifierText(record[identifier]);
			if (text !== undefined) request[identifier] = text;
		}
		if (!request.lineId && !request.sku && !request.ean) {
			const other = LINE_IDENTIFIERS.filter(
				(id) => !identifiers.includes(id) && identifierText(record[id]),
			);
			v.fail(
				base,
				entry,
				other.length ? `${each} (these lines carry no ${other.join(', ')})` : each,
			);
		}
		if (request.ean !== undefined)
			request.ean = v.ean({ label: base.label, name: `${base.name}[].ean` }, request.ean);
		const quantity = record.quantity;
		if (quantity !== undefined && quantity !== null && quantity !== '') {
			request.quantity = v.integer(
				{ label: base.label, name: `${base.name}[].quantity` },
				quantity,
				1,
				MAX_QUANTITY,
			);
		}
		return request;
	});
}

const gtin = (code: string) => (/^\d+$/.test(code) ? code.padStart(14, '0') : code);

/** Whether `line` is the line `request` names (by lineId, EAN as a GTIN, or SKU / merchant reference). */
export function matchesRequest(line: MarketplaceOrderLine, request: LineRequest): boolean {
	if (request.lineId) return line.lineId === request.lineId;
	if (request.ean) return line.ean !== null && gtin(line.ean) === gtin(request.ean);
	return (
		request.sku !== undefined &&
		(line.sku === request.sku || line.merchantReference === request.sku)
	);
}

/** "2012345678 (sku ABC, ean 871..., 2 open)" for error messages. */
export function describeLine(line: MarketplaceOrderLine): string {
	const parts = [
		line.sku !== null ? `sku ${line.sku}` : undefined,
		line.merchantReference !== null && line.merchantReference !== line.sku
			? `reference ${line.merchantReference}`
			: undefined,
		line.ean !== null ? `ean ${line.ean}` : undefined,
		`${line.quantityOpen} open`,
	].filter(Boolean);
	return `${line.lineId} (${parts.join(', ')})`;
}

/**
 * The lines and quantities an operation takes: `requests` undefined means all open lines. `verb` words the errors
 * ("ship", "cancel"); `open` says what is left of a line (default `quantityOpen`).
 */
export function selectLines(
	v: InputValidator,
	order: { orderId: string; lines: readonly MarketplaceOrderLine[] },
	requests: readonly LineRequest[] | undefined,
	options: Field & {
		verb: string;
		open?: (line: MarketplaceOrderLine) => number;
		/** Take lines the marketplace fulfils (bol FBB, Amazon FBA) too. Default: no, they are not the merchant's to take. */
		includeMarketplaceFulfilled?: boolean;
	},
): SelectedLine[] {
	const ownLine = (line: MarketplaceOrderLine) =>
		options.includeMarketplaceFulfilled === true || line.fulfilment === 'merchant';
	const open = (line: MarketplaceOrderLine) =>
		ownLine(line) ? (options.open ?? ((l: MarketplaceOrderLine) => l.quantityOpen))(line) : 0;
	if (requests === undefined) {
		return order.lines
			.filter((line) => open(line) > 0)
			.map((line) => ({ lineId: line.lineId, quantity: open(line), line }));
	}
	const taken = new Map<string, SelectedLine>();
	const left = (line: MarketplaceOrderLine) => open(line) - (taken.get(line.lineId)?.quantity ?? 0);
	for (const request of requests) {
		const identifier: LineIdentifier = request.lineId ? 'lineId' : request.ean ? 'ean' : 'sku';
		const field = { label: options.label, name: `${options.name}[].${identifier}` };
		const candidates = order.lines.filter((line) => matchesRequest(line, request));
		const line = candidates.find((c) => left(c) > 0) ?? candidates[0];
		if (!line) {
			v.fail(
				field,
				request[identifier],
				`a ${identifier} of a line of order ${order.orderId}: ${
					order.lines.map(describeLine).join('; ') || 'the order has no lines'
				}`,
			);
		}
		if (!ownLine(line)) {
			v.fail(
				field,
				request[identifier],
				`a line you fulfil yourself: line ${line.lineId} of order ${order.orderId} is fulfilled by the marketplace`,
			);
		}
		const remaining = left(line);
		const listed = taken.get(line.lineId)?.quantity ?? 0;
		const listedNote = listed > 0 ? `, ${listed} already listed` : '';
		if (remaining <= 0) {
			v.fail(
				field,
				request[identifier],
				`a line with something left to ${options.verb}: line ${line.lineId} of order ${order.orderId} has none (ordered ${line.quantity}, shipped ${line.quantityShipped}, cancelled ${line.quantityCancelled}${listedNote})`,
			);
		}
		const quantity = request.quantity ?? remaining;
		if (quantity > remaining) {
			v.fail(
				{ label: options.label, name: `${options.name}[].quantity` },
				quantity,
				`a whole number from 1 to ${remaining} (the open quantity of line ${line.lineId}${listedNote})`,
			);
		}
		taken.set(line.lineId, { lineId: line.lineId, quantity: listed + quantity, line });
	}
	return [...taken.values()];
}
