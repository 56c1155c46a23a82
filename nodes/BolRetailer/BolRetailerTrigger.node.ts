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
import { mappingSettingsFrom, orderMappingOptions, orderTypesOption } from './actions/common';
import {
	fulfilmentMethodFor,
	keepOrderType,
	toMarketplaceOrder,
	toMarketplaceReturn,
	type BolMappingSettings,
} from './mapping';
import { BolClient, type BolReducedOrder } from './transport';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Most items emitted by one poll; the rest follow in the next polls (the cursor only moves past what was emitted). */
const MAX_PER_POLL = 500;
const MANUAL_SAMPLE = 3;

type Event = 'newOrder' | 'orderChanged' | 'newReturn';

function latestChange(order: BolReducedOrder): number {
	const times = (order.orderItems ?? [])
		.map((i) => (i.latestChangedDateTime ? Date.parse(i.latestChangedDateTime) : NaN))
		.filter((t) => !Number.isNaN(t));
	return times.length
		? Math.max(...times)
		: order.orderPlacedDateTime
			? Date.parse(order.orderPlacedDateTime)
			: 0;
}

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
			{
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
						description:
							'An item of an order changed: shipped, cancelled, a cancellation was requested',
					},
					{
						name: 'New Return',
						value: 'newReturn',
						description: 'A customer registered a return (unhandled returns)',
					},
				],
			},
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
		const event = this.getNodeParameter('event') as Event;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const v = new InputValidator(this.getNode());
		const { overlapMs, syncFrom } = pollWindowSettings(options, v);
		const client = await BolClient.create(
			this,
			this.getNodeParameter('requestOptions', {}) as IDataObject,
		);
		const settings = mappingSettingsFrom(options, v);
		const orderTypes = String(options.orderTypes ?? 'fbrAndFbb');
		const manual = this.getMode() === 'manual';
		const now = getClock().now();
		const state = new PollState(this.getWorkflowStaticData('node'), { overlapMs, maxSeen: 10_000 });
		const from = manual
			? now - 60 * MINUTE
			: state.isFirstPoll
				? (syncFrom ?? now)
				: state.windowStart(now);

		const emitted: IDataObject[] = [];
		const limit = manual ? MANUAL_SAMPLE : MAX_PER_POLL;
		const full = () => emitted.length >= limit;
		let cursor = now;

		if (event === 'newOrder') {
			for await (const reduced of client.listOrders({
				status: 'OPEN',
				'fulfilment-method': fulfilmentMethodFor(orderTypes),
			})) {
				const placed = reduced.orderPlacedDateTime ? Date.parse(reduced.orderPlacedDateTime) : now;
				if (!manual && (placed < from || state.has(reduced.orderId))) continue;
				if (full()) {
					// not emitted yet: make the next poll start here
					cursor = Math.min(cursor, placed);
					continue;
				}
				const order = await emitOrder(client, reduced, settings, orderTypes);
				if (!manual) state.markSeen(reduced.orderId, placed);
				if (order) emitted.push(order);
			}
		} else if (event === 'orderChanged') {
			for (const query of changeQueries(manual ? now - 60 * MINUTE : from, now)) {
				for await (const reduced of client.listOrders({
					...query,
					status: 'ALL',
					'fulfilment-method': fulfilmentMethodFor(orderTypes),
				})) {
					const changed = latestChange(reduced);
					const key = `${reduced.orderId}@${changed}`;
					if (!manual && (changed < from || state.has(key))) continue;
					if (full()) {
						cursor = Math.min(cursor, changed);
						continue;
					}
					const order = await emitOrder(client, reduced, settings, orderTypes);
					if (!manual) state.markSeen(key, changed);
					if (order)
						emitted.push({ ...order, change: { changedAt: new Date(changed).toISOString() } });
				}
			}
		} else {
			const method = options.returnFulfilmentMethod === 'FBB' ? 'FBB' : 'FBR';
			for await (const reduced of client.listReturns({
				handled: 'false',
				'fulfilment-method': method,
			})) {
				const registered = Date.parse(reduced.registrationDateTime);
				if (!manual && (registered < from || state.has(reduced.returnId))) continue;
				if (full()) {
					cursor = Math.min(cursor, registered);
					continue;
				}
				if (!manual) state.markSeen(reduced.returnId, registered);
				emitted.push(toMarketplaceReturn(reduced, settings.includeRaw) as unknown as IDataObject);
			}
		}

		if (!manual) state.commit(cursor);
		if (emitted.length === 0) return null;
		return [this.helpers.returnJsonArray(emitted)];
	}
}

async function emitOrder(
	client: BolClient,
	reduced: BolReducedOrder,
	settings: BolMappingSettings,
	orderTypes: string,
): Promise<IDataObject | undefined> {
	const order = toMarketplaceOrder(await client.getOrder(reduced.orderId), settings);
	return keepOrderType(order, orderTypes) ? (order as unknown as IDataObject) : undefined;
}

/**
 * bol filters changes either by the last N minutes (at most 60) or by calendar day: a window up to an hour long uses
 * the first, a longer one asks day by day (at most the 3 months bol keeps).
 */
function changeQueries(from: number, now: number): IDataObject[] {
	const span = now - from;
	if (span <= 60 * MINUTE)
		return [{ 'change-interval-minute': Math.max(1, Math.min(60, Math.ceil(span / MINUTE))) }];
	const queries: IDataObject[] = [];
	const start = Math.max(from, now - 92 * DAY);
	for (
		let day = Date.UTC(
			new Date(start).getUTCFullYear(),
			new Date(start).getUTCMonth(),
			new Date(start).getUTCDate(),
		);
		day <= now;
		day += DAY
	) {
		queries.push({ 'latest-change-date': new Date(day).toISOString().slice(0, 10) });
	}
	return queries;
}
