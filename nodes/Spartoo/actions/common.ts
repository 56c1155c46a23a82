import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { errorMessage } from '../../shared/errors';
import { locatorProperty, readLocator, type LocatorSpec } from '../../shared/locators';
import { readCommonMappingOptions } from '../../shared/options';
import type { MarketplaceReturn } from '../../shared/model';
import { optionsCollection } from '../../shared/properties';
import type { InputValidator } from '../../shared/validation';
import { validator } from '../../shared/validation';
import {
	ID_SOURCE,
	LABEL_LINK_MAX_LENGTH,
	ORDER_STATUS_NAMES,
	ORDER_TRANSITIONS,
	RETURN_STATUS_NAMES,
	RETURN_TRANSITIONS,
	SCRIPTS,
} from '../constants';
import {
	DEFAULT_SPARTOO_MAPPING,
	PRODUCT_IDENTIFICATIONS,
	SIZE_NOT_ASKED,
	resolveReturnSize,
	type SizeResolution,
	toMarketplaceOrder,
	toMarketplaceReturn,
	type SpartooMappingSettings,
} from '../mapping';
import { SpartooClient } from '../transport';
import {
	readOrders,
	readOrderUpdate,
	readReturns,
	readReturnUpdate,
	type SpartooOrderRecord,
	type SpartooReturnRecord,
} from '../transport/read';

export { optionsCollection, validator };
export { show } from '../../shared/router';
export { toMarketplaceOrder, toMarketplaceReturn };

/** One client per node run: one credential read, one rate-limit scope. */
export async function spartooClient(ctx: IExecuteFunctions): Promise<SpartooClient> {
	return await SpartooClient.create(
		ctx,
		ctx.getNodeParameter('requestOptions', 0, {}) as IDataObject,
	);
}

/**
 * The order and return pickers; their names stay `orderId` and `returnId` so plain-string values (and expressions)
 * keep working. No "By URL": Spartoo documents no seller-account page per order.
 */
export const ORDER_LOCATOR: LocatorSpec = {
	displayName: 'Order ID',
	name: 'orderId',
	description:
		'The Spartoo order: pick one of the orders changed in the last 30 days (waiting for your accept first, then in preparation, then the others, newest first; type to filter by ID or customer) or type its ID (`orders_id`, the `orderId` of a normalized order). For an AI agent: the Spartoo order ID as digits, e.g. 12345678.',
	searchListMethod: 'searchOrders',
	listPlaceholder: 'Select an order...',
	id: { regex: ID_SOURCE, hint: 'a Spartoo order ID, digits only', placeholder: '12345678' },
};

export const RETURN_LOCATOR: LocatorSpec = {
	displayName: 'Return ID',
	name: 'returnId',
	description:
		'The Spartoo return: pick one of the returns of the last 30 days (waiting to be received first, newest first; type to filter by return or order ID) or type its ID (`return_id`, the `returnId` of a normalized return). For an AI agent: the Spartoo return ID as digits, e.g. 555.',
	searchListMethod: 'searchReturns',
	listPlaceholder: 'Select a return...',
	id: { regex: ID_SOURCE, hint: 'a Spartoo return ID, digits only', placeholder: '555' },
};

export const orderIdProperty: INodeProperties = locatorProperty(ORDER_LOCATOR);
export const returnIdProperty: INodeProperties = locatorProperty(RETURN_LOCATOR);

/** An order or return ID: from the picker, typed, or a plain string; checked before any request. */
export function readId(ctx: IExecuteFunctions, i: number, name: 'orderId' | 'returnId'): string {
	const spec = name === 'orderId' ? ORDER_LOCATOR : RETURN_LOCATOR;
	return readLocator(
		validator(ctx, i),
		{ label: spec.displayName, name },
		ctx.getNodeParameter(name, i),
		spec,
	);
}

