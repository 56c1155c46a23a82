import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { toMarketplaceReturn } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	orderIdProperty,
	readShopId,
	shopIdProperty,
	show,
	validator,
} from '../common';
import {
	planReturn,
	positionSelectionProperties,
	readOrderId,
	readPositionRequests,
	readReason,
	returnMappingOptions,
} from './common';

const display = show('return', 'createRequest');

export const description: INodeProperties[] = [
	{ ...shopIdProperty, displayOptions: display },
	{ ...orderIdProperty, displayOptions: display },
	...positionSelectionProperties(display, 'Return'),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: display,
		description: 'Why the items came back (e.g. "Returned without an RMA")',
	},
	optionsCollection(display, returnMappingOptions),
];

/**
 * Return > Create RMA Request: the buyer sent items back without an RMA; the merchant asks Miinto to refund them
 * (Koongo scenario 1). Positions that pending or accepted RMAs of the order cover already are not asked for again, so
 * a second run creates nothing.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const shopId = readShopId(this, i);
		const orderId = readOrderId(this, i);
		const requests = readPositionRequests(this, i, v);
		const reason = readReason(this, i, { label: 'Reason', name: 'reason' }, false);
		const settings = mappingSettings(this, i);
		const plan = await planReturn(this, client, i, shopId, orderId, requests, 'return');
		return await createRequest(client, shopId, orderId, plan, reason, settings, i);
	});
}

/** Sends the RMA request of a plan, or says that RMAs cover everything already. */
export async function createRequest(
	client: Awaited<ReturnType<typeof miintoClient>>,
	shopId: string,
	orderId: string,
	plan: Awaited<ReturnType<typeof planReturn>>,
	reason: string,
	settings: ReturnType<typeof mappingSettings>,
	i: number,
): Promise<IDataObject> {
	const base: IDataObject = {
		orderId,
		shopId,
		alreadyCovered: plan.covered as unknown as IDataObject[],
	};
	if (plan.send.length === 0) {
		return {
			...base,
			action: 'nothing_to_request',
			message: `Every position asked for is covered by RMA(s) of order ${orderId} already: ${
				[...new Set(plan.covered.flatMap((c) => c.rmaIds))].join(', ') || 'none'
			}. Nothing was sent.`,
			requested: [],
			rma: null,
		};
	}
	const created = await client.createRmaRequest(
		shopId,
		Number(orderId),
		plan.send.map(({ id, quantity }) => ({ id, quantity })),
		reason,
		i,
	);
	const rma =
		created && typeof created === 'object' && 'id' in created
			? (toMarketplaceReturn(created, shopId, settings) as unknown as IDataObject)
			: null;
	return {
		...base,
		action: 'rma_request_created',
		message: `RMA request${rma ? ` ${String(rma.returnId)}` : ''} created at Miinto for ${plan.send
			.map((p) => `${p.quantity} x position ${p.id}`)
			.join(', ')} of order ${orderId}. Miinto refunds the buyer once the request is accepted.`,
		requested: plan.send as unknown as IDataObject[],
		rmaId: rma ? rma.returnId : null,
		rma,
	};
}
