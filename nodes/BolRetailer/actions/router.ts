import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	resourceProperties as tableProperties,
	route as routeTable,
	type ResourceTable,
} from '../../shared/router';
import * as orderCancel from './order/cancel';
import * as orderGet from './order/get';
import * as orderGetAll from './order/getAll';
import * as processStatusGet from './processStatus/get';
import * as refundCreate from './refund/create';
import * as returnCreate from './return/create';
import * as returnGet from './return/get';
import * as returnGetAll from './return/getAll';
import * as returnHandle from './return/handle';
import * as shipmentCreate from './shipment/create';
import * as shippingLabelCreate from './shippingLabel/create';
import * as shippingLabelGet from './shippingLabel/get';
import * as shippingLabelGetDeliveryOptions from './shippingLabel/getDeliveryOptions';
import * as stockUpdate from './stock/update';

/** Every resource and operation of the node: the UI and the dispatcher are both built from this table. */
export const RESOURCES: ResourceTable = {
	order: {
		name: 'Order',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many orders',
				description: 'List orders, each fetched in full and normalized',
				module: orderGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get an order',
				description: 'Get one order, normalized',
				module: orderGet,
			},
			cancel: {
				name: 'Cancel',
				action: 'Cancel order items',
				description:
					'Cancel items of an order with a reason, or confirm customer cancellation requests. A recent earlier cancellation of an item is waited for, not sent again.',
				module: orderCancel,
			},
		},
	},
	shipment: {
		name: 'Shipment',
		operations: {
			create: {
				name: 'Create',
				action: 'Ship order items',
				description:
					'Confirm the shipment of order items with transporter and track & trace. A recent earlier shipment of the items is waited for, not sent again.',
				module: shipmentCreate,
			},
		},
	},
	shippingLabel: {
		name: 'Shipping Label',
		operations: {
			getDeliveryOptions: {
				name: 'Get Delivery Options',
				action: 'Get delivery options for order items',
				description:
					'The labels bol sells for order items (VVB): transporter, type, price, handover window. Buys nothing.',
				module: shippingLabelGetDeliveryOptions,
			},
			create: {
				name: 'Create',
				action: 'Buy a shipping label',
				description:
					"Buy a bol label (VVB) for order items: bol's recommended, the cheapest, or a chosen offer. A label bought for the items in the last 15 minutes is returned, not bought again.",
				module: shippingLabelCreate,
			},
			get: {
				name: 'Get',
				action: 'Get a shipping label',
				description: 'Download a bought label as PDF, with its transporter and track & trace code',
				module: shippingLabelGet,
			},
		},
	},
	stock: {
		name: 'Stock',
		operations: {
			update: {
				name: 'Update',
				action: 'Update offer stock',
				description:
					'Set the stock of offers (Offers API v11), one input item per offer, batched lookups',
				module: stockUpdate,
			},
		},
	},
	return: {
		name: 'Return',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many returns',
				description: 'List returns, normalized',
				module: returnGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get a return',
				description: 'Get one return, normalized',
				module: returnGet,
			},
			handle: {
				name: 'Handle',
				action: 'Handle a return',
				description: 'Give a return item its handling result (RMA)',
				module: returnHandle,
			},
			create: {
				name: 'Create',
				action: 'Create a return',
				description: 'Register a return on behalf of the customer and handle it',
				module: returnCreate,
			},
		},
	},
	refund: {
		name: 'Refund',
		operations: {
			create: {
				name: 'Create',
				action: 'Refund order items',
				description:
					'Make bol refund the customer: cancel unshipped items, accept returns of shipped ones',
				module: refundCreate,
			},
		},
	},
	processStatus: {
		name: 'Process Status',
		operations: {
			get: {
				name: 'Get',
				action: 'Get process statuses',
				description: 'Get the status of asynchronous requests, one or many',
				module: processStatusGet,
			},
		},
	},
};

export function resourceProperties(): INodeProperties[] {
	return tableProperties(RESOURCES);
}

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeTable.call(this, RESOURCES);
}