/** Options that shape the normalized order and return (Koongo's Spartoo order settings). */
export const mappingOptions: INodeProperties[] = [
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: "Whether to add Spartoo's record (read from its XML) as `raw` to each result",
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'reference',
		description:
			'Which Spartoo field becomes the `sku` of each line (Koongo "Product Identification Attribute")',
		options: [
			{
				name: 'Product Reference',
				value: 'reference',
				description: 'Your reference of the product (`products_reference`)',
			},
			{
				name: 'Size Reference',
				value: 'sizeReference',
				description:
					'Your reference of the size (`products_size_reference`, what stock updates use); the product reference when missing',
			},
			{ name: 'Spartoo Product ID', value: 'spartooId', description: '`products_spartoo`' },
		],
	},
	{
		displayName: 'SKU Prefix to Crop',
		name: 'skuPrefixPattern',
		type: 'string',
		default: '',
		placeholder: 'SPA-',
		description: 'Regular expression removed from the start of each SKU',
	},
	{
		displayName: 'SKU Suffix to Crop',
		name: 'skuSuffixPattern',
		type: 'string',
		default: '',
		placeholder: '-FR',
		description: 'Regular expression removed from the end of each SKU',
	},
	{
		displayName: 'Use Billing Address for Shipping',
		name: 'billingAsShipping',
		type: 'boolean',
		default: false,
		description:
			'Whether the shipping address is the billing (customer) address instead of the delivery address (Koongo option). A relay point stays on the order as `pickupPoint`.',
	},
];

/** Return reads (Get, Get Many, the trigger's New Return): the mapping options and the size resolution. */
export const resolveReturnSizeOption: INodeProperties = {
	displayName: 'Resolve Size From Order',
	name: 'resolveReturnSize',
	type: 'boolean',
	default: true,
	description:
		"Whether to read the return's order to find the returned size: a Spartoo return names only your product reference and the size label. One extra order read per order and run (it counts against the hourly quota). The size reference then becomes the line's `sku` under Size Reference identification, and `extra.sizeResolution` says how it was found or lists the candidates.",
};

export const returnMappingOptions: INodeProperties[] = [...mappingOptions, resolveReturnSizeOption];

export function mappingSettingsFrom(
	options: IDataObject,
	v: InputValidator,
	currency: string,
): SpartooMappingSettings {
	return {
		...DEFAULT_SPARTOO_MAPPING,
		...readCommonMappingOptions(options, v, {
			choices: PRODUCT_IDENTIFICATIONS,
			fallback: 'reference',
			examples: { prefix: 'SPA-', suffix: '-FR' },
		}),
		billingAsShipping: options.billingAsShipping === true,
		currency,
		resolveReturnSize: options.resolveReturnSize !== false,
	};
}

export function mappingSettings(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	i: number,
): SpartooMappingSettings {
	return mappingSettingsFrom(
		ctx.getNodeParameter('options', i, {}) as IDataObject,
		validator(ctx, i),
		client.currency,
	);
}

// ---- orders

/** The orders of one `xml_export_orders` call (none when Spartoo answers -6, nothing found). */
export async function exportOrders(
	client: SpartooClient,
	form: Record<string, string | number | undefined>,
	operation: string,
	i?: number,
): Promise<SpartooOrderRecord[]> {
	const answer = await client.post({
		script: SCRIPTS.exportOrders,
		form,
		operation,
		itemIndex: i,
		read: true,
		accept: [-6],
	});
	return answer.code === -6 ? [] : readOrders(answer.root);
}

/** One order by id (`xml_export_orders` with `oID`); a clear error when Spartoo does not know it. */
export async function fetchOrder(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	orderId: string,
	i: number,
): Promise<SpartooOrderRecord> {
	const order = (await exportOrders(client, { oID: orderId }, `get order ${orderId}`, i)).find(
		(o) => o.order.orders_id === orderId,
	);
	if (!order)
		return validator(ctx, i).fail(
			{ label: 'Order ID', name: 'orderId' },
			orderId,
			'the ID of an order of this Spartoo account (Spartoo does not know this one)',
		);
	return order;
}

export function orderStatusOf(record: SpartooOrderRecord): number {
	return Number(record.order.orders_status_id ?? 0);
}

