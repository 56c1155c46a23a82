import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { getClock } from '../shared/clock';
import { requestOptionsProperty } from '../shared/options';
import { PollState, pollWindowOptions, pollWindowSettings } from '../shared/poll';
import { InputValidator } from '../shared/validation';
import {
	mappingSettingsFrom,
	marketplaceIds,
	marketplaceIdsOption,
	orderDatasets,
	orderMappingOptions,
	orderTypesOption,
	piiToken,
} from './actions/common';
import { DATA_LAG_MS, FULFILLMENT_STATUSES, ORDER_TYPES } from './constants';
import { fulfilledByFor, toMarketplaceOrder } from './mapping';
import { AmazonClient } from './transport';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Most orders emitted by one poll; the rest follow in the next polls (the cursor only moves past what was emitted). */
const MAX_PER_POLL = 500;
const MANUAL_SAMPLE = 3;
/**
 * How long an emitted order is remembered. An order can reach a status long after it was created (pending orders
 * wait for payment, pre-orders for their release): it must not come again as new when Amazon updates it later.
 */
const RETAIN_MS = 45 * DAY;

type Event = 'newOrder' | 'orderStatusChanged';

const statusOptions = FULFILLMENT_STATUSES.map((value) => ({ name: value, value }));

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
			{
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
			},
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
		const event = this.getNodeParameter('event') as Event;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const v = new InputValidator(this.getNode());
		const { overlapMs, syncFrom } = pollWindowSettings(options, v);
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
		const client = await AmazonClient.create(
			this,
			this.getNodeParameter('requestOptions', {}) as IDataObject,
		);
		const marketplaces = marketplaceIds(
			client,
			options.marketplaceIds,
			v,
			'options.marketplaceIds',
		);

		const manual = this.getMode() === 'manual';
		// Amazon's search lags about two minutes: never ask for (or move the cursor past) anything younger
		const until = getClock().now() - DATA_LAG_MS;
		const staticData = this.getWorkflowStaticData('node');
		const state = new PollState(staticData, { overlapMs, maxSeen: 20_000, retainMs: RETAIN_MS });
		const from = manual
			? until - 60 * MINUTE
			: state.isFirstPoll
				? (syncFrom ?? until)
				: state.windowStart(until);
		// New orders are the ones placed after activation (or after "Sync From")
		if (!manual && staticData.since === undefined)
			staticData.since = new Date(syncFrom ?? until).toISOString();
		const since = manual ? Number.NEGATIVE_INFINITY : Date.parse(String(staticData.since));

		const emitted: IDataObject[] = [];
		const limit = manual ? MANUAL_SAMPLE : MAX_PER_POLL;
		let cursor = until;
		if (from < until) {
			const rdt = await piiToken(client, settings, '/orders/2026-01-01/orders');
			const orders = client.searchOrders(
				{
					lastUpdatedAfter: new Date(from).toISOString(),
					lastUpdatedBefore: new Date(until).toISOString(),
					marketplaceIds: marketplaces,
					fulfillmentStatuses: statuses,
					fulfilledBy: fulfilledByFor(orderTypes),
					includedData: orderDatasets(settings.piiRequested),
				},
				undefined,
				rdt,
			);
			for await (const order of orders) {
				const status = order.fulfillment?.fulfillmentStatus ?? '';
				const updated = Date.parse(order.lastUpdatedTime);
				if (!statuses.includes(status as (typeof statuses)[number])) continue;
				if (event === 'newOrder' && Date.parse(order.createdTime) < since) continue;
				const key = event === 'newOrder' ? order.orderId : `${order.orderId}:${status}`;
				if (!manual && state.has(key)) continue;
				if (emitted.length >= limit) {
					// not emitted yet: make the next poll start here
					cursor = Math.min(cursor, updated);
					if (manual) break;
					continue;
				}
				if (!manual) state.markSeen(key, updated);
				const normalized = toMarketplaceOrder(order, settings) as unknown as IDataObject;
				emitted.push(
					event === 'newOrder'
						? normalized
						: { ...normalized, change: { status, changedAt: order.lastUpdatedTime } },
				);
			}
		}
		if (!manual) state.commit(cursor);
		if (emitted.length === 0) return null;
		return [this.helpers.returnJsonArray(emitted)];
	}
}
