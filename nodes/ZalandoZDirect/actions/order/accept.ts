import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import {
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	orderMappingOptions,
	readOrderId,
	show,
	toMarketplaceOrder,
	validator,
	zalandoClient,
} from '../common';

const display = show('order', 'accept');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Merchant Order ID',
		name: 'merchantOrderId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 100012345',
		description:
			'Your order number in the store (letters and digits). Exporting it tells Zalando you took the order; it must happen within 3 hours (`deadlines.acceptBy`).',
		displayOptions: display,
	},
	optionsCollection(display, orderMappingOptions),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await zalandoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const orderId = readOrderId(this, i);
		const merchantOrderId = v.string(
			{ label: 'Merchant Order ID', name: 'merchantOrderId' },
			this.getNodeParameter('merchantOrderId', i),
			{ maxLength: 64, pattern: /^[A-Za-z0-9]+$/, patternHint: 'letters and digits only' },
		);
		const settings = mappingSettings(this, i);
		const before = await client.getOrder(orderId, i);
		const attributes = before.order.attributes;
		if (attributes.order_type === 'ZalandoFulfilled') {
			v.fail(
				{ label: 'Order ID', name: 'orderId' },
				orderId,
				'a partner-fulfilled order: this order is fulfilled by Zalando (FBZ) and cannot be exported',
			);
		}
		if (attributes.exported === true) {
			// exported before (by an earlier run whose answer was lost, or by hand): nothing is sent again
			return {
				...(toMarketplaceOrder(before, settings) as unknown as IDataObject),
				accepted: true,
				alreadyAccepted: true,
				previousMerchantOrderId: attributes.merchant_order_id ?? null,
			};
		}
		await client.patchOrder(orderId, { merchant_order_id: merchantOrderId }, i);
		const after = await client.getOrder(orderId, i);
		return {
			...(toMarketplaceOrder(after, settings) as unknown as IDataObject),
			accepted: true,
			alreadyAccepted: false,
		};
	});
}