function statusLabel(names: Record<number, string>, status: number): string {
	return `${status} (${names[status] ?? 'unknown'})`;
}

/**
 * Moves an order to `target` with `xml_maj_orders`, after checking the transition on the order Spartoo sent: an order
 * already in `target` is reported (`alreadyDone`), not sent again, so a re-run after a lost answer changes nothing; a
 * transition Spartoo refuses (-7) is refused here first, naming the current status and the allowed ones.
 */
export async function setOrderStatus(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	record: SpartooOrderRecord,
	target: number,
	i: number,
	options: { verb: string; extra?: Record<string, string>; refusedWhy?: string },
): Promise<{ alreadyDone: boolean; confirmation: IDataObject }> {
	const orderId = record.order.orders_id;
	const current = orderStatusOf(record);
	if (current === target) return { alreadyDone: true, confirmation: {} };
	const from = ORDER_TRANSITIONS[target] ?? [];
	if (!from.includes(current)) {
		validator(ctx, i).fail(
			{ label: 'Order ID', name: 'orderId' },
			orderId,
			`an order that can be ${options.verb}: order ${orderId} is in status ${statusLabel(ORDER_STATUS_NAMES, current)}, Spartoo allows this only from ${from.map((s) => statusLabel(ORDER_STATUS_NAMES, s)).join(' or ')}${options.refusedWhy ? `. ${options.refusedWhy}` : ''}`,
		);
	}
	const answer = await client.post({
		script: SCRIPTS.updateOrder,
		form: { oID: orderId, statut: target, ...(options.extra ?? {}) },
		operation: `${options.verb.replace(/ed$/, '')} order ${orderId} (status ${target})`,
		itemIndex: i,
		// -9: Spartoo says the order is already in this status (another run got there first)
		accept: [-9],
	});
	const update = readOrderUpdate(answer.root);
	const failed = update.errors.find((e) => e.id !== -9);
	if (failed)
		throw client.codeError(`order ${orderId} (status ${target})`, failed.id, failed.description, i);
	// the order as it is now, without a second export call (the hourly quota): only its status moved
	record.order.orders_status_id = String(target);
	record.order.orders_status_name = ORDER_STATUS_NAMES[target] ?? record.order.orders_status_name;
	return { alreadyDone: answer.code === -9, confirmation: update.fields };
}

// ---- returns

export async function fetchReturns(
	client: SpartooClient,
	form: Record<string, string | number | undefined>,
	operation: string,
	i?: number,
): Promise<SpartooReturnRecord[]> {
	const answer = await client.post({
		script: SCRIPTS.exportReturns,
		form,
		operation,
		itemIndex: i,
		read: true,
		accept: [-6],
	});
	return answer.code === -6 ? [] : readReturns(answer.root);
}

export async function fetchReturn(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	returnId: string,
	i: number,
): Promise<SpartooReturnRecord> {
	const found = (await fetchReturns(client, { rID: returnId }, `get return ${returnId}`, i)).find(
		(r) => r.fields.return_id === returnId,
	);
	if (!found)
		return validator(ctx, i).fail(
			{ label: 'Return ID', name: 'returnId' },
			returnId,
			'the ID of a return of this Spartoo account (Spartoo does not know this one)',
		);
	return found;
}

/** The orders of a run, each read at most once (size resolution of returns): order id -> the order, or undefined. */
export type OrderCache = Map<string, Promise<SpartooOrderRecord | undefined>>;

/**
 * The size of a return's product, from its order (mapping.ts `resolveReturnSize`): one `xml_export_orders` call per
 * order and run, none when Resolve Size From Order is off. An order Spartoo does not know (-6) is reported, not an error.
 */
