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
import { runTriggerPoll, triggerPollInput } from '../shared/triggerNode';
import {
	checkShopId,
	mappingSettingsFrom,
	orderMappingOptions,
	shopIdProperty,
} from './actions/common';
import { getShops } from './methods/loadOptions';
import { MiintoClient } from './transport';
import { miintoTriggerEvents, type MiintoTriggerEvent } from './triggerEvents';

/** The trigger's Event: also the list a poll checks the value against (triggerPollInput). */
const eventProperty: INodeProperties = {
	displayName: 'Event',
	name: 'event',
	type: 'options',
	default: 'newTransfer',
	options: [
		{
			name: 'New Transfer',
			value: 'newTransfer',
			description:
				'A pending transfer (order request) whose positions you accept or decline: the acceptance lane',
		},
		{
			name: 'New Order',
			value: 'newOrder',
			description: 'An accepted order to create in the store and ship',
		},
		{
			name: 'New RMA',
			value: 'newRma',
			description: 'A pending return (RMA) to accept or decline (unverified payload)',
		},
	],
};

const ORDER_EVENTS = { show: { '/event': ['newTransfer', 'newOrder'] } };
const RMA_EVENTS = { show: { '/event': ['newRma'] } };
const KEPT_FOR_ALL = [
	'productIdentification',
	'includeRaw',
	'skuPrefixPattern',
	'skuSuffixPattern',
];

export class MiintoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Miinto Trigger',
		name: 'miintoTrigger',
		icon: { light: 'file:../../icons/miinto.svg', dark: 'file:../../icons/miinto.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow on new Miinto transfers to accept or decline, accepted orders and RMAs (polling: Miinto has no webhooks)',
		defaults: { name: 'Miinto Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'miintoApi', required: true }],
		properties: [
			eventProperty,
			shopIdProperty,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					...orderMappingOptions.map((o) =>
						KEPT_FOR_ALL.includes(o.name) ? o : { ...o, displayOptions: ORDER_EVENTS },
					),
					{
						displayName: 'Include RMA Requests',
						name: 'includeRmaRequests',
						type: 'boolean',
						default: false,
						displayOptions: RMA_EVENTS,
						description:
							'Whether RMA requests you created (Return > Create RMA Request, Refund > Create) start the workflow too. Off: only RMAs buyers opened, so a store refund is not refunded twice.',
					},
					...pollWindowOptions('Miinto'),
				],
			},
			requestOptionsProperty,
		],
	};

	methods = { loadOptions: { getShops } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const input = triggerPollInput<MiintoTriggerEvent>(this, eventProperty);
		const shopId = checkShopId(input.v, this.getNodeParameter('shopId'));
		const settings = mappingSettingsFrom(input.options, input.v);
		const client = await MiintoClient.create(this, input.requestOptions);
		const events = miintoTriggerEvents(input.event, client, {
			shopId,
			settings,
			includeRmaRequests: input.options.includeRmaRequests === true,
		});
		return await runTriggerPoll(this, input, events);
	}
}
