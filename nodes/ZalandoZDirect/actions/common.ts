import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readCommonMappingOptions } from '../../shared/options';
import { errorMessage } from '../../shared/errors';
import { asNodeError } from '../../shared/execute';
import { locatorProperty, readLocator, type LocatorSpec } from '../../shared/locators';
import {
	lineSelectionProperties,
	matchesRequest,
	readLineSelection,
	type LineRequest,
} from '../../shared/lines';
import type { MarketplaceOrder } from '../../shared/model';
import { optionsCollection } from '../../shared/properties';
import type { InputValidator } from '../../shared/validation';
import { validator } from '../../shared/validation';
import type { Show } from '../../shared/router';
import type { ZalandoLineStatus } from '../constants';
import {
	DEFAULT_ZALANDO_MAPPING,
	toMarketplaceOrder,
	type ZalandoMappingSettings,
} from '../mapping';
import { ZalandoClient, type ZalandoOrder } from '../transport';

export { optionsCollection, validator };

export { show } from '../../shared/router';

/** One client per node run: one credential read, one merchant id lookup, one rate-limit scope. */
export async function zalandoClient(ctx: IExecuteFunctions): Promise<ZalandoClient> {
	return await ZalandoClient.create(
		ctx,
		ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject,
	);
}

/** Zalando's ids (orders, order lines, sales channels, logistic centers) are UUIDs; the source without anchors. */
const UUID_SOURCE = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
export const UUID = new RegExp(`^${UUID_SOURCE}$`);

/**
 * The order picker of every operation on one order; its name stays `orderId` so plain-string values (and expressions
 * such as `{{ $json.orderId }}`) keep working. Zalando order ids are UUIDs (`order_id`); the order number is not
 * unique and is not accepted as the ID. No "By URL": Zalando documents no seller-portal order URL.
 */
export const ORDER_LOCATOR: LocatorSpec = {
	displayName: 'Order ID',
	name: 'orderId',
	description:
		'The Zalando order: pick one from the list (most recently changed first; type to filter by order number or ID) or type its order ID (the `orderId` of a normalized order: a UUID, not the order number). For an AI agent: the Zalando order ID as text, e.g. 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.',
	searchListMethod: 'searchOrders',
	listPlaceholder: 'Select an order...',
	id: {
		regex: UUID_SOURCE,
		hint: "a UUID like 0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0: the order's orderId, not its order number, which Zalando does not keep unique",
		placeholder: '0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0',
	},
};

export const orderIdProperty: INodeProperties = locatorProperty(ORDER_LOCATOR);

/** The order ID of an item: from the picker, typed, or a plain string; checked before any request. */
export function readOrderId(ctx: IExecuteFunctions, i: number): string {
	return readLocator(
		validator(ctx, i),
		{ label: 'Order ID', name: 'orderId' },
		ctx.getNodeParameter('orderId', i),
		ORDER_LOCATOR,
	).toLowerCase();
}

/** Options that shape the normalized order (Koongo's Zalando order settings). */
export const orderMappingOptions: INodeProperties[] = [
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the Zalando order document as `raw` to each result',
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'externalId',
		description:
			'Which Zalando field becomes the `sku` of each line (Koongo "Product Identification Attribute")',
		options: [
			{
				name: 'Merchant Product ID (External ID)',
				value: 'externalId',
				description: 'Your own product identifier on the article, usually the EAN or your SKU',
			},
			{ name: 'EAN', value: 'ean', description: 'The external ID when it is an EAN' },
			{ name: 'Zalando Article ID', value: 'articleId' },
		],
	},
	{
		displayName: 'SKU Prefix to Crop',
		name: 'skuPrefixPattern',
		type: 'string',
		default: '',
		placeholder: 'ZAL-',
		description: 'Regular expression removed from the start of each SKU',
	},
	{
		displayName: 'SKU Suffix to Crop',
		name: 'skuSuffixPattern',
		type: 'string',
		default: '',
		placeholder: '-DE',
		description: 'Regular expression removed from the end of each SKU',
	},
	{
		displayName: 'Update Stock for FBZ Orders',
		name: 'updateStockForFbz',
		type: 'boolean',
		default: false,
		description:
			'Whether orders fulfilled by Zalando (ZFS / FBZ) should move store stock. Carried on each order as `updateStoreStock`.',
	},
];

