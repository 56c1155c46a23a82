import type { IDataObject, INodeProperties } from 'n8n-workflow';

import type { InputValidator } from '../../shared/validation';
import { skuOf } from '../mapping';
import type { BolOrderItem } from '../transport';
import type { Show } from './common';

/** An order item named by the user: by bol id, by SKU (offer reference) or by EAN, with an optional quantity. */
export interface WantedLine {
	lineId?: string;
	sku?: string;
	ean?: string;
	quantity?: number;
}

export const openQuantity = (item: BolOrderItem) =>
	item.quantity - item.quantityShipped - item.quantityCancelled;

/** The JSON list of items shown when "Items" is "Listed Items". */
export function lineSelectionProperty(
	display: { show: Show },
	verb: string,
	quantityHint: string,
): INodeProperties {
	return {
		displayName: `Items to ${verb} (JSON)`,
		name: 'items',
		type: 'json',
		default: '[{"lineId": "", "quantity": 1}]',
		description: `Array of items: each with \`lineId\` (bol order item ID), \`sku\` or \`ean\` to find the item, and an optional \`quantity\` (default: ${quantityHint})`,
		displayOptions: { show: { ...display.show, itemsMode: ['list'] } },
	};
}

export function parseLineSelection(v: InputValidator, value: unknown, verb: string): WantedLine[] {
	const field = { label: `Items to ${verb} (JSON)`, name: 'items' };
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			v.fail(field, value, 'a JSON array like [{"lineId": "2012345678", "quantity": 1}]');
		}
	}
	if (!Array.isArray(parsed) || parsed.length === 0 || parsed.length > 100)
		v.fail(field, value, 'an array of 1 to 100 items');
	return parsed.map((entry) => {
		const item = (entry ?? {}) as IDataObject;
		const wanted: WantedLine = {
			lineId: item.lineId ? String(item.lineId) : undefined,
			sku: item.sku ? String(item.sku) : undefined,
			ean: item.ean ? String(item.ean) : undefined,
		};
		if (!wanted.lineId && !wanted.sku && !wanted.ean)
			v.fail(field, entry, 'items that each have a lineId, sku or ean');
		if (item.quantity !== undefined && item.quantity !== null && item.quantity !== '') {
			wanted.quantity = v.integer(
				{ label: `Items to ${verb}: quantity`, name: 'items[].quantity' },
				item.quantity,
				1,
				9999,
			);
		}
		return wanted;
	});
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
			{ label: `Items to ${verb} (JSON)`, name: 'items' },
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
