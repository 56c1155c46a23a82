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
import {
	mappingSettingsFrom,
	marketplaceIds,
	marketplaceIdsOption,
	orderMappingOptions,
	orderTypesOption,
} from './actions/common';
import { FULFILLMENT_STATUSES, ORDER_TYPES } from './constants';
import { fulfilledByFor } from './mapping';
import { AmazonClient } from './transport';
import { amazonTriggerEvents, type AmazonTriggerEvent } from './triggerEvents';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/**
 * How long an emitted order is remembered. An order can reach a status long after it was created (pending orders
 * wait for payment, pre-orders for their release): it must not come again as new when Amazon updates it later.
 */
const RETAIN_MS = 45 * DAY;
/** A poll may wait for searchOrders' rate (one call per 3 minutes after the burst) between its pages. */
const LEASE_MS = 30 * MINUTE;

type Event = AmazonTriggerEvent;

const statusOptions = FULFILLMENT_STATUSES.map((value) => ({ name: value, value }));

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
			description:
				'An order placed after activation reached one of the New Order Statuses (once per order)',
		},
		{
			name: 'Order Status Changed',
			value: 'orderStatusChanged',
			description:
				'An order changed to one of the Statuses, e.g. cancelled or shipped (once per order and status)',
		},
	],
};

export class AmazonSellingPartnerTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Amazon Selling Partner Trigger',
		name: 'amazonSellingPartnerTrigger',
		icon: { light: 'file:../../icons/amazon.svg', dark: 'file:../../icons/amazon.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description:
			'Starts the workflow on new Amazon orders and on orders that were cancelled or shipped (polling)',
		defaults: { name: 'Amazon Selling Partner Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'amazonSellingPartnerApi', required: true }],
		properties: [
			{
				displayName:
					'Amazon allows one order search about every 3 minutes (after a burst of 20): poll every 5 minutes or less often. Changes become visible about 2 minutes after they happen.',
				name: 'pollingNotice',
				type: 'notice',
				default: '',
			},
			eventProperty,
			{
				displayName: 'New Order Statuses',
				name: 'newOrderStatuses',
				type: 'multiOptions',
				default: ['UNSHIPPED'],
				options: statusOptions,
				description:
					'An order counts as new once it is in one of these. UNSHIPPED: paid and ready to ship (pending orders carry no address yet).',
				displayOptions: { show: { event: ['newOrder'] } },
			},
			{
				displayName: 'Statuses',
				name: 'statuses',
				type: 'multiOptions',
				default: ['CANCELLED', 'SHIPPED'],
				options: statusOptions,
				displayOptions: { show: { event: ['orderStatusChanged'] } },
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					orderTypesOption,
					marketplaceIdsOption,
					...orderMappingOptions,
					...pollWindowOptions('Amazon'),
				],
			},
			requestOptionsProperty,
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const input = triggerPollInput<Event>(this, eventProperty);
		const { event, options, v, syncFrom } = input;
		const statusField =
			event === 'newOrder'
				? { label: 'New Order Statuses', name: 'newOrderStatuses' }
				: { label: 'Statuses', name: 'statuses' };
		const statuses = (this.getNodeParameter(statusField.name, []) as string[]).map((s) =>
			v.oneOf(statusField, s, FULFILLMENT_STATUSES),
		);
		if (statuses.length === 0)
			v.fail(statusField, [], `at least one of ${FULFILLMENT_STATUSES.join(', ')}`);
		const orderTypes = v.oneOf(
			{ label: 'Order Types', name: 'options.orderTypes' },
			options.orderTypes ?? 'all',
			ORDER_TYPES,
		);
		const settings = mappingSettingsFrom(options, v);
		const client = await AmazonClient.create(this, input.requestOptions);
		const marketplaces = marketplaceIds(
			client,
			options.marketplaceIds,
			v,
			'options.marketplaceIds',
		);

		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		// New orders are the ones placed after activation (Amazon's time of the first poll) or after "Sync From"
		const since = manual
			? Number.NEGATIVE_INFINITY
			: staticData.since !== undefined
				? Date.parse(String(staticData.since))
				: (syncFrom ?? Number.NEGATIVE_INFINITY);
		const events = amazonTriggerEvents(
			client,
			{
				event,
				statuses,
				marketplaceIds: marketplaces,
				fulfilledBy: fulfilledByFor(orderTypes),
				settings,
				since,
			},
			() => getClock().now(),
		);
		const output = await runTriggerPoll(this, input, events as TriggerEvents<unknown>, {
			maxSeen: 20_000,
			retainMs: RETAIN_MS,
			leaseMs: LEASE_MS,
		});
		if (!manual && staticData.since === undefined) {
			const activated =
				syncFrom !== undefined ? new Date(syncFrom).toISOString() : staticData.cursor;
			if (activated !== undefined) staticData.since = activated;
		}
		return output;
	}
}
