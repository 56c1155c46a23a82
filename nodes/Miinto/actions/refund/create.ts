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
} from '../return/common';
import { createRequest } from '../return/createRequest';

const display = show('refund', 'create');

export const description: INodeProperties[] = [
	{
		displayName:
			'Miinto refunds the buyer itself; a shop cannot. This operation maps a refund made in your store to what Miinto allows: a pending RMA of the order with exactly the refunded items is accepted (Miinto then refunds), otherwise an RMA request is created for the items no RMA covers yet. The output says which.',
		name: 'refundNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
	{ ...shopIdProperty, displayOptions: display },
	{ ...orderIdProperty, displayOptions: display },
	...positionSelectionProperties(display, 'Refund'),
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		displayOptions: display,
		description: 'Sent with the RMA request, or as the note of an accepted RMA',
	},
	optionsCollection(display, [
		{
			displayName: 'Accept Matching Pending RMA',
			name: 'acceptMatchingRma',
			type: 'boolean',
			default: true,
			description:
				'Whether a pending RMA of the order with exactly the refunded items (and quantities) is accepted instead of creating an RMA request (Koongo: "RMAs are accepted even if the refund comes from the store")',
		},
		...returnMappingOptions,
	]),
];

function sameItems(
	a: Array<{ id: number | string; quantity: number }>,
	b: Array<{ id: number | string; quantity: number }>,
): boolean {
	const key = (list: typeof a) =>
		list
			.map((p) => `${String(p.id)}:${p.quantity}`)
			.sort()
			.join(',');
	return a.length > 0 && key(a) === key(b);
}

/** Refund > Create: a store refund as Miinto allows it (accept the matching RMA, or request one). */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await miintoClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const shopId = readShopId(this, i);
		const orderId = readOrderId(this, i);
		const requests = readPositionRequests(this, i, v);
		const reason = readReason(this, i, { label: 'Reason', name: 'reason' }, false);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const acceptMatching = options.acceptMatchingRma !== false;
		const settings = mappingSettings(this, i);
		const plan = await planReturn(this, client, i, shopId, orderId, requests, 'refund');

		// a buyer's RMA only: an RMA request (created by the merchant) is Miinto's to accept, not the merchant's
		const pending = plan.rmas.filter(
			({ normalized }) =>
				normalized.extra.miintoStatus === 'pending' && normalized.extra.rmaType !== 'rmaRequest',
		);
		const matching = acceptMatching
			? pending.find(({ normalized }) =>
					sameItems(
						normalized.lines.map((l) => ({ id: l.lineId, quantity: l.quantity })),
						plan.asked,
					),
				)
			: undefined;
		if (
			matching &&
			plan.covered.every((c) => c.rmaIds.every((id) => id === matching.normalized.returnId))
		) {
			const rmaId = matching.normalized.returnId;
			const after = await client.decideRma(shopId, rmaId, 'accepted', reason, i);
			const rma =
				after && typeof after === 'object' && 'id' in after
					? after
					: { ...matching.rma, status: 'accepted' };
			return {
				orderId,
				shopId,
				action: 'rma_accepted',
				message: `The refund matches pending RMA ${rmaId} of order ${orderId}: it was accepted, and Miinto refunds the buyer.`,
				refundedBy: 'miinto',
				rmaId,
				rma: toMarketplaceReturn(rma, shopId, settings) as unknown as IDataObject,
				requested: [],
				alreadyCovered: [],
			};
		}
		return {
			...(await createRequest(client, shopId, orderId, plan, reason, settings, i)),
			refundedBy: 'miinto',
		};
	});
}
