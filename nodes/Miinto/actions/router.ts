import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	resourceProperties as tableProperties,
	route as routeTable,
	type ResourceTable,
} from '../../shared/router';
import * as orderGet from './order/get';
import * as orderGetAll from './order/getAll';
import * as shipmentCreate from './shipment/create';
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
