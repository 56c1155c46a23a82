import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	resourceProperties as tableProperties,
	route as routeTable,
	type ResourceTable,
} from '../../shared/router';
import * as deliverySlipDownload from './deliverySlip/download';
import * as orderAccept from './order/accept';
import * as orderCancel from './order/cancel';
import * as orderGet from './order/get';
import * as orderGetAll from './order/getAll';
import * as orderMarkFailedDelivery from './order/markFailedDelivery';
import * as orderMarkLost from './order/markLost';
import * as refundCreate from './refund/create';
import * as returnAccept from './return/accept';
import * as returnGet from './return/get';
import * as returnGetAll from './return/getAll';
import * as returnRefuse from './return/refuse';
import * as shipmentCreate from './shipment/create';
import * as stockUpdate from './stock/update';

/** Every resource and operation of the node: the UI and the dispatcher are both built from this table. */
export const RESOURCES: ResourceTable = {
	order: {
		name: 'Order',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many orders',
				description: 'List orders since a time, by status, normalized',
				module: orderGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get an order',
				description: 'Get one order, normalized',
				module: orderGet,
			},
			accept: {
				name: 'Accept',
				action: 'Accept an order',
				description:
					'Status 11 -> 2: take the order. Its name, address and transporter are then frozen.',
				module: orderAccept,
			},
			cancel: {
				name: 'Cancel',
				action: 'Cancel an order',
				description: 'Status -> 41 before shipping; Spartoo refunds the buyer',
				module: orderCancel,
			},
			markLost: {
				name: 'Mark Lost',
				action: 'Mark an order lost',
				description: 'Status 3 -> 45: the shipped parcel is lost (unverified for merchants)',
				module: orderMarkLost,
			},
			markFailedDelivery: {
				name: 'Mark Failed Delivery',
				action: 'Mark an order as failed delivery',
				description:
					'Status 3 -> 47: the parcel was not delivered and went back (unverified for merchants)',
				module: orderMarkFailedDelivery,
			},
		},
	},
	shipment: {
		name: 'Shipment',
		operations: {
			create: {
				name: 'Create',
				action: 'Ship an order',
				description:
					"Status 2 -> 3 with the tracking number; the transporter is the order's (no carrier parameter)",
				module: shipmentCreate,
			},
		},
	},
	deliverySlip: {
		name: 'Delivery Slip',
		operations: {
			download: {
				name: 'Download',
				action: 'Download a delivery slip',
				description: "Download the order's delivery slip as a PDF file",
				module: deliverySlipDownload,
			},
		},
	},
	stock: {
		name: 'Stock',
		operations: {
			update: {
				name: 'Update',
				action: 'Update stock',
				description:
					'Set the stock of sizes (single or batch script by run size), with a code per size',
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
				description: 'List returns since a time or of an order, normalized',
				module: returnGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get a return',
				description: 'Get one return, normalized',
				module: returnGet,
			},
			accept: {
				name: 'Accept',
				action: 'Accept a return',
				description: 'Status -> 4 (from 2 or 3); Spartoo refunds the buyer',
				module: returnAccept,
			},
			refuse: {
				name: 'Refuse',
				action: 'Refuse a return',
				description: 'Status -> 3, only while waiting to be received (2)',
				module: returnRefuse,
			},
		},
	},
	refund: {
		name: 'Refund',
		operations: {
			create: {
				name: 'Create',
				action: 'Refund an order',
				description:
					'Have Spartoo refund the buyer: cancel before shipping, accept the return after',
				module: refundCreate,
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
