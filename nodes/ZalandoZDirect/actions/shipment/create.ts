import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { getClock } from '../../../shared/clock';
import { runBatch, type BatchOutcome } from '../../../shared/execute';
import { TaskPool } from '../../../shared/pool';
import type { ZalandoClient } from '../../transport';
import {
	SHIPMENT_CALLS_IN_FLIGHT,
	SHIPPABLE_LINE_STATUSES,
	TRACKING_TO_LINES_DELAY_MS,
} from '../../constants';
import { shipParcels } from './parcels';
import {
	itemSelectionProperties,
	mappingSettings,
	optionsCollection,
	orderIdProperty,
	patchUnits,
	pickUnits,
	readItemRequests,
	readOrderId,
	show,
	toMarketplaceOrder,
	unitJson,
	validator,
	type UnitLine,
	zalandoClient,
	UUID,
} from '../common';

const display = show('shipment', 'create');
const lineDisplay = { show: { ...display.show, method: ['lineStatus'] } };
const parcelDisplay = { show: { ...display.show, method: ['shipmentsApi'] } };

export const description: INodeProperties[] = [
	{ ...orderIdProperty, displayOptions: display },
	{
		displayName: 'Method',
		name: 'method',
		type: 'options',
		default: 'lineStatus',
		description:
			'How the order is shipped at Zalando. One order is shipped one way only, never both.',
		options: [
			{
				name: 'Line Status',
				value: 'lineStatus',
				description:
					"The standard process: the order's tracking and return tracking numbers, then each line to shipped",
			},
			{
				name: 'Shipments API (Pilot)',
				value: 'shipmentsApi',
				description:
					'Split parcels, each with its own weight and tracking numbers. Only for partners Zalando admitted to the pilot.',
			},
		],
		displayOptions: display,
	},
	{
		displayName: 'Tracking Number',
		name: 'trackingNumber',
		type: 'string',
		required: true,
		default: '',
		description:
			"The parcel's tracking number. Zalando keeps one per order and the first one wins: a later shipment of the same order must carry the same number.",
		displayOptions: lineDisplay,
	},
	{
		displayName: 'Return Tracking Number',
		name: 'returnTrackingNumber',
		type: 'string',
		default: '',
		description:
			'The tracking number of the return label in the parcel. Zalando requires it (missing ones count against your KPIs and can get the account deactivated); leaving it empty is an error unless "Allow Missing Return Tracking" is on.',
		displayOptions: lineDisplay,
	},
	...itemSelectionProperties(lineDisplay, 'Ship', 'Ship every line not shipped or cancelled yet'),
	{
		displayName: 'Parcels (JSON)',
		name: 'parcels',
		type: 'json',
		required: true,
		default:
			'[{"items": [{"lineId": "", "quantity": 1}], "weight": 1000, "trackingNumber": "", "returnTrackingNumber": ""}]',
		description:
			'Array of parcels, each one Zalando shipment: `items` (the lines it holds, as in the Items list of Line Status: `lineId`, `sku` or `ean` with an optional `quantity`; or "allOpen" in one parcel for every open line the others do not take), `weight` in grams (required by Zalando), `trackingNumber`, `returnTrackingNumber` and an optional `merchantShipmentId`',
		displayOptions: parcelDisplay,
	},
	{
		displayName:
			'Each parcel becomes a Zalando shipment and is then set to shipped, which ships its lines. Lines no parcel names stay in the shipment Zalando put them in, for a later run. The Shipments API is a pilot: Zalando enables it on request (ask your integration manager), and an order shipped with Line Status cannot use it. A re-run reports parcels already shipped with their tracking number instead of creating them again.',
		name: 'parcelsNotice',
		type: 'notice',
		default: '',
		displayOptions: parcelDisplay,
	},
	optionsCollection(display, [
		{
			displayName: 'Allow Missing Return Tracking',
			name: 'allowMissingReturnTracking',
			type: 'boolean',
			default: false,
			description:
				'Whether to ship without a return tracking number (for parcels without a return label)',
		},
		{
			displayName: 'Outbound Logistic Center ID',
			name: 'outboundLogisticCenterId',
			type: 'string',
			default: '',
			description:
				'The logistic center (a UUID) the lines were shipped from, when you have several',
		},
	]),
];

interface Prepared {
	itemIndex: number;
	orderId: string;
	orderNumber: string;
	trackingNumber: string;
	returnTrackingNumber: string | null;
	/** Order attributes still to set (only those the order does not have yet). */
	tracking: IDataObject;
	lineAttributes: IDataObject;
	send: UnitLine[];
	alreadyDone: UnitLine[];
	trackingSent: boolean;
}

