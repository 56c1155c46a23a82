import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toMarketplaceReturn, skuOf, type BolMappingSettings } from '../../mapping';
import type {
	BolClient,
	BolOrder,
	BolReducedReturn,
	BolReturn,
	BolReturnItem,
} from '../../transport';
import { mappingSettings } from '../common';

export const returnOptions: INodeProperties[] = [
	{
		displayName: 'Include Raw Payload',
		name: 'includeRaw',
		type: 'boolean',
		default: false,
		description: 'Whether to add the bol payload as `raw` to each result',
	},
	{
		displayName: 'Resolve Order Lines',
		name: 'resolveOrderLines',
		type: 'boolean',
		default: false,
		description:
			'Whether to look up the order of each returned item, to fill `orderLineId` and `sku` (one extra call per order). Needed to refund the right store line.',
	},
	{
		displayName: 'Product Identification',
		name: 'productIdentification',
		type: 'options',
		default: 'offerReference',
		description: 'Which bol field becomes `sku` when order lines are resolved',
		options: [
			{ name: 'Offer Reference (Falls Back to EAN)', value: 'offerReference' },
			{ name: 'EAN', value: 'ean' },
		],
	},
];

/** Normalizes returns, looking up their orders once each when "Resolve Order Lines" is on. */
export async function normalizeReturn(
	ctx: IExecuteFunctions,
	client: BolClient,
	bolReturn: BolReturn | BolReducedReturn,
	itemIndex: number,
	orderCache: Map<string, BolOrder>,
) {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const settings: BolMappingSettings = mappingSettings(ctx, itemIndex);
	const orders = new Map<string, BolOrder>();
	if (options.resolveOrderLines === true) {
		for (const orderId of new Set(bolReturn.returnItems.map((item) => String(item.orderId)))) {
			let order = orderCache.get(orderId);
			if (!order) {
				order = await client.getOrder(orderId, itemIndex);
				orderCache.set(orderId, order);
			}
			orders.set(orderId, order);
		}
	}
	return toMarketplaceReturn(bolReturn, settings.includeRaw, (item: BolReturnItem) => {
		const order = orders.get(String(item.orderId));
		const line = order?.orderItems.find((candidate) => candidate.product?.ean === item.ean);
		return line ? { orderLineId: String(line.orderItemId), sku: skuOf(line, settings) } : undefined;
	});
}

export const RMA_ID_PATTERN = {
	pattern: /^\d{1,20}$/,
	patternHint: 'digits only (the `lineId` of a return line)',
};
