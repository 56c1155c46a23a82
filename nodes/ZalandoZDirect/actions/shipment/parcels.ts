import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorMessage } from '../../../shared/errors';
import { asNodeError } from '../../../shared/execute';
import { parseLineRequests, type LineRequest } from '../../../shared/lines';
import type { MarketplaceOrder } from '../../../shared/model';
import { TestModeHalt } from '../../../shared/testMode';
import type { InputValidator } from '../../../shared/validation';
import {
	MAX_PARCELS,
	MAX_PARCEL_WEIGHT_G,
	SHIPMENT_WEIGHT_UNIT,
	SHIPMENTS_PILOT_REFUSAL,
	SHIPPABLE_LINE_STATUSES,
	linesShippedLineByLine,
} from '../../constants';
import type {
	ZalandoClient,
	ZalandoOrder,
	ZalandoShipment,
	ZalandoShipmentInput,
} from '../../transport';
import {
	mappingSettings,
	pickUnits,
	readOrderId,
	toMarketplaceOrder,
	unitLines,
	UUID,
	validator,
	type UnitLine,
} from '../common';

/**
 * Shipment > Create with Method "Shipments API (Pilot)": the order split into parcels, each created as a Zalando
 * shipment (its lines leave the shipment holding them) with its weight and tracking, then PATCHed to shipped. Only for
 * partners in Zalando's pilot, and never on an order shipped line by line (doc §1.7).
 */

export const PARCELS_EXAMPLE =
	'[{"items": [{"lineId": "...", "quantity": 1}], "weight": 1200, "trackingNumber": "...", "returnTrackingNumber": "..."}]';

const PARCELS_FIELD = { label: 'Parcels (JSON)', name: 'parcels' };

/** One parcel as the user gave it, checked before any request. */
export interface ParcelInput {
	/** 1-based position in the list, as messages name it. */
	number: number;
	/** undefined: `"items": "allOpen"`, every open line no other parcel takes. */
	requests: LineRequest[] | undefined;
	weight: number;
	trackingNumber: string;
	returnTrackingNumber?: string;
	merchantShipmentId?: string;
}

type ParcelState = 'alreadyShipped' | 'created' | 'shipped' | 'notSent';

interface Parcel extends ParcelInput {
	units: UnitLine[];
	/** A shipment from an earlier run to finish (created, not shipped) or one already shipped. */
	shipmentId?: string;
	state: ParcelState;
}

