import type { MarketplaceOrder } from '../../shared/model';

/** Koongo's "Order Synchronization Level", "Order Types", "Sync Orders Created From Date" and Bol's "skip FBB/VVB". */

export const SYNC_LEVELS = ['ordersAndStock', 'stockOnly'] as const;
export type SyncLevel = (typeof SYNC_LEVELS)[number];

export const ORDER_TYPES = ['all', 'merchant', 'marketplace'] as const;
export type OrderTypes = (typeof ORDER_TYPES)[number];

export interface FilterSettings {
	syncLevel: SyncLevel;
	orderTypes: OrderTypes;
	/** Orders created before this time are skipped; an order created exactly at it is kept. */
	syncFrom?: Date;
	skipMarketplaceFulfilledLines: boolean;
	/** Count orders shipped with a label bought from the marketplace (Bol VVB, `extra.vvb`) as marketplace-fulfilled. */
	countMarketplaceLabels: boolean;
}

export type FilterRule = 'syncLevel' | 'orderTypes' | 'syncFrom' | 'marketplaceFulfilledLines';

export interface FilterResult {
	kept: boolean;
	/** The setting that skipped the order, null when kept. */
	rule: FilterRule | null;
	reason: string;
}

function hasMerchantLines(order: MarketplaceOrder): boolean {
	if (order.lines.length === 0) return order.fulfilment !== 'marketplace';
	return order.lines.some((line) => line.fulfilment !== 'marketplace');
}

function hasMarketplaceLines(order: MarketplaceOrder): boolean {
	return (
		order.hasMarketplaceFulfilledLines === true ||
		order.lines.some((line) => line.fulfilment === 'marketplace')
	);
}

export function filterOrder(order: MarketplaceOrder, settings: FilterSettings): FilterResult {
	const skip = (rule: FilterRule, reason: string): FilterResult => ({ kept: false, rule, reason });
	if (settings.syncLevel === 'stockOnly') {
		return skip(
			'syncLevel',
			'Order Synchronization Level is "Stock Only": orders are not synced to the store',
		);
	}
	if (settings.orderTypes === 'merchant' && !hasMerchantLines(order)) {
		return skip(
			'orderTypes',
			'Order Types is "Merchant Fulfilled" and every line of the order is fulfilled by the marketplace',
		);
	}
	if (settings.orderTypes === 'marketplace' && !hasMarketplaceLines(order)) {
		return skip(
			'orderTypes',
			'Order Types is "Marketplace Fulfilled" and no line of the order is fulfilled by the marketplace',
		);
	}
	if (settings.syncFrom) {
		const created = order.createdAt ? Date.parse(order.createdAt) : NaN;
		if (!Number.isNaN(created) && created < settings.syncFrom.getTime()) {
			return skip(
				'syncFrom',
				`created ${order.createdAt}, before the Sync From date ${settings.syncFrom.toISOString()}`,
			);
		}
	}
	if (settings.skipMarketplaceFulfilledLines) {
		if (hasMarketplaceLines(order)) {
			const lines = order.lines
				.filter((line) => line.fulfilment === 'marketplace')
				.map((line) => line.lineId);
			return skip(
				'marketplaceFulfilledLines',
				`the order contains lines fulfilled by the marketplace${lines.length ? ` (${lines.join(', ')})` : ''}`,
			);
		}
		if (settings.countMarketplaceLabels && order.extra?.vvb === true) {
			return skip(
				'marketplaceFulfilledLines',
				'the order ships with a label bought from the marketplace (Bol VVB)',
			);
		}
	}
	const created = order.createdAt ? '' : ' (it has no creation date, so Sync From did not apply)';
	return {
		kept: true,
		rule: null,
		reason: `kept: matches every filter${settings.syncFrom ? created : ''}`,
	};
}
