/**
 * Helpers over what the lifecycle tests read from the Amazon, Shopify and Magento 2 emulators (their `/__admin/state`).
 * The state types live beside each emulator (sandbox/emulators/<service>/state.mts) and are re-exported here.
 */
import type { AmazonItem, AmazonOrder, Money } from '../../sandbox/emulators/amazon/state.mts';
import type { MageOrder } from '../../sandbox/emulators/magento2/state.mts';
import type { ShopOrder } from '../../sandbox/emulators/shopify/state.mts';

export type {
	AmazonItem,
	AmazonListing,
	AmazonOrder,
	AmazonState,
	Money,
} from '../../sandbox/emulators/amazon/state.mts';
export type { MageItem, MageOrder, MageState } from '../../sandbox/emulators/magento2/state.mts';
export type { ShopLine, ShopOrder, ShopState } from '../../sandbox/emulators/shopify/state.mts';

/** Amazon prints whole seconds. */
export const amazonTime = (ms: number) =>
	new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
export const itemTotal = (item: AmazonItem) =>
	Number(item.proceeds.breakdowns.find((b) => b.type === 'ITEM')?.subtotal.amount ?? 0);
/** Orders the template imports: paid and not shipped yet, or shipped by Amazon (FBA). */
export const importable = (order: AmazonOrder) =>
	order.fulfillment.fulfillmentStatus === 'UNSHIPPED' ||
	(order.fulfillment.fulfilledBy === 'AMAZON' && order.fulfillment.fulfillmentStatus === 'SHIPPED');

/**
 * A new Amazon order (Orders API model) with one line, shaped after a seeded order: placed 10 minutes ago, so the
 * trigger's first poll finds it.
 */
export function newAmazonOrder(
	shape: AmazonOrder,
	id: string,
	line: { sku: string; asin: string; title: string; quantity: number; unitPrice: number },
	by: 'MERCHANT' | 'AMAZON',
): Record<string, unknown> {
	const { sellerId: _seller, emulator: _emulator, ...order } = structuredClone(shape);
	const currency = order.orderItems[0].proceeds.proceedsTotal.currencyCode;
	const money = (amount: number): Money => ({ amount: amount.toFixed(2), currencyCode: currency });
	const total = line.unitPrice * line.quantity;
	const shipped = by === 'AMAZON' ? line.quantity : 0;
	const at = amazonTime(Date.now() - 10 * 60_000);
	return {
		...order,
		orderId: id,
		createdTime: at,
		lastUpdatedTime: at,
		fulfillment: {
			...order.fulfillment,
			fulfilledBy: by,
			fulfillmentStatus: by === 'AMAZON' ? 'SHIPPED' : 'UNSHIPPED',
		},
		proceeds: { grandTotal: money(total), breakdowns: [{ type: 'ITEM', subtotal: money(total) }] },
		orderItems: [
			{
				orderItemId: `${id.replace(/\D/g, '').slice(-14)}`,
				quantityOrdered: line.quantity,
				programs: [],
				product: {
					asin: line.asin,
					title: line.title,
					sellerSku: line.sku,
					condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
					price: { unitPrice: money(line.unitPrice) },
				},
				proceeds: {
					proceedsTotal: money(total),
					breakdowns: [{ type: 'ITEM', subtotal: money(total) }],
				},
				fulfillment: { quantityFulfilled: shipped, quantityUnfulfilled: line.quantity - shipped },
			},
		],
		packages: [],
	};
}

export const shopAttribute = (order: ShopOrder, name: string) =>
	order.note_attributes.find((entry) => entry.name === name)?.value;

/** The marketplace order id a lifecycle template tagged a Magento order with (`[<marketplace>:<id>]`). */
export const mageTag = (order: MageOrder, marketplace = 'bol') =>
	order.status_histories
		.map((h) => new RegExp(`\\[${marketplace}:([^\\]]+)\\]`).exec(h.comment)?.[1])
		.find(Boolean);
export const hasComment = (order: MageOrder, text: string) =>
	order.status_histories.some((h) => h.comment.includes(text));