/** The Parcels parameter: a JSON array (text, or an array from an expression). */
export function readParcels(
	v: InputValidator,
	value: unknown,
	allowMissingReturnTracking: boolean,
): ParcelInput[] {
	const entries = v.jsonArray(PARCELS_FIELD, value, PARCELS_EXAMPLE);
	if (entries.length > MAX_PARCELS)
		v.fail(PARCELS_FIELD, `${entries.length} parcels`, `at most ${MAX_PARCELS} parcels`);
	const parcels = entries.map((entry, index) => {
		const at = (key: string) => ({ label: PARCELS_FIELD.label, name: `parcels[${index}].${key}` });
		const requests =
			entry.items === 'allOpen'
				? undefined
				: entry.items === undefined
					? v.fail(
							at('items'),
							undefined,
							'the lines of the parcel, like the Items list of Line Status ([{"lineId": "...", "quantity": 1}]), or "allOpen" for every open line no other parcel takes',
						)
					: parseLineRequests(v, entry.items, at('items'));
		const weight =
			entry.weight === undefined || entry.weight === null || entry.weight === ''
				? v.fail(
						at('weight'),
						entry.weight,
						`the parcel's weight in grams (a whole number from 1 to ${MAX_PARCEL_WEIGHT_G}): Zalando requires it for every shipment`,
					)
				: v.integer(at('weight'), entry.weight, 1, MAX_PARCEL_WEIGHT_G);
		const trackingNumber = v.trackingCode(at('trackingNumber'), entry.trackingNumber);
		const rawReturn = entry.returnTrackingNumber;
		const returnTrackingNumber =
			rawReturn === undefined || rawReturn === null || rawReturn === ''
				? undefined
				: v.trackingCode(at('returnTrackingNumber'), rawReturn);
		if (returnTrackingNumber === undefined && !allowMissingReturnTracking)
			v.fail(
				at('returnTrackingNumber'),
				rawReturn,
				'the tracking number of the return label in the parcel: Zalando requires one (turn on "Allow Missing Return Tracking" to ship without)',
			);
		const merchantShipmentId = v.optionalString(
			at('merchantShipmentId'),
			entry.merchantShipmentId,
			{ maxLength: 100 },
		);
		return {
			number: index + 1,
			requests,
			weight,
			trackingNumber,
			returnTrackingNumber,
			merchantShipmentId,
		};
	});
	const allOpen = parcels.filter((p) => p.requests === undefined);
	if (allOpen.length > 1)
		v.fail(
			{ label: PARCELS_FIELD.label, name: `parcels[${allOpen[1].number - 1}].items` },
			'allOpen',
			'"allOpen" in one parcel at most (it takes every open line the other parcels do not)',
		);
	const seen = new Map<string, number>();
	for (const parcel of parcels) {
		const first = seen.get(parcel.trackingNumber);
		if (first !== undefined)
			v.fail(
				{ label: PARCELS_FIELD.label, name: `parcels[${parcel.number - 1}].trackingNumber` },
				parcel.trackingNumber,
				`a tracking number of its own: parcel ${first} has ${parcel.trackingNumber} already, and each parcel is its own shipment`,
			);
		seen.set(parcel.trackingNumber, parcel.number);
	}
	return parcels;
}

/** The "ask Zalando or use Line Status" error for a Shipments API refusal. */
function pilotError(ctx: IExecuteFunctions, orderId: string, error: unknown, i: number) {
	return new NodeOperationError(
		ctx.getNode(),
		`Zalando refused the Shipments API for order ${orderId}: the split-parcel Shipments API is a pilot that Zalando enables per partner, and it is not enabled for this account`,
		{
			itemIndex: i,
			description: `Ask your Zalando integration manager to enable the Shipments API pilot, or set Method to "Line Status" (one tracking number per order, every line shipped). Zalando said: ${errorMessage(error)}`,
		},
	);
}

const httpCode = (error: unknown) => String((error as { httpCode?: unknown })?.httpCode ?? '');

function isPilotRefusal(error: unknown): boolean {
	return httpCode(error) === '403' && SHIPMENTS_PILOT_REFUSAL.test(errorMessage(error));
}

const sameLines = (shipment: ZalandoShipment, units: UnitLine[]) => {
	const ids = new Set((shipment.order_lines ?? []).map((l) => l.order_line_id));
	return ids.size === units.length && units.every((u) => ids.has(u.orderLineId));
};

/**
 * Checks everything and resolves each parcel's lines against the order and its shipments, before any write. A
 * parcel already shipped with its tracking number (an earlier run) is `alreadyShipped`; one created by an earlier run
 * but not shipped is finished, not created twice.
 */
