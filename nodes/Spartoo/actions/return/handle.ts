import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import type { OperationModule } from '../../../shared/router';
import {
	fetchReturn,
	mappingOptions,
	mappingSettings,
	optionsCollection,
	readId,
	readLabelLink,
	returnIdProperty,
	setReturnStatus,
	show,
	spartooClient,
	toMarketplaceReturn,
} from '../common';

/** Return > Accept (-> 4, from 2 or 3) and Return > Refuse (-> 3, only from 2), with an optional label link. */
export function returnOperation(operation: 'accept' | 'refuse'): OperationModule {
	const display = show('return', operation);
	const target = operation === 'accept' ? 4 : 3;
	const description: INodeProperties[] = [
		{ ...returnIdProperty, displayOptions: display },
		{
			displayName: 'Return Label Link',
			name: 'labelLink',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/labels/555.pdf',
			description:
				'Optional: a URL where the buyer finds the return label (you host it). Spartoo shows it with the return.',
			displayOptions: display,
		},
		optionsCollection(display, mappingOptions),
	];
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
		const client = await spartooClient(this);
		return await runPerItem.call(this, async (i) => {
			const returnId = readId(this, i, 'returnId');
			const labelLink = readLabelLink(this, i);
			const settings = mappingSettings(this, client, i);
			const record = await fetchReturn(this, client, returnId, i);
			const { alreadyDone, confirmation } = await setReturnStatus(
				this,
				client,
				record,
				target,
				i,
				labelLink,
			);
			const flag = operation === 'accept' ? 'accepted' : 'refused';
			return {
				...(toMarketplaceReturn(record, settings) as unknown as IDataObject),
				[flag]: true,
				[operation === 'accept' ? 'alreadyAccepted' : 'alreadyRefused']: alreadyDone,
				labelLink: labelLink ?? null,
				refundedBySpartoo: target === 4,
				spartooAnswer: confirmation,
			};
		});
	}
	return { description, execute };
}
