import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { OperationModule } from '../../../shared/router';
import { toMarketplaceReturn } from '../../mapping';
import {
	mappingSettings,
	miintoClient,
	optionsCollection,
	readShopId,
	shopIdProperty,
	show,
} from '../common';
import { readReason, readRmaId, returnMappingOptions, rmaIdProperty } from './common';

type Decision = 'accepted' | 'declined';

/**
 * Return > Accept and Return > Decline: the RMA is read first, so that a second run (or an RMA decided in Miinto's
 * admin) sends nothing: an RMA decided the same way already is reported `alreadyDone`, one decided the other way is an
 * error naming its status. A pending one is decided with the reason text (required when declining).
 */
export function rmaDecisionModule(operation: 'accept' | 'decline'): OperationModule {
	const decision: Decision = operation === 'accept' ? 'accepted' : 'declined';
	const display = show('return', operation);
	const description: INodeProperties[] = [
		{ ...shopIdProperty, displayOptions: display },
		{ ...rmaIdProperty, displayOptions: display },
		{
			displayName: 'Reason',
			name: 'reason',
			type: 'string',
			typeOptions: { rows: 2 },
			required: decision === 'declined',
			default: '',
			displayOptions: display,
			description:
				decision === 'declined'
					? 'Why you decline the return; Miinto shows it to the buyer (Koongo "decline reason")'
					: 'Optional note on the acceptance (Koongo "accept reason description"). Miinto then refunds the buyer.',
		},
		optionsCollection(display, returnMappingOptions),
	];

	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		const client = await miintoClient(this);
		return await runPerItem.call(this, async (i) => {
			const shopId = readShopId(this, i);
			const rmaId = readRmaId(this, i);
			const reason = readReason(
				this,
				i,
				{ label: 'Reason', name: 'reason' },
				decision === 'declined',
			);
			const settings = mappingSettings(this, i);
			const before = await client.getRma(shopId, rmaId, i);
			const current = toMarketplaceReturn(before, shopId, settings);
			const status = current.extra.miintoStatus;
			if (status === decision) {
				return {
					...(current as unknown as IDataObject),
					action: `rma_${decision}`,
					alreadyDone: true,
				};
			}
			if (status !== 'pending') {
				throw new NodeOperationError(
					this.getNode(),
					`RMA ${rmaId} is ${String(status ?? 'in no known status')}: only a pending RMA can be ${decision}`,
					{
						itemIndex: i,
						description:
							'Miinto decides an RMA once. Read it with Return > Get to see its status and the reason it was decided with.',
					},
				);
			}
			const after = await client.decideRma(shopId, rmaId, decision, reason, i);
			// Miinto's answer is the RMA as it is now [unverified]; without one, the RMA read before, with its new status
			const result =
				after && typeof after === 'object' && 'id' in after
					? after
					: { ...before, status: decision };
			return {
				...(toMarketplaceReturn(result, shopId, settings) as unknown as IDataObject),
				action: `rma_${decision}`,
				alreadyDone: false,
				reasonSent: reason === '' ? null : reason,
			};
		});
	}

	return { description, execute };
}
