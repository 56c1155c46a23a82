import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	resourceProperties as tableProperties,
	route as routeTable,
	type ResourceTable,
} from '../../shared/router';
import * as orderGet from './order/get';
import * as orderGetAll from './order/getAll';
import * as refundCreate from './refund/create';
import * as returnAccept from './return/accept';
import * as returnCreateRequest from './return/createRequest';
import * as returnDecline from './return/decline';
import * as returnGet from './return/get';
import * as returnGetAll from './return/getAll';
import * as shipmentCreate from './shipment/create';
import * as shipmentGetLabel from './shipment/getLabel';
import * as stockUpdate from './stock/update';
import * as transferDecide from './transfer/decide';
import * as transferGet from './transfer/get';
import * as transferGetAll from './transfer/getAll';

/** Every resource and operation of the node: the UI and the dispatcher are both built from this table. */
export const RESOURCES: ResourceTable = {
	transfer: {
		name: 'Transfer (Order Request)',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many pending transfers',
				description:
					'List the pending transfers (order requests) of a shop, normalized: one line per position to accept or decline',
				module: transferGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get a transfer',
				description: 'Get one transfer, normalized',
				module: transferGet,
			},
			decide: {
				name: 'Accept / Decline Positions',
				action: 'Accept or decline transfer positions',
				description:
					'Accept and decline positions of a transfer in one call; the accepted ones become a Miinto order whose ID is returned',
				module: transferDecide,
			},
		},
	},
	order: {
		name: 'Order',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many orders',
				description: 'List accepted orders of a shop, normalized',
				module: orderGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get an order',
				description: 'Get one accepted order, normalized',
				module: orderGet,
			},
		},
	},
	shipment: {
		name: 'Shipment',
		operations: {
			create: {
				name: 'Create',
				action: 'Ship order positions',
				description:
					'Send the track & trace code of accepted positions with a shipping provider Miinto allows for the order (unverified payload)',
				module: shipmentCreate,
			},
			getLabel: {
				name: 'Get Label',
				action: 'Download a shipping label',
				description:
					'Download the label PDF Miinto has for an order as binary data (unverified endpoint)',
				module: shipmentGetLabel,
			},
		},
	},
	return: {
		name: 'Return (RMA)',
		operations: {
			getAll: {
				name: 'Get Many',
				action: 'Get many returns',
				description:
					'List the RMAs of a shop (pending by default), normalized to the shared return model (unverified payload)',
				module: returnGetAll,
			},
			get: {
				name: 'Get',
				action: 'Get a return',
				description: 'Get one RMA, normalized (unverified payload)',
				module: returnGet,
			},
			accept: {
				name: 'Accept',
				action: 'Accept a return',
				description: 'Accept a pending RMA; Miinto then refunds the buyer (unverified payload)',
				module: returnAccept,
			},
			decline: {
				name: 'Decline',
				action: 'Decline a return',
				description: 'Decline a pending RMA with a reason text (unverified payload)',
				module: returnDecline,
			},
			createRequest: {
				name: 'Create RMA Request',
				action: 'Create an RMA request',
				description:
					'Ask Miinto to refund items the buyer sent back without an RMA; positions already covered by an RMA are not asked twice (unverified payload)',
				module: returnCreateRequest,
			},
		},
	},
	refund: {
		name: 'Refund',
		operations: {
			create: {
				name: 'Create',
				action: 'Map a store refund to Miinto',
				description:
					'Miinto refunds the buyer itself: accept the pending RMA with the refunded items, or create an RMA request; the output says which (unverified payload)',
				module: refundCreate,
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
					'Set the stock of items of a location, all input items in one signed call per location (unverified payload)',
				module: stockUpdate,
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
