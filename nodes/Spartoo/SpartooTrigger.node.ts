import type {
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { requestOptionsProperty } from '../shared/options';
import { pollWindowOptions } from '../shared/poll';
import type { TriggerEvents } from '../shared/trigger';
import { runTriggerPoll, triggerPollInput } from '../shared/triggerNode';
import { mappingOptions, mappingSettingsFrom, resolveReturnSizeOption } from './actions/common';
import { SpartooClient } from './transport';
import { spartooTriggerEvents, type SpartooTriggerEvent } from './triggerEvents';

/** The trigger's Event: also the list a poll checks the value against (triggerPollInput). */
const eventProperty: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	default: 'newOrder',
	options: [
		{
			name: 'New Order',
			value: 'newOrder',
			description: 'An order verified by Spartoo (status 11), waiting for you to accept it',
		},
		{
			name: 'Order Changed',
			value: 'orderChanged',
			description: 'An order cancelled (41), lost (45) or not delivered and back at Spartoo (47)',
		},
		{
			name: 'New Return',
			value: 'newReturn',
			description: 'A buyer registered a return on Spartoo',
		},
	],
};

export class SpartooTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Spartoo Trigger',
		name: 'spartooTrigger',
		icon: { light: 'file:../../icons/spartoo.svg', dark: 'file:../../icons/spartoo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow on new Spartoo orders, order changes and returns (polling: Spartoo has no webhooks). Spartoo dates are read as Paris time.',
		defaults: { name: 'Spartoo Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'spartooApi', required: true }],
		properties: [
			eventProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					...mappingOptions,
					{
						...resolveReturnSizeOption,
						description: `New Return only. ${resolveReturnSizeOption.description}`,
					},
					...pollWindowOptions('Spartoo'),
				],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const input = triggerPollInput<SpartooTriggerEvent>(this, eventProperty);
		const client = await SpartooClient.create(this, input.requestOptions);
		const events = spartooTriggerEvents(
			input.event,
			client,
			mappingSettingsFrom(input.options, input.v, client.currency),
		);
		return await runTriggerPoll(this, input, events as TriggerEvents<unknown>);
	}
}