export function mappingSettings(ctx: IExecuteFunctions, i: number): ZalandoMappingSettings {
	return mappingSettingsFrom(
		ctx.getNodeParameter('options', i, {}) as IDataObject,
		validator(ctx, i),
	);
}

/** Reads the mapping options out of an "Options" collection (node or trigger). */
export function mappingSettingsFrom(
	options: IDataObject,
	v: InputValidator,
): ZalandoMappingSettings {
	return {
		...DEFAULT_ZALANDO_MAPPING,
		...readCommonMappingOptions(options, v, {
			choices: ['externalId', 'ean', 'articleId'],
			fallback: 'externalId',
			examples: { prefix: 'ZAL-', suffix: '-DE' },
		}),
		updateStockForFbz: options.updateStockForFbz === true,
	};
}

/** Koongo "Order Types": FBR (partner-fulfilled), FBZ (Zalando-fulfilled) or both. */
export const orderTypesOption: INodeProperties = {
	displayName: 'Order Types',
	name: 'orderTypes',
	type: 'options',
	default: 'fbr',
	description: 'Which orders to handle, by who fulfils them (Koongo "Order Types")',
	options: [
		{ name: 'FBR (Partner Fulfilled)', value: 'fbr', description: 'Orders you ship' },
		{
			name: 'FBZ (Zalando Fulfilled)',
			value: 'fbz',
			description: 'Orders Zalando ships from its warehouses (read-only)',
		},
		{ name: 'Both', value: 'both' },
	],
};

// ---- unit lines

/** One Zalando order line: one unit of an order item. */
export interface UnitLine {
	orderItemId: string;
	orderLineId: string;
	status: ZalandoLineStatus;
}

export function unitLines(order: ZalandoOrder): UnitLine[] {
	return order.items.flatMap(({ item, lines }) =>
		lines.map((line) => ({
			orderItemId: String(item.attributes.order_item_id ?? item.id),
			orderLineId: String(line.attributes.order_line_id ?? line.id),
			status: line.attributes.status,
		})),
	);
}

/** The "Items" choice and JSON list of an operation on order lines. */
export function itemSelectionProperties(
	display: { show: Show },
	verb: string,
	allOpen: string,
): INodeProperties[] {
	return lineSelectionProperties(display, {
		verb,
		allOpen,
		identifiers:
			'`lineId` (the order item: `lines[].lineId`, or one Zalando order line id for exactly that unit), `sku` or `ean`',
	});
}

/** The listed items (undefined: all), checked before any request. */
export function readItemRequests(ctx: IExecuteFunctions, i: number): LineRequest[] | undefined {
	return readLineSelection(ctx, validator(ctx, i), i, { label: 'Items', name: 'items' });
}

/**
 * The unit lines an operation takes. `requests` undefined: every unit in `from`. A request whose `lineId` is one
 * order line id takes exactly that unit (and a unit already in `done` is reported as done, not sent again, so a
 * re-run after a lost answer changes nothing); otherwise the request names an order item (by `lineId`, `sku` or
 * `ean`), and its `quantity` (default: all) units in `from` are taken, in `preferred` status order.
 */
