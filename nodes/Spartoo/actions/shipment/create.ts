import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { ORDER_STATUS } from '../../constants';
import {
	fetchOrder,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	readId,
	setOrderStatus,
	show,
	spartooClient,
	toMarketplaceOrder,
	validator,
} from '../common';

const display = show('shipment', 'create');

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 6A12345678901',
		description:
			"The parcel's tracking number. Spartoo emails it to the buyer with the order's transporter.",
		displayOptions: display,
	},
	{
		displayName:
			"Spartoo has no carrier parameter: the transporter is the one of the order (`shipping_name`, in the order's `extra.shippingName`), fixed when the order was accepted. Ship with that transporter. Multi-parcel shipping (Spartoo's `xml` parameter) is not offered: its XML schema is not published.",
		name: 'carrierNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
	optionsCollection(display, mappingOptions),
];

/** 2 -> 3 with `tracking_number` (S-D1). The whole order ships: Spartoo has no line-level shipment. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runPerItem.call(this, async (i) => {
		const orderId = readId(this, i, 'orderId');
		const trackingNumber = validator(this, i).trackingCode(
			{ label: 'Tracking Number', name: 'trackingNumber' },
			this.getNodeParameter('trackingNumber', i),
		);
		const settings = mappingSettings(this, client, i);
		const record = await fetchOrder(this, client, orderId, i);
		const { alreadyDone, confirmation } = await setOrderStatus(
			this,
			client,
			record,
			ORDER_STATUS.shipped,
			i,
			{
				verb: 'shipped',
				extra: { tracking_number: trackingNumber },
				refusedWhy: 'Accept the order first (Order > Accept): Spartoo ships only accepted orders',
			},
		);
		const order = toMarketplaceOrder(record, settings);
		return {
			...(order as unknown as IDataObject),
			shipped: true,
			alreadyShipped: alreadyDone,
			trackingNumber: alreadyDone ? null : trackingNumber,
			transporter: (order.extra.shippingName as string | null) ?? null,
			spartooAnswer: confirmation,
		};
	});
}
