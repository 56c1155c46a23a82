import type {
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getClock } from '../shared/clock';
import { requestOptionsProperty } from '../shared/options';
import { pollWindowOptions } from '../shared/poll';
import type { TriggerEvents } from '../shared/trigger';
import { runTriggerPoll, triggerPollInput } from '../shared/triggerNode';
import { mappingSettingsFrom, orderMappingOptions, orderTypesOption } from './actions/common';
import { ORDER_TYPES } from './constants';
import { BolClient } from './transport';
import { bolTriggerEvents, type BolTriggerEvent } from './triggerEvents';

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
			description: 'An order was placed (open orders)',
		},
		{
			name: 'Order Changed',
			value: 'orderChanged',
			description: 'An item of an order changed: shipped, cancelled, a cancellation was requested',
		},
		{
			name: 'New Return',
			value: 'newReturn',
			description: 'A customer registered a return (unhandled returns)',
		},
	],
};

export class BolRetailerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bol.com Retailer Trigger',
		name: 'bolRetailerTrigger',
		icon: { light: 'file:../../icons/bol.svg', dark: 'file:../../icons/bol.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow on new bol orders, order changes and new returns (polling)',
		defaults: { name: 'Bol.com Retailer Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'bolRetailerApi', required: true }],
		properties: [
			eventProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						...orderTypesOption,
						displayOptions: { show: { '/event': ['newOrder', 'orderChanged'] } },
					},
					...orderMappingOptions.map((o) => ({
						...o,
						displayOptions: { show: { '/event': ['newOrder', 'orderChanged'] } },
					})),
					{
						displayName: 'Return Fulfilment Method',
						name: 'returnFulfilmentMethod',
						type: 'options',
						default: 'FBR',
						options: [
							{ name: 'FBR', value: 'FBR' },
							{ name: 'FBB', value: 'FBB' },
						],
						displayOptions: { show: { '/event': ['newReturn'] } },
					},
					...pollWindowOptions('bol'),
				],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const input = triggerPollInput<BolTriggerEvent>(this, eventProperty);
		const { options, v } = input;
		// Order Types and Return Fulfilment Method are checked before any request, like the Event
		const orderTypes = v.oneOf(
			{ label: 'Order Types', name: 'options.orderTypes' },
			options.orderTypes ?? ORDER_TYPES[0],
			ORDER_TYPES,
		);
		const returnFulfilmentMethod = v.oneOf(
			{ label: 'Return Fulfilment Method', name: 'options.returnFulfilmentMethod' },
			options.returnFulfilmentMethod ?? 'FBR',
			['FBR', 'FBB'] as const,
		);
		const client = await BolClient.create(this, input.requestOptions);
		const events = bolTriggerEvents(
			input.event,
			client,
			{
				settings: mappingSettingsFrom(options, v),
				orderTypes,
				returnFulfilmentMethod,
			},
			() => getClock().now(),
		);
		return await runTriggerPoll(this, input, events as TriggerEvents<unknown>);
	}
}