export function pickUnits(
	v: InputValidator,
	order: ZalandoOrder,
	normalized: MarketplaceOrder,
	requests: LineRequest[] | undefined,
	options: {
		verb: string;
		from: readonly ZalandoLineStatus[];
		/** What the operation makes of a line: a listed line already there is reported, not sent. */
		done: readonly ZalandoLineStatus[];
		preferred?: readonly ZalandoLineStatus[];
		/** Order lines that cannot be taken (another parcel's), with why: a listed one is an error. */
		exclude?: ReadonlyMap<string, string>;
		/** The field errors name (default "Items", `items[]`). */
		field?: string;
		label?: string;
	},
): { send: UnitLine[]; alreadyDone: UnitLine[] } {
	const units = unitLines(order);
	const rank = (u: UnitLine) => (options.preferred ?? options.from).indexOf(u.status);
	const excluded = (u: UnitLine) => options.exclude?.has(u.orderLineId) === true;
	const takeable = (u: UnitLine) => options.from.includes(u.status) && !excluded(u);
	const send: UnitLine[] = [];
	const alreadyDone: UnitLine[] = [];
	const list = options.field ?? 'items[]';
	const label = options.label ?? 'Items';
	const field = { label, name: `${list}.lineId` };
	if (requests === undefined) {
		return { send: units.filter(takeable), alreadyDone };
	}
	const taken = new Set<string>();
	for (const request of requests) {
		const unit = request.lineId ? units.find((u) => u.orderLineId === request.lineId) : undefined;
		if (unit) {
			if (taken.has(unit.orderLineId)) continue;
			taken.add(unit.orderLineId);
			if (excluded(unit))
				v.fail(
					field,
					request.lineId,
					`an order line not taken otherwise: line ${unit.orderLineId} is ${options.exclude?.get(unit.orderLineId) ?? 'taken'}`,
				);
			if (options.done.includes(unit.status)) alreadyDone.push(unit);
			else if (takeable(unit)) send.push(unit);
			else
				v.fail(
					field,
					request.lineId,
					`an order line that can be ${options.verb}: line ${unit.orderLineId} is ${unit.status} (allowed from ${options.from.join(' or ')})`,
				);
			continue;
		}
		const matches = normalized.lines.filter((line) => matchesRequest(line, request));
		const identifier = request.lineId ? 'lineId' : request.ean ? 'ean' : 'sku';
		if (matches.length === 0) {
			v.fail(
				{ label, name: `${list}.${identifier}` },
				request[identifier],
				`a ${identifier} of order ${normalized.orderId}: ${normalized.lines
					.map((l) => `${l.lineId} (sku ${l.sku ?? '-'}, ean ${l.ean ?? '-'})`)
					.join('; ')}`,
			);
		}
		const candidates = units
			.filter((u) => matches.some((m) => m.lineId === u.orderItemId))
			.filter((u) => takeable(u) && !taken.has(u.orderLineId))
			.sort((a, b) => rank(a) - rank(b));
		const quantity = request.quantity ?? candidates.length;
		if (candidates.length === 0 || quantity > candidates.length) {
			v.fail(
				{ label, name: `${list}.${request.quantity ? 'quantity' : identifier}` },
				request.quantity ?? request[identifier],
				`at most ${candidates.length} unit(s) of item ${matches[0].lineId} that can be ${options.verb} (order lines in status ${options.from.join(' or ')})`,
			);
		}
		for (const unit of candidates.slice(0, quantity)) {
			taken.add(unit.orderLineId);
			send.push(unit);
		}
	}
	return { send, alreadyDone };
}

/**
 * PATCHes unit lines one by one. When one fails, the error says which lines were already changed at Zalando (and
 * which were not sent), so nobody re-sends blindly; with Continue On Fail the item's output carries the same lists.
 */
export async function patchUnits(
	ctx: IExecuteFunctions,
	client: ZalandoClient,
	orderId: string,
	units: UnitLine[],
	attributes: IDataObject | ((unit: UnitLine) => IDataObject),
	i: number,
): Promise<UnitLine[]> {
	const applied: UnitLine[] = [];
	const of = (unit: UnitLine) => (typeof attributes === 'function' ? attributes(unit) : attributes);
	for (const unit of units) {
		const patch = of(unit);
		try {
			await client.patchLine(orderId, unit.orderItemId, unit.orderLineId, patch, i);
			applied.push({ ...unit, status: patch.status as ZalandoLineStatus });
		} catch (error) {
			if (applied.length === 0) throw asNodeError(ctx, error, i);
			const left = units.slice(applied.length).map((u) => u.orderLineId);
			throw new NodeOperationError(
				ctx.getNode(),
				`Order ${orderId}: ${applied.length} of ${units.length} order line(s) were updated, then line ${unit.orderLineId} (to ${String(patch.status)}) failed: ${errorMessage(error)}`,
				{
					itemIndex: i,
					description: `Applied at Zalando: ${applied.map((u) => `${u.orderLineId} (${u.status})`).join(', ')}. Not applied: ${left.join(', ')}. To finish, run again with Items set to All Open Items, or list the order line IDs not applied (a quantity would count from what is left).`,
				},
			);
		}
	}
	return applied;
}

export function unitJson(units: UnitLine[], extra: IDataObject = {}): IDataObject[] {
	return units.map((u) => ({
		lineId: u.orderItemId,
		orderLineId: u.orderLineId,
		status: u.status,
		...extra,
	}));
}

export { toMarketplaceOrder };