function plan(
	v: InputValidator,
	order: ZalandoOrder,
	normalized: MarketplaceOrder,
	shipments: ZalandoShipment[],
	inputs: ParcelInput[],
): Parcel[] {
	const units = unitLines(order);
	const byId = new Map(units.map((u) => [u.orderLineId, u]));
	const parcels: Parcel[] = [];
	const exclude = new Map<string, string>();
	// listed parcels first, the "allOpen" one last: it takes what they leave
	const ordered = [...inputs].sort(
		(a, b) => Number(a.requests === undefined) - Number(b.requests === undefined),
	);
	for (const input of ordered) {
		const field = `parcels[${input.number - 1}].items[]`;
		const tracked = shipments.filter((s) => s.tracking_number === input.trackingNumber);
		const shipped = tracked.find((s) => s.status === 'shipped');
		if (shipped) {
			const held = (shipped.order_lines ?? [])
				.map((l) => byId.get(l.order_line_id))
				.filter((u): u is UnitLine => u !== undefined);
			const others = new Map(
				units
					.filter((u) => !held.includes(u))
					.map((u) => [u.orderLineId, `not in shipment ${shipped.shipment_id}`] as const),
			);
			let same: UnitLine[] | undefined;
			try {
				same =
					input.requests === undefined
						? held
						: pickUnits(v, order, normalized, input.requests, {
								verb: 'found in that shipment',
								from: ['shipped', 'returned'],
								done: [],
								exclude: others,
								field,
								label: PARCELS_FIELD.label,
							}).send;
			} catch {
				same = undefined;
			}
			if (same === undefined || (input.requests !== undefined && same.length !== held.length))
				v.fail(
					{ label: PARCELS_FIELD.label, name: `parcels[${input.number - 1}].trackingNumber` },
					input.trackingNumber,
					`a tracking number not used yet: Zalando's shipment ${shipped.shipment_id} of order ${normalized.orderId} was shipped with ${input.trackingNumber} holding other lines (${held.map((u) => u.orderLineId).join(', ') || 'none'})`,
				);
			parcels.push({
				...input,
				units: same,
				shipmentId: shipped.shipment_id,
				state: 'alreadyShipped',
			});
			continue;
		}
		const { send } = pickUnits(v, order, normalized, input.requests, {
			verb: 'shipped',
			from: SHIPPABLE_LINE_STATUSES,
			done: [],
			exclude,
			field,
			label: PARCELS_FIELD.label,
		});
		if (send.length === 0)
			v.fail(
				{ label: PARCELS_FIELD.label, name: `parcels[${input.number - 1}].items` },
				input.requests === undefined ? 'allOpen' : input.requests,
				`lines that are still open: order ${normalized.orderId} has no open line left for parcel ${input.number}`,
			);
		for (const u of send) exclude.set(u.orderLineId, `in parcel ${input.number}`);
		const resumable = tracked.find((s) => s.status === 'initial' && sameLines(s, send));
		parcels.push({ ...input, units: send, shipmentId: resumable?.shipment_id, state: 'notSent' });
	}
	return parcels.sort((a, b) => a.number - b.number);
}

function describeParcels(parcels: Parcel[]): string {
	const said: Record<ParcelState, string> = {
		alreadyShipped: 'shipped before',
		created: 'created, NOT shipped',
		shipped: 'shipped',
		notSent: 'not sent',
	};
	return parcels
		.map(
			(p) =>
				`parcel ${p.number} (${p.trackingNumber}${p.shipmentId ? `, shipment ${p.shipmentId}` : ''}): ${said[p.state]}`,
		)
		.join('; ');
}

