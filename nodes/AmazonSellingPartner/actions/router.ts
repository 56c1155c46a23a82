import type { ResourceTable } from '../../shared/router';
import * as feedGet from './feed/get';
import * as orderCancel from './order/cancel';
import * as orderGet from './order/get';
import * as orderGetAll from './order/getAll';
import * as refundCreate from './refund/create';
import * as returnGetAll from './return/getAll';
import * as shipmentCreate from './shipment/create';
import * as stockUpdate from './stock/update';

/** Every resource and operation of the Amazon node. */
export const RESOURCES: ResourceTable = {
	order: {
		name: 'Order',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many orders',
				description:
					'Search orders (Orders API v2026-01-01) created or updated in a period, normalized',
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
				action: 'Cancel an order',
				description: 'Cancel order items with a reason (order acknowledgement feed)',
				module: orderCancel,
			},
		},
	},
	shipment: {
		name: 'Shipment',
		operations: {
			create: {
				name: 'Create',
				action: 'Confirm a shipment',
				description: 'Confirm the shipment of order items with carrier and tracking number',
				module: shipmentCreate,
			},
		},
	},
	stock: {
		name: 'Stock',
		operations: {
			update: {
				name: 'Update',
				action: 'Update listing stock',
				description:
					'Set the merchant-fulfilled quantity of SKUs: one by one (Listings Items API) or many in one feed',
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
				description:
					"List returns of seller-fulfilled orders from Amazon's returns report, normalized",
				module: returnGetAll,
			},
		},
	},
	refund: {
		name: 'Refund',
		operations: {
			create: {
				name: 'Create',
				action: 'Refund order items',
				description: 'Refund amounts per item with an adjustment reason (payment adjustment feed)',
				module: refundCreate,
			},
		},
	},
	feed: {
		name: 'Feed',
		operations: {
			get: {
				name: 'Get',
				action: 'Get a feed',
				description: 'Get the status and processing report of a feed',
				module: feedGet,
			},
		},
	},
};
