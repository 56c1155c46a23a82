/** The Amazon side of the templates (Amazon Selling Partner node of this package). */
import type { Lifecycle } from './lifecycle.mts';
import { PACKAGE, credential, expr, filterNode, isTrue, notEmpty, setting, type Fields } from './nodes.mts';

const S = setting;

export const AMAZON_STOCK_SETTINGS: Fields = {
	amazonMarketplaceId: { type: 'string', value: 'A1805IZSGTT6HS' },
	amazonSkuPrefix: { type: 'string', value: '' },
	amazonSkuSuffix: { type: 'string', value: '' },
};

export const AMAZON_STOCK_SETTINGS_NOTE = `- **amazonMarketplaceId**: the Amazon marketplace whose listings get the stock (A1805IZSGTT6HS = Amazon.nl, A1PA6795UKMFR9 = Amazon.de, ...)
- **amazonSkuPrefix**, **amazonSkuSuffix**: added to the store SKU to get your Amazon seller SKU (empty: the same SKU)`;

/**
 * "Amazon: Managed Stock" -> "Amazon: Update Stock" for items `{ sku, quantity, managed }`: up to the node's feed
 * threshold SKU by SKU (Listings Items API), more in one JSON_LISTINGS_FEED. Amazon-fulfilled (FBA) SKUs are read-only:
 * their update fails on purpose and the others go on.
 */
export function amazonStockUpdate(lane: Lifecycle, from: string, column: number, y: number): string {
	const managed = lane.add(filterNode('Amazon: Managed Stock', [isTrue('$json.managed'), notEmpty('$json.sku')]), column, y);
	lane.connect(from, managed);
	const update = lane.add(
		{
			name: 'Amazon: Update Stock',
			type: `${PACKAGE}.amazonSellingPartner`,
			typeVersion: 1,
			parameters: {
				resource: 'stock',
				operation: 'update',
				sku: expr(`(${S('amazonSkuPrefix')} || '') + $json.sku + (${S('amazonSkuSuffix')} || '')`),
				quantity: expr('$json.quantity'),
				options: { marketplaceId: expr(S('amazonMarketplaceId')) },
			},
			credentials: credential('amazonSellingPartnerApi'),
			onError: 'continueRegularOutput',
		},
		column + 1,
		y,
	);
	lane.connect(managed, update);
	return update;
}
