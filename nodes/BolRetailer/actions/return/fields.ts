import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { toMarketplaceReturn, skuOf, type BolMappingSettings } from '../../mapping';
import type {
	BolClient,
	BolOrder,
	BolReducedReturn,
	BolReturn,
	BolReturnItem,
} from '../../transport';
import type { LocatorSpec } from '../../../shared/locators';
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

/**
 * The RMA picker of Return > Handle (one return item); its name stays `rmaId` so plain-string values and expressions
 * (the templates pass `lines[].lineId`) keep working.
 */
export const RMA_LOCATOR: LocatorSpec = {
	displayName: 'RMA ID',
	name: 'rmaId',
	description:
		'The return item to handle: pick one from the list (the FBR return items still to handle; type to filter by RMA ID, return ID, order ID or EAN) or type its RMA ID (`lines[].lineId` of a normalized return). For an AI agent: the bol RMA ID as digits, e.g. 31234567.',
	searchListMethod: 'searchRmas',
	listPlaceholder: 'Select a return item...',
	id: {
		regex: '\\d{1,20}',
		hint: 'a bol RMA ID, digits only (the `lineId` of a return line)',
		placeholder: '31234567',
	},
};
