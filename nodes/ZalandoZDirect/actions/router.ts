import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	resourceProperties as tableProperties,
	route as routeTable,
	type ResourceTable,
} from '../../shared/router';
import * as orderAccept from './order/accept';
import * as orderCancel from './order/cancel';
import * as orderGet from './order/get';
import * as orderGetAll from './order/getAll';
import * as orderReserve from './order/reserve';
import * as refundCreate from './refund/create';
import * as returnGetAll from './return/getAll';
import * as returnHandle from './return/handle';
import * as shipmentCreate from './shipment/create';
import * as shippingDocumentDownload from './shippingDocument/download';
import * as shippingDocumentGetAll from './shippingDocument/getAll';
import * as stockUpdate from './stock/update';

/** Every resource and operation of the node: the UI and the dispatcher are both built from this table. */
export const RESOURCES: ResourceTable = {
	order: {
		name: 'Order',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many orders',
				description: 'List orders with their items and lines, normalized',
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
					'Export the order with your order number (within 3 hours). An order exported before is not exported again.',
				module: orderAccept,
			},
			cancel: {
				name: 'Cancel',
				action: 'Cancel order lines',
				description: 'Cancel lines not shipped yet; Zalando refunds the customer',
				module: orderCancel,
			},
			reserve: {
				name: 'Reserve',
				action: 'Reserve order lines',
				description: 'Optional step: mark lines as reserved before shipping',
				module: orderReserve,
			},
		},
	},
	shipment: {
		name: 'Shipment',
		operations: {
			create: {
				name: 'Create',
				action: 'Ship order lines',
				description:
					'Ship lines: tracking and return tracking, then the lines to shipped (5 s apart, as Zalando asks); or split parcels through the Shipments API (pilot)',
				module: shipmentCreate,
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
					'Set the stock of products by EAN per sales channel, batched, with a result per item',
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
				description: 'List returns announced on Zalando, normalized',
				module: returnGetAll,
			},
			handle: {
				name: 'Handle',
				action: 'Handle a return',
				description:
					'Set shipped order lines to returned with a reason; Zalando refunds the customer',
				module: returnHandle,
			},
		},
	},
	refund: {
		name: 'Refund',
		operations: {
			create: {
				name: 'Create',
				action: 'Refund order lines',
				description:
					'Make Zalando refund the customer: cancel unshipped lines, return shipped ones',
				module: refundCreate,
			},
		},
	},
	shippingDocument: {
		name: 'Shipping Document',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many shipping documents',
				description: 'List the ZSS labels and delivery slip of an order',
				module: shippingDocumentGetAll,
			},
			download: {
				name: 'Download',
				action: 'Download a shipping document',
				description: 'Download a ZSS label or delivery slip as a PDF file',
				module: shippingDocumentDownload,
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