/** One Shipment > Create item with Method "Shipments API (Pilot)". */
export async function shipParcels(
	ctx: IExecuteFunctions,
	client: ZalandoClient,
	i: number,
): Promise<IDataObject> {
	const v = validator(ctx, i);
	const orderId = readOrderId(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const inputs = readParcels(
		v,
		ctx.getNodeParameter('parcels', i),
		options.allowMissingReturnTracking === true,
	);
	const logisticCenter = v.optionalString(
		{ label: 'Outbound Logistic Center ID', name: 'options.outboundLogisticCenterId' },
		options.outboundLogisticCenterId,
		{ pattern: UUID, patternHint: 'a UUID' },
	);

	const order = await client.getOrder(orderId, i);
	const normalized = toMarketplaceOrder(order, mappingSettings(ctx, i));
	const orderField = { label: 'Order ID', name: 'orderId' };
	if (normalized.fulfilment === 'marketplace')
		v.fail(orderField, orderId, 'a partner-fulfilled order: Zalando ships this one (FBZ)');
	if (order.order.attributes.exported !== true)
		v.fail(
			orderField,
			orderId,
			'an exported order: accept (export) it first with Order > Accept; Zalando takes no shipment before',
		);
	let shipments: ZalandoShipment[];
	try {
		shipments = await client.listShipments(orderId, i);
	} catch (error) {
		if (httpCode(error) === '403') throw pilotError(ctx, orderId, error, i);
		throw asNodeError(ctx, error, i);
	}
	const lineByLine = linesShippedLineByLine(unitLines(order), shipments);
	if (lineByLine.length > 0)
		throw new NodeOperationError(
			ctx.getNode(),
			`Order ${orderId} was already shipped line by line (lines ${lineByLine.join(', ')}): Zalando does not allow mixing the line process and the Shipments API on one order`,
			{
				itemIndex: i,
				description:
					'Ship the rest of this order with Method "Line Status" and the tracking number it already has.',
			},
		);
	const parcels = plan(v, order, normalized, shipments, inputs);

	for (const parcel of parcels) {
		if (parcel.state === 'alreadyShipped') continue;
		try {
			if (parcel.shipmentId === undefined) {
				const body: ZalandoShipmentInput = {
					order_lines: parcel.units.map((u) => ({ order_line_id: u.orderLineId })),
					weight: { value: parcel.weight, unit: SHIPMENT_WEIGHT_UNIT },
					tracking_number: parcel.trackingNumber,
				};
				if (parcel.returnTrackingNumber) body.return_tracking_number = parcel.returnTrackingNumber;
				if (parcel.merchantShipmentId)
					body.merchant_specified_shipment_id = parcel.merchantShipmentId;
				if (logisticCenter) body.outbound_logistic_center_id = logisticCenter;
				parcel.shipmentId = await client.createShipment(orderId, body, i);
				parcel.state = 'created';
			}
			await client.updateShipment(orderId, parcel.shipmentId, { status: 'shipped' }, i);
			parcel.state = 'shipped';
		} catch (error) {
			// test mode: the write was not sent; the item reports what it would have sent
			if (error instanceof TestModeHalt) return await Promise.reject(error);
			if (isPilotRefusal(error)) throw pilotError(ctx, orderId, error, i);
			const changed = parcels.some((p) => p.state === 'created' || p.state === 'shipped');
			if (!changed) throw asNodeError(ctx, error, i);
			throw new NodeOperationError(
				ctx.getNode(),
				`Order ${orderId}: parcel ${parcel.number} failed after other parcels were sent to Zalando: ${errorMessage(error)}`,
				{
					itemIndex: i,
					description: `At Zalando now: ${describeParcels(parcels)}. Run again with the same parcels to finish: a parcel shipped with its tracking number is reported as already shipped, a created one is shipped, not created twice.`,
				},
			);
		}
	}

	// what Zalando shows now (that shipping a shipment ships its lines is [unverified]: constants.ts)
	let statuses: Map<string, string> | undefined;
	try {
		const after = await client.getOrder(orderId, i);
		statuses = new Map(unitLines(after).map((u) => [u.orderLineId, u.status]));
	} catch {
		statuses = undefined;
	}
	const lineJson = (u: UnitLine) => ({
		lineId: u.orderItemId,
		orderLineId: u.orderLineId,
		status: statuses?.get(u.orderLineId) ?? null,
	});
	const inParcels = new Set(parcels.flatMap((p) => p.units.map((u) => u.orderLineId)));
	return {
		orderId,
		orderNumber: normalized.orderNumber,
		method: 'shipmentsApi',
		status: parcels.every((p) => p.state === 'alreadyShipped') ? 'alreadyShipped' : 'shipped',
		parcels: parcels.map((p) => ({
			parcel: p.number,
			status: p.state,
			shipmentId: p.shipmentId ?? null,
			trackingNumber: p.trackingNumber,
			returnTrackingNumber: p.returnTrackingNumber ?? null,
			weight: { value: p.weight, unit: SHIPMENT_WEIGHT_UNIT },
			merchantShipmentId: p.merchantShipmentId ?? null,
			lines: p.units.map(lineJson),
		})),
		// open lines no parcel named stay where Zalando put them (the initial shipment), to be shipped later
		linesNotInParcels: unitLines(order)
			.filter((u) => !inParcels.has(u.orderLineId))
			.map(lineJson),
		linesReadBack: statuses !== undefined,
	};
}
