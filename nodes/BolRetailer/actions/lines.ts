import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	parseLineRequests,
	readLineSelection,
	selectLines,
	type LineRequest,
} from '../../shared/lines';
import type { InputValidator } from '../../shared/validation';
import { DEFAULT_BOL_MAPPING, skuOf, toMarketplaceOrder } from '../mapping';
import type { BolClient, BolOrderItem } from '../transport';
import type { Show } from './common';

/** An order item named by the user: by bol id, by SKU (offer reference) or by EAN, with an optional quantity. */
export type WantedLine = LineRequest;

export const openQuantity = (item: BolOrderItem) =>
	item.quantity - item.quantityShipped - item.quantityCancelled;

/** The JSON list field of an operation on order items, as its errors name it ("Items to Ship (JSON)"). */
const itemsField = (verb: string) => ({ label: `Items to ${verb} (JSON)`, name: 'items' });

/** The JSON list of items shown when "Items" is "Listed Items". */
export function lineSelectionProperty(
	display: { show: Show },
	verb: string,
	quantityHint: string,
): INodeProperties {
	return {
		displayName: itemsField(verb).label,
		name: 'items',
		type: 'json',
		default: '[{"lineId": "", "quantity": 1}]',
		description: `Array of items: each with \`lineId\` (bol order item ID), \`sku\` (offer reference) or \`ean\` (checked before any request) to find the item, and an optional \`quantity\` (default: ${quantityHint})`,
		displayOptions: { show: { ...display.show, itemsMode: ['list'] } },
	};
}

/**
 * The JSON list of items, checked before any request (`shared/lines.ts`): each names a `lineId`, `sku` or `ean` (an
 * EAN with a wrong check digit fails here, naming the field and the value), with an optional whole quantity.
 */
export function parseLineSelection(v: InputValidator, value: unknown, verb: string): WantedLine[] {
	return parseLineRequests(v, value, itemsField(verb));
}

/**
 * The "Items" choice of an operation on order items (`lineSelectionProperties`: all open items, or the JSON list),
 * checked before any request: undefined for all open items.
 */
export function readWantedItems(
	ctx: IExecuteFunctions,
	v: InputValidator,
	itemIndex: number,
	verb: string,
): WantedLine[] | undefined {
	return readLineSelection(ctx, v, itemIndex, itemsField(verb));
}

/** Order items with the quantity an operation takes of each, as bol's bodies name them. */
export interface ItemQuantity {
	orderItemId: string;
	quantity: number;
}

/**
 * The order items an operation takes: items named by id with a quantity need no order lookup (`direct`: bol itself
 * refuses what cannot be done); anything else reads the order and selects from its open items the merchant fulfils
 * (`shared/lines.ts`: an unknown item or a quantity above what is open fails naming both). `verb` as in
 * `readWantedItems` ("Ship", "Label").
 */
export async function resolveOrderItems(
	v: InputValidator,
	client: BolClient,
	orderId: string,
	wanted: WantedLine[] | undefined,
	verb: string,
	itemIndex: number,
): Promise<{ items: ItemQuantity[]; direct: boolean }> {
	const direct =
		wanted?.every((w) => w.lineId && w.quantity !== undefined && !w.sku && !w.ean) ?? false;
	if (direct)
		return {
			items: wanted!.map((w) => ({ orderItemId: w.lineId!, quantity: w.quantity! })),
			direct,
		};
	const order = toMarketplaceOrder(await client.getOrder(orderId, itemIndex), DEFAULT_BOL_MAPPING);
	const selected = selectLines(v, order, wanted, {
		...itemsField(verb),
		verb: verb.toLowerCase(),
	});
	return {
		items: selected.map((s) => ({ orderItemId: s.lineId, quantity: s.quantity })),
		direct,
	};
}

/**
 * The order item a user means. By id it must exist; by EAN or SKU the first item that is still open wins (an order
 * can hold the same product twice), falling back to any item with it.
 */
export function matchOrderItem(
	v: InputValidator,
	orderId: string,
	items: BolOrderItem[],
	wanted: WantedLine,
	verb: string,
): BolOrderItem {
	const matches = items.filter((item) =>
		wanted.lineId
			? String(item.orderItemId) === wanted.lineId
			: wanted.ean
				? item.product?.ean === wanted.ean
				: skuOf(item, { productIdentification: 'offerReference' }) === wanted.sku,
	);
	const match = matches.find((item) => openQuantity(item) > 0) ?? matches[0];
	if (!match) {
		v.fail(
			itemsField(verb),
			wanted,
			`items of order ${orderId}: ${items
				.map(
					(item) =>
						`${item.orderItemId} (ean ${item.product?.ean ?? '-'}, reference ${item.offer?.reference ?? '-'})`,
				)
				.join(', ')}`,
		);
	}
	return match;
}