/**
 * Line Status shipments run as a pipeline: each order is checked and read, its tracking PATCHed, and its lines wait
 * until 5 s after that (Zalando may process calls less than ~5 s apart out of order, so an order's lines follow its
 * tracking, never before it). While an order waits, the next orders are read and tracked, and lines that are due go
 * first; up to SHIPMENT_CALLS_IN_FLIGHT orders are worked on at once (one order's calls in order, and two items of one
 * order one after the other). So 100 shipments
 * cost about 5 s of waiting in all, not 5 s each, and nothing waits while there is other work. Each item keeps its
 * own result or error.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runBatch.call(
		this,
		async (indexes) => {
			const outcomes: BatchOutcome[] = [];
			const client = await zalandoClient(this);
			const lineItems: number[] = [];
			// Method "Shipments API (Pilot)": each item on its own (no tracking PATCH, so no 5 s wait)
			for (const i of indexes) {
				try {
					const method = validator(this, i).oneOf(
						{ label: 'Method', name: 'method' },
						this.getNodeParameter('method', i, 'lineStatus'),
						['lineStatus', 'shipmentsApi'],
					);
					if (method === 'lineStatus') lineItems.push(i);
					else outcomes.push({ itemIndex: i, json: await shipParcels(this, client, i) });
				} catch (error) {
					outcomes.push({ itemIndex: i, error: error as Error });
				}
			}
			const clock = getClock();
			const pool = new TaskPool(SHIPMENT_CALLS_IN_FLIGHT);
			// orders whose lines wait for their tracking to settle; due times only grow (set when a tracking is answered)
			const waiting: Array<{ prepared: Prepared; due: number }> = [];
			// n8n fetches the access token inside the first call that needs it: calls run one at a time until a read has
			// succeeded, so a batch never asks the token endpoint (8 a minute, 1 in the sandbox) several times at once
			let tokenInUse = false;
			const track = async (i: number) => {
				try {
					const p = await prepare(this, client, i);
					tokenInUse = true;
					if (Object.keys(p.tracking).length > 0 && p.send.length + p.alreadyDone.length > 0) {
						await client.patchOrder(p.orderId, p.tracking, p.itemIndex);
						p.trackingSent = true;
					}
					// lines after a tracking set now, or set by an earlier run moments ago (Retry On Fail): 5 s either way,
					// counted from now (the tracking call's answer, or the read that found the tracking set)
					if (p.send.length > 0)
						waiting.push({ prepared: p, due: clock.now() + TRACKING_TO_LINES_DELAY_MS });
					else outcomes.push({ itemIndex: i, json: shipped(p, []) });
				} catch (error) {
					outcomes.push({ itemIndex: i, error: error as Error });
				}
			};
			const shipLines = async (p: Prepared) => {
				try {
					const applied = await patchUnits(
						this,
						client,
						p.orderId,
						p.send,
						p.lineAttributes,
						p.itemIndex,
					);
					outcomes.push({ itemIndex: p.itemIndex, json: shipped(p, applied) });
				} catch (error) {
					outcomes.push({ itemIndex: p.itemIndex, error: error as Error });
				}
			};
			/**
			 * Starts the lines that are due. With `all`, goes on until every order's lines are done: it waits for a
			 * call in flight before it sleeps (that call may queue more lines, and is work done meanwhile), and sleeps
			 * only when nothing is in flight, until the next order is due.
			 */
			const shipDue = async (all: boolean) => {
				for (;;) {
					const next = waiting[0];
					if (next !== undefined && next.due <= clock.now()) {
						waiting.shift();
						await pool.start(async () => await shipLines(next.prepared));
					} else if (!all) return;
					else if (pool.size > 0) await pool.oneDone();
					else if (next === undefined) return;
					else await clock.sleep(next.due - clock.now());
				}
			};
			// two items of one order never run at the same time: the second goes in a later round, which reads the
			// order again and sees what the first shipped (and its tracking, 5 s before its own lines)
			for (const round of byOrderRounds(this, lineItems)) {
				for (const i of round) {
					await shipDue(false);
					if (tokenInUse) await pool.start(async () => await track(i));
					else await track(i);
				}
				await shipDue(true);
				await pool.drain();
			}
			return outcomes;
		},
		'shipments',
	);
}

/**
 * The items in rounds: each order's first item in the first round, its second item in the second, and so on (input
 * order kept within a round). An item whose Order ID is not valid goes in the first round, where it fails alone.
 */
