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
import { mappingSettingsFrom, orderMappingOptions, orderTypesOption } from './actions/common';
import { ORDER_TYPE_CHOICES } from './constants';
import { ZalandoClient } from './transport';
import { zalandoTriggerEvents, type ZalandoTriggerEvent } from './triggerEvents';

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
			description: 'A paid (approved) order to accept and ship: partner orders not exported yet',
		},
		{
			name: 'Order Changed',
			value: 'orderChanged',
			description:
				'An order changed: lines cancelled by Zalando (e.g. failed payment), shipped, returned',
		},
		{
			name: 'New Return',
			value: 'newReturn',
			description: 'A customer announced a return on Zalando',
		},
	],
};

const ORDER_EVENTS = { show: { '/event': ['newOrder', 'orderChanged'] } };

export class ZalandoZDirectTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zalando zDirect Trigger',
		name: 'zalandoZDirectTrigger',
		icon: { light: 'file:../../icons/zalando.svg', dark: 'file:../../icons/zalando.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow on new Zalando orders, order changes and announced returns (polling: zDirect has no webhooks)',
		defaults: { name: 'Zalando zDirect Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zalandoZDirectApi', required: true }],
		properties: [
			eventProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{ ...orderTypesOption, displayOptions: ORDER_EVENTS },
					...orderMappingOptions.map((o) =>
						o.name === 'productIdentification' || o.name === 'includeRaw'
							? o
							: { ...o, displayOptions: ORDER_EVENTS },
					),
					...pollWindowOptions('Zalando'),
				],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const input = triggerPollInput<ZalandoTriggerEvent>(this, eventProperty);
		const orderTypes = input.v.oneOf(
			{ label: 'Order Types', name: 'options.orderTypes' },
			input.options.orderTypes ?? 'fbr',
			ORDER_TYPE_CHOICES,
		);
		const client = await ZalandoClient.create(this, input.requestOptions);
		const events = zalandoTriggerEvents(input.event, client, {
			settings: mappingSettingsFrom(input.options, input.v),
			orderTypes,
		});
		return await runTriggerPoll(this, input, events as TriggerEvents<unknown>);
	}
}
