import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { roundMoney } from '../../../shared/model';
import { optionsCollection, show } from '../../../shared/router';
import type { InputValidator } from '../../../shared/validation';
import {
	ADJUSTMENT_COMPONENTS,
	ADJUSTMENT_REASONS,
	FEED_TYPES,
	type AdjustmentComponent,
} from '../../constants';
import { paymentAdjustmentFeed, type AdjustmentMessage } from '../../feeds';
import { amount } from '../../mapping';
import type { AmazonOrder } from '../../transport';
import {
	amazonClient,
	feedWait,
	feedWaitOptions,
	orderId,
	orderIdProperty,
	orderItemOf,
	validator,
	valueOptions,
	type FeedWait,
} from '../common';
import { feedItemResult, runOrderFeed } from '../feedRun';

const display = show('refund', 'create');
const COMPONENTS = Object.keys(ADJUSTMENT_COMPONENTS) as AdjustmentComponent[];

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Adjustment Reason',
		name: 'reason',
		type: 'options',
		default: 'CustomerReturn',
		options: valueOptions(ADJUSTMENT_REASONS),
		description: 'Why you refund; sent as `AdjustmentReason` of the payment adjustment feed',
		displayOptions: display,
	},
	{
		displayName: 'Items to Refund (JSON)',
		name: 'items',
		type: 'json',
		default: '[{"lineId": "", "principal": 0, "shipping": 0}]',
		description:
			'Array of items: each with `lineId` (order item ID) or `sku` (Seller SKU), and the amounts to refund in the order currency: `principal` (item price), `shipping`, `tax`, `shippingTax`, `goodwill`. Amounts are positive and at most what the buyer paid.',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Cap at What Was Paid',
			name: 'capAtPaid',
			type: 'boolean',
			default: false,
			description:
				'Whether an item price or shipping amount above what the buyer paid for the item (e.g. a cent of rounding in the store) is lowered to what was paid instead of failing the item. The output lists each lowered amount under `capped`.',
		},
		...feedWaitOptions,
	]),
];

interface Planned {
	itemIndex: number;
	orderId: string;
	reason: string;
	entries: IDataObject[];
	capAtPaid: boolean;
	wait: FeedWait;
}

/** What the buyer paid for one order item, from Amazon's proceeds breakdown; undefined when Amazon gives none. */
export interface PaidAmounts {
	item: number;
	shipping: number;
	tax: number;
	/** The whole line: item, shipping, tax and the rest (gift wrap, COD fee, less discounts). */
	total: number;
}

export function paidFor(order: AmazonOrder, orderItemId: string): PaidAmounts | undefined {
	const item = order.orderItems.find((i) => i.orderItemId === orderItemId);
	const breakdowns = item?.proceeds?.breakdowns ?? [];
	const of = (type: string) =>
		roundMoney(
			breakdowns
				.filter((b) => b.type === type)
				.reduce((sum, b) => sum + (amount(b.subtotal) ?? 0), 0),
		);
	if (!breakdowns.some((b) => b.type === 'ITEM')) return undefined;
	const listed = amount(item?.proceeds?.proceedsTotal);
	return {
		item: of('ITEM'),
		shipping: of('SHIPPING'),
		tax: of('TAX'),
		total: roundMoney(listed ?? breakdowns.reduce((sum, b) => sum + (amount(b.subtotal) ?? 0), 0)),
	};
}

const sumOf = (amounts: Partial<Record<AdjustmentComponent, number>>, of: AdjustmentComponent[]) =>
	roundMoney(of.reduce((sum, c) => sum + (amounts[c] ?? 0), 0));

/**
 * Validates the items against the order: known lines, positive amounts, never more than the buyer paid: item price
 * at most the item, shipping at most the shipping, tax and shipping tax at most the tax, and the whole refund of a
 * line (goodwill included) at most what the line cost the buyer, tax included. A line Amazon gives no price
 * breakdown for is refused rather than refunded unchecked. With `capAtPaid`, an amount above what was paid is lowered
 * to it and the amount asked for kept in `capped`.
 */
