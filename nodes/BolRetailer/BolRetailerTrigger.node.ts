import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
	INodeProperties,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getClock } from '../shared/clock';
import { requestOptionsProperty } from '../shared/options';
import { optionValues } from '../shared/properties';
import { pollWindowOptions, pollWindowSettings } from '../shared/poll';
import { pollTrigger, type TriggerEvents } from '../shared/trigger';
import { InputValidator } from '../shared/validation';
import { mappingSettingsFrom, orderMappingOptions, orderTypesOption } from './actions/common';
import { ORDER_TYPES } from './constants';
import { BolClient } from './transport';
import { bolTriggerEvents, type BolTriggerEvent } from './triggerEvents';

/** Most items emitted by one poll; the rest follow in the next polls (the cursor only moves past what was emitted). */
const MAX_PER_POLL = 500;
const MANUAL_SAMPLE = 3;

/** The trigger's Event: also the list a poll checks the value against (optionValues). */
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
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const v = new InputValidator(this.getNode());
		// Event, Order Types and Return Fulfilment Method are checked before any request: a value outside the list (an
		// expression, an edited workflow) is an error naming the field, never a fallback such as "all orders"
		const event = v.oneOf(
			{ label: 'Event', name: 'event' },
			this.getNodeParameter('event'),
			optionValues(eventProperty) as BolTriggerEvent[],
		);
		const { overlapMs, syncFrom } = pollWindowSettings(options, v);
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
		const client = await BolClient.create(
			this,
			this.getNodeParameter('requestOptions', {}) as IDataObject,
		);
		const events = bolTriggerEvents(
			event,
			client,
			{
				settings: mappingSettingsFrom(options, v),
				orderTypes,
				returnFulfilmentMethod,
			},
			() => getClock().now(),
		);
		return await pollTrigger(this, events as TriggerEvents<unknown>, {
			overlapMs,
			syncFrom,
			maxPerPoll: MAX_PER_POLL,
			sampleSize: MANUAL_SAMPLE,
			maxSeen: 10_000,
		});
	}
}
