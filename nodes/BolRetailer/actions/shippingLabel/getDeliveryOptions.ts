import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { bolClient, show, validator } from '../common';
import { readWantedItems, resolveOrderItems } from '../lines';
import { readOrderId } from '../order/fields';
import { labelItemProperties, labelOption } from './fields';

const display = show('shippingLabel', 'getDeliveryOptions');

export const description: INodeProperties[] = labelItemProperties(display, 'Label');

/** The labels bol offers for order items (VVB): one output item per input item, with every option. Buys nothing. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await bolClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const orderId = readOrderId(v, this.getNodeParameter('orderId', i));
		const wanted = readWantedItems(this, v, i, 'Label');
		const { items } = await resolveOrderItems(v, client, orderId, wanted, 'Label', i);
		if (items.length === 0) return { orderId, lines: [], deliveryOptions: [], recommended: null };
		const options = (await client.getDeliveryOptions(items, i)).map(labelOption);
		return {
			orderId,
			lines: items.map((item) => ({ lineId: item.orderItemId, quantity: item.quantity })),
			deliveryOptions: options,
			recommended: options.find((option) => option.recommended) ?? null,
		};
	});
}