function byOrderRounds(ctx: IExecuteFunctions, items: number[]): number[][] {
	const rounds: number[][] = [];
	const seen = new Map<string, number>();
	for (const i of items) {
		let round = 0;
		try {
			const orderId = readOrderId(ctx, i);
			round = seen.get(orderId) ?? 0;
			seen.set(orderId, round + 1);
		} catch {
			// reported by the item's own run
		}
		(rounds[round] ??= []).push(i);
	}
	return rounds;
}

function shipped(p: Prepared, applied: UnitLine[]): IDataObject {
	return {
		orderId: p.orderId,
		orderNumber: p.orderNumber,
		status: applied.length + p.alreadyDone.length === 0 ? 'nothing_to_ship' : 'shipped',
		trackingNumber: p.trackingNumber,
		returnTrackingNumber: p.returnTrackingNumber,
		trackingSent: p.trackingSent,
		lines: [...unitJson(applied), ...unitJson(p.alreadyDone, { alreadyDone: true })],
	};
}

async function prepare(
	ctx: IExecuteFunctions,
	client: ZalandoClient,
	i: number,
): Promise<Prepared> {
	const v = validator(ctx, i);
	const orderId = readOrderId(ctx, i);
	const trackingNumber = v.trackingCode(
		{ label: 'Tracking Number', name: 'trackingNumber' },
		ctx.getNodeParameter('trackingNumber', i),
	);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const returnField = { label: 'Return Tracking Number', name: 'returnTrackingNumber' };
	const rawReturn = ctx.getNodeParameter('returnTrackingNumber', i, '');
	const returnTrackingNumber =
		rawReturn === '' || rawReturn === undefined || rawReturn === null
			? undefined
			: v.trackingCode(returnField, rawReturn);
	if (returnTrackingNumber === undefined && options.allowMissingReturnTracking !== true) {
		v.fail(
			returnField,
			rawReturn,
			'the tracking number of the return label: Zalando requires one (turn on "Allow Missing Return Tracking" to ship without)',
		);
	}
	const logisticCenter = v.optionalString(
		{ label: 'Outbound Logistic Center ID', name: 'options.outboundLogisticCenterId' },
		options.outboundLogisticCenterId,
		{ pattern: UUID, patternHint: 'a UUID' },
	);
	const requests = readItemRequests(ctx, i);

	const order = await client.getOrder(orderId, i);
	const normalized = toMarketplaceOrder(order, mappingSettings(ctx, i));
	const attributes = order.order.attributes;
	const orderField = { label: 'Order ID', name: 'orderId' };
	if (normalized.fulfilment === 'marketplace')
		v.fail(orderField, orderId, 'a partner-fulfilled order: Zalando ships this one (FBZ)');
	if (attributes.exported !== true)
		v.fail(
			orderField,
			orderId,
			'an exported order: accept (export) it first with Order > Accept; Zalando takes no shipment before',
		);
	// the first tracking value of an order wins at Zalando: another one would be ignored silently, so it is refused
	const known = (value: string | undefined) =>
		value === undefined || value.trim() === '' ? undefined : value.trim();
	const sentTracking = known(attributes.tracking_number);
	const sentReturn = known(attributes.return_tracking_number);
	if (sentTracking !== undefined && sentTracking !== trackingNumber) {
		v.fail(
			{ label: 'Tracking Number', name: 'trackingNumber' },
			trackingNumber,
			`the tracking number order ${orderId} already has (${sentTracking}): Zalando keeps the first one of an order and ignores later ones, so a second parcel cannot be announced with another number`,
		);
	}
	if (
		sentReturn !== undefined &&
		returnTrackingNumber !== undefined &&
		sentReturn !== returnTrackingNumber
	) {
		v.fail(
			returnField,
			returnTrackingNumber,
			`the return tracking number order ${orderId} already has (${sentReturn}): Zalando keeps the first one`,
		);
	}
	const { send, alreadyDone } = pickUnits(v, order, normalized, requests, {
		verb: 'shipped',
		from: SHIPPABLE_LINE_STATUSES,
		done: ['shipped', 'returned'],
	});
	const tracking: IDataObject = {};
	if (sentTracking === undefined) tracking.tracking_number = trackingNumber;
	if (sentReturn === undefined && returnTrackingNumber !== undefined)
		tracking.return_tracking_number = returnTrackingNumber;
	const lineAttributes: IDataObject = { status: 'shipped' };
	if (logisticCenter) lineAttributes.outbound_logistic_center_id = logisticCenter;
	return {
		itemIndex: i,
		orderId,
		orderNumber: normalized.orderNumber,
		trackingNumber,
		returnTrackingNumber: returnTrackingNumber ?? sentReturn ?? null,
		tracking,
		lineAttributes,
		send,
		alreadyDone,
		trackingSent: false,
	};
}