export async function returnSize(
	client: SpartooClient,
	record: SpartooReturnRecord,
	settings: SpartooMappingSettings,
	cache: OrderCache,
	i?: number,
): Promise<SizeResolution> {
	if (!settings.resolveReturnSize) return SIZE_NOT_ASKED;
	const orderId = (record.fields.order ?? '').trim();
	if (orderId === '') return resolveReturnSize(record, undefined);
	let order = cache.get(orderId);
	if (!order) {
		order = exportOrders(
			client,
			{ oID: orderId },
			`get order ${orderId} (size of return ${record.fields.return_id})`,
			i,
		).then((orders) => orders.find((o) => o.order.orders_id === orderId));
		cache.set(orderId, order);
		// a failed read is not cached: the next return of the order asks again
		order.catch(() => cache.delete(orderId));
	}
	return resolveReturnSize(record, await order);
}

/** A normalized return with its size resolved (when asked). */
export async function normalizeReturn(
	client: SpartooClient,
	record: SpartooReturnRecord,
	settings: SpartooMappingSettings,
	cache: OrderCache,
	i?: number,
	options: { orderReadMayFail?: boolean } = {},
): Promise<MarketplaceReturn> {
	const read = returnSize(client, record, settings, cache, i);
	// the trigger: a return is never held back (or given up after retries) because its order could not be read
	const size = options.orderReadMayFail
		? await read.catch(
				(error: unknown): SizeResolution => ({
					...SIZE_NOT_ASKED,
					status: 'orderUnreadable',
					note: `order ${record.fields.order} could not be read (${errorMessage(error)}): the size is not known`,
				}),
			)
		: await read;
	return toMarketplaceReturn(record, settings, size);
}

export function returnStatusOf(record: SpartooReturnRecord): number {
	return Number(record.fields.return_status ?? 0);
}

/** A return label link: an http(s) URL you host, at most `LABEL_LINK_MAX_LENGTH` characters (constants.ts). */
export function readLabelLink(ctx: IExecuteFunctions, i: number): string | undefined {
	return validator(ctx, i).optionalString(
		{ label: 'Return Label Link', name: 'labelLink' },
		ctx.getNodeParameter('labelLink', i, ''),
		{
			maxLength: LABEL_LINK_MAX_LENGTH,
			pattern: /^https?:\/\/\S+$/,
			patternHint: 'an http(s) URL without spaces',
		},
	);
}

/**
 * Moves a return to `target` (4 accept, 3 refuse) with `xml_maj_returns`; the same re-run safety as orders: a return
 * already there (or one Spartoo says is, -9) is reported, not changed.
 */
export async function setReturnStatus(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	record: SpartooReturnRecord,
	target: 3 | 4,
	i: number,
	labelLink: string | undefined,
): Promise<{ alreadyDone: boolean; confirmation: IDataObject }> {
	const returnId = record.fields.return_id;
	const current = returnStatusOf(record);
	const verb = target === 4 ? 'accepted' : 'refused';
	const done = target === 4 ? [4, 5, 7] : [3];
	if (done.includes(current) && labelLink === undefined)
		return { alreadyDone: true, confirmation: {} };
	const from = RETURN_TRANSITIONS[target];
	if (!from.includes(current) && !done.includes(current)) {
		validator(ctx, i).fail(
			{ label: 'Return ID', name: 'returnId' },
			returnId,
			`a return that can be ${verb}: return ${returnId} is in status ${statusLabel(RETURN_STATUS_NAMES, current)}, Spartoo allows this only from ${from.map((s) => statusLabel(RETURN_STATUS_NAMES, s)).join(' or ')}`,
		);
	}
	const answer = await client.post({
		script: SCRIPTS.updateReturn,
		form: {
			rID: returnId,
			status: done.includes(current) ? undefined : target,
			label_link: labelLink,
		},
		operation: `${target === 4 ? 'accept' : 'refuse'} return ${returnId}`,
		itemIndex: i,
		accept: [-9, -25],
	});
	const update = readReturnUpdate(answer.root);
	const failed = update.errors.find((e) => e.id !== -9 && e.id !== -25);
	if (failed) throw client.codeError(`return ${returnId}`, failed.id, failed.description, i);
	if (!done.includes(current)) {
		record.fields.return_status = String(target);
		record.fields.return_status_name = RETURN_STATUS_NAMES[target];
	}
	return {
		alreadyDone: done.includes(current) || answer.code === -9,
		confirmation: update.fields,
	};
}