function adjustedItems(
	order: AmazonOrder,
	entries: IDataObject[],
	reason: string,
	v: InputValidator,
	capAtPaid: boolean,
): AdjustmentMessage['items'] {
	const field = { label: 'Items to Refund (JSON)', name: 'items' };
	const byLine = new Map<string, Partial<Record<AdjustmentComponent, number>>>();
	for (const entry of entries) {
		const item = orderItemOf(order, entry, v, field);
		const unknown = Object.keys(entry).filter(
			(key) => !['lineId', 'sku', ...COMPONENTS].includes(key),
		);
		if (unknown.length)
			v.fail(
				field,
				entry,
				`items with lineId or sku and the amounts ${COMPONENTS.join(', ')} (unknown: ${unknown.join(', ')})`,
			);
		const amounts = byLine.get(item.orderItemId) ?? {};
		for (const component of COMPONENTS) {
			if (entry[component] === undefined || entry[component] === '') continue;
			const value = v.number({ ...field, name: `items[].${component}` }, entry[component], 0);
			// in cents, without binary drift: 17.9 * 100 is 1789.9999999999998
			if (!Number.isInteger(Number((value * 100).toPrecision(12))))
				v.fail(
					{ ...field, name: `items[].${component}` },
					entry[component],
					'an amount with at most two decimals',
				);
			amounts[component] = roundMoney((amounts[component] ?? 0) + value);
		}
		byLine.set(item.orderItemId, amounts);
	}
	const items: AdjustmentMessage['items'] = [];
	for (const [orderItemId, amounts] of byLine) {
		if (!COMPONENTS.some((c) => (amounts[c] ?? 0) > 0))
			v.fail(
				field,
				orderItemId,
				`an amount above 0 for item ${orderItemId} (${COMPONENTS.join(', ')})`,
			);
		const paid = paidFor(order, orderItemId);
		if (!paid) {
			v.fail(
				field,
				orderItemId,
				`an item Amazon gives a price breakdown for: order ${order.orderId} has none for item ${orderItemId}, so the refund cannot be checked against what the buyer paid and is not sent (check the order in Seller Central)`,
			);
		}
		const capped: Partial<Record<AdjustmentComponent, number>> = {};
		// each group of components at most what was paid for it; over it: lowered (capAtPaid), or the item fails
		const limits: Array<[AdjustmentComponent[], number, string]> = [
			[['principal'], paid.item, 'item price'],
			[['shipping'], paid.shipping, 'shipping'],
			[['tax', 'shippingTax'], paid.tax, 'tax'],
			[[...COMPONENTS], paid.total, 'all of it, tax included'],
		];
		for (const [group, max, what] of limits) {
			let over = roundMoney(sumOf(amounts, group) - max);
			if (over <= 0) continue;
			if (!capAtPaid) {
				const name = group.length === 1 ? group[0] : group.filter((c) => amounts[c]).join(' + ');
				v.fail(
					{ ...field, name: `items[].${name}` },
					sumOf(amounts, group),
					`at most ${Math.max(0, max).toFixed(2)}, what the buyer paid for item ${orderItemId} (${what}) (or switch on "Cap at What Was Paid")`,
				);
			}
			// lower the least essential amounts first
			for (const component of [...group].reverse()) {
				const value = amounts[component] ?? 0;
				if (over <= 0 || value <= 0) continue;
				const cut = Math.min(value, over);
				if (capped[component] === undefined) capped[component] = value;
				amounts[component] = roundMoney(value - cut);
				over = roundMoney(over - cut);
			}
		}
		if (!COMPONENTS.some((c) => (amounts[c] ?? 0) > 0))
			v.fail(
				field,
				orderItemId,
				`an amount the buyer paid for item ${orderItemId}: nothing is left to refund after capping`,
			);
		items.push({ orderItemId, reason, amounts, ...(Object.keys(capped).length ? { capped } : {}) });
	}
	return items;
}

function plan(ctx: IExecuteFunctions, i: number): Planned {
	const v = validator(ctx, i);
	const field = { label: 'Items to Refund (JSON)', name: 'items' };
	const entries = v.jsonArray(
		field,
		ctx.getNodeParameter('items', i),
		'[{"lineId": "79039765272157", "principal": 19.99}]',
	);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	return {
		itemIndex: i,
		orderId: orderId(ctx, i),
		reason: v.oneOf(
			{ label: 'Adjustment Reason', name: 'reason' },
			ctx.getNodeParameter('reason', i),
			ADJUSTMENT_REASONS,
		),
		entries: entries as IDataObject[],
		capAtPaid: options.capAtPaid === true,
		wait: feedWait(options, v),
	};
}

/** Refunds through one POST_PAYMENT_ADJUSTMENT_DATA feed for all input items (Amazon has no REST refund call). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runOrderFeed(this, client, {
		summaryNoun: 'refunds',
		noun: 'refunds',
		feedType: FEED_TYPES.paymentAdjustment,
		plan: (i) => plan(this, i),
		build: (p, order, messageId) => ({
			itemIndex: p.itemIndex,
			messageId,
			orderId: p.orderId,
			marketplaceId: order.salesChannel?.marketplaceId ?? '',
			currency:
				order.proceeds?.grandTotal?.currencyCode ??
				order.orderItems[0]?.proceeds?.proceedsTotal?.currencyCode ??
				'',
			items: adjustedItems(order, p.entries, p.reason, validator(this, p.itemIndex), p.capAtPaid),
		}),
		content: (messages) => paymentAdjustmentFeed(client.sellerId, messages),
		describe: (m) => ({
			what: `refund order ${m.orderId}`,
			json: feedItemResult(
				{
					orderId: m.orderId,
					reason: m.items[0].reason,
					currency: m.currency,
					total: roundMoney(
						m.items.reduce(
							(sum, item) => sum + Object.values(item.amounts).reduce((s, a) => s + (a ?? 0), 0),
							0,
						),
					),
					lines: m.items.map((item) => ({
						lineId: item.orderItemId,
						...item.amounts,
						...(item.capped ? { capped: item.capped } : {}),
					})),
				},
				'refunded',
			),
		}),
	});
}
