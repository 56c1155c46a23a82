import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { lineSelectionProperties, readLineSelection, selectLines } from '../../../shared/lines';
import type { LineRequest } from '../../../shared/lines';
import type { MarketplaceOrder, MarketplaceReturn } from '../../../shared/model';
import type { InputValidator } from '../../../shared/validation';
import { toMarketplaceOrder, toMarketplaceReturn, type MiintoMappingSettings } from '../../mapping';
import type { MiintoClient, MiintoRma } from '../../transport';
import { RMA_LIST_IS_NEWEST_FIRST, RMA_REASON_MAX_LENGTH } from '../../unverified';
import { locatorProperty } from '../../../shared/locators';
import { mappingSettings, readNumericId, RMA_LOCATOR, validator } from '../common';

export const rmaIdProperty: INodeProperties = locatorProperty(RMA_LOCATOR);

export function readRmaId(ctx: IExecuteFunctions, i: number): string {
	return readNumericId(ctx, i, { label: 'RMA ID', name: 'rmaId' });
}

/** The reason text of an RMA decision or request: at most RMA_REASON_MAX_LENGTH characters; required or not. */
export function readReason(
	ctx: IExecuteFunctions,
	i: number,
	field: { label: string; name: string },
	required: boolean,
): string {
	const v = validator(ctx, i);
	const value = ctx.getNodeParameter(field.name, i, '');
	const options = { maxLength: RMA_REASON_MAX_LENGTH };
	return required
		? v.string(field, value, options)
		: (v.optionalString(field, value, options) ?? '');
}

/** Options that shape a normalized return (the order options without the address ones). */
export const returnMappingOptions: INodeProperties[] = [
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the Miinto payload as `raw` to each result',
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'gtin',
		description:
			'Which item field becomes the `sku` of each line (Koongo "Product Identification Attribute")',
		options: [
			{ name: 'GTIN', value: 'gtin', description: 'The GTIN / EAN of the item' },
			{ name: 'Miinto Item ID', value: 'miintoItemId' },
			{
				name: 'Your Product ID',
				value: 'productId',
				description: 'The product ID you gave the item in your Miinto feed',
			},
		],
	},
];

/** The positions of an order to return: the kit's item selection ("all", or a JSON list by lineId, sku or ean). */
export function positionSelectionProperties(
	display: IDisplayOptions,
	verb: string,
): INodeProperties[] {
	return lineSelectionProperties(display, {
		verb,
		allOpen: 'Every accepted position of the order, in full, less what an RMA already covers',
		identifiers: '`lineId` (the position ID), `sku` (as Product Identification makes it) or `ean`',
	});
}

/** The item list, checked before any request; undefined = every position. */
export function readPositionRequests(
	ctx: IExecuteFunctions,
	i: number,
	v: InputValidator,
): LineRequest[] | undefined {
	return readLineSelection(ctx, v, i, { label: 'Items to Return (JSON)', name: 'items' });
}

/** Positions and quantities a return takes of an order, and what RMAs cover already. */
export interface ReturnPlan {
	order: MarketplaceOrder;
	/** What was asked for: every position in full, or the listed ones. */
	asked: Array<{ id: string; quantity: number }>;
	/** What to ask Miinto for now. */
	send: Array<{ id: number; quantity: number; sku: string | null }>;
	/** Positions asked for that pending or accepted RMAs of the order cover (in part or in full) already. */
	covered: Array<{ positionId: string; quantity: number; rmaIds: string[] }>;
	/** The order's RMAs (newest first), normalized. */
	rmas: Array<{ rma: MiintoRma; normalized: MarketplaceReturn }>;
}

/**
 * The RMAs of one order: the shop's RMAs newest first, read until one older than the order (an RMA cannot predate its
 * order). Without an order date every RMA of the shop is read.
 */
export async function rmasOfOrder(
	client: MiintoClient,
	shopId: string,
	order: MarketplaceOrder,
	settings: MiintoMappingSettings,
	itemIndex: number,
): Promise<Array<{ rma: MiintoRma; normalized: MarketplaceReturn }>> {
	const since = order.createdAt === null ? undefined : Date.parse(order.createdAt);
	const found: Array<{ rma: MiintoRma; normalized: MarketplaceReturn }> = [];
	for await (const rma of client.rmas(shopId, undefined, itemIndex)) {
		const normalized = toMarketplaceReturn(rma, shopId, settings);
		const at = normalized.registeredAt === null ? undefined : Date.parse(normalized.registeredAt);
		if (since !== undefined && at !== undefined && at < since) {
			if (RMA_LIST_IS_NEWEST_FIRST) break;
			continue;
		}
		if (normalized.orderIds.includes(order.orderId)) found.push({ rma, normalized });
	}
	return found;
}

/**
 * Reads the order and its RMAs, selects the positions asked for (kit's `selectLines`: unknown ones and quantities above
 * the ordered quantity are refused, naming the order's positions) and takes off what pending or accepted RMAs cover,
 * so that a second run asks for nothing twice.
 */
export async function planReturn(
	ctx: IExecuteFunctions,
	client: MiintoClient,
	i: number,
	shopId: string,
	orderId: string,
	requests: LineRequest[] | undefined,
	verb: string,
): Promise<ReturnPlan> {
	const v = validator(ctx, i);
	const settings = mappingSettings(ctx, i);
	const order = toMarketplaceOrder(await client.getOrder(shopId, orderId, i), shopId, settings);
	const rmas = await rmasOfOrder(client, shopId, order, settings, i);
	const coveredBy = new Map<string, { quantity: number; rmaIds: string[] }>();
	for (const { normalized } of rmas) {
		if (normalized.extra.miintoStatus === 'declined') continue;
		for (const line of normalized.lines) {
			const entry = coveredBy.get(line.lineId) ?? { quantity: 0, rmaIds: [] };
			entry.quantity += line.quantity;
			entry.rmaIds.push(normalized.returnId);
			coveredBy.set(line.lineId, entry);
		}
	}
	const left = (lineId: string, quantity: number) =>
		Math.max(0, quantity - (coveredBy.get(lineId)?.quantity ?? 0));
	// "all": what is left of every position; listed: checked against the ordered quantity, then less what is covered
	const selected = selectLines(v, order, requests, {
		label: 'Items to Return (JSON)',
		name: 'items',
		verb,
		open:
			requests === undefined ? (line) => left(line.lineId, line.quantity) : (line) => line.quantity,
	});
	const send: ReturnPlan['send'] = [];
	for (const { lineId, quantity, line } of selected) {
		const now = requests === undefined ? quantity : Math.min(quantity, left(lineId, line.quantity));
		if (now > 0) send.push({ id: Number(lineId), quantity: now, sku: line.sku });
	}
	const asked =
		requests === undefined
			? order.lines.map((l) => ({ id: l.lineId, quantity: l.quantity }))
			: selected.map((s) => ({ id: s.lineId, quantity: s.quantity }));
	const covered: ReturnPlan['covered'] = [...coveredBy.entries()]
		.filter(([lineId]) => asked.some((a) => a.id === lineId))
		.map(([positionId, entry]) => ({ positionId, ...entry }));
	return { order, asked, send, covered, rmas };
}

export function readOrderId(ctx: IExecuteFunctions, i: number): string {
	return readNumericId(ctx, i, { label: 'Order ID', name: 'orderId' });
}
