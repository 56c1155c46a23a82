import {
	emptyResponse,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
} from '../core/http.mts';
import { JSON_API } from '../core/jsonapi.mts';
import type { RouteDefinition } from '../core/router.mts';
import { asInput, obj, str, type Input } from '../seed/input.mts';
import type { ShipmentFields, ZalandoOrder } from './model.mts';
import { merchantOf, urlsFor, type OrdersContext } from './orders.mts';
import { presentShipment } from './present.mts';
import { ZalandoRuleError } from './store.mts';

/**
 * The Shipments API (split parcels; a pilot Zalando enables per partner: doc §1.7, C6). Bodies are bare JSON objects
 * under `application/vnd.api+json`, not JSON:API documents (spec). Never mixed with the line process (store rules).
 */

/**
 * The answer of every Shipments API endpoint when the pilot is not enabled for the merchant (setting
 * `shipmentsPilot: false`). [unverified] Zalando documents only that the pilot must be enabled by the integration
 * manager; the status (403) and this RFC 7807 Problem body are the emulator's assumption.
 */
export function pilotNotEnabled(req: EmulatorRequest, merchantId: string): EmulatorResponse {
	return {
		status: 403,
		contentType: 'application/problem+json',
		body: {
			type: 'about:blank',
			title: 'Forbidden',
			status: 403,
			detail: `The Shipments API is a pilot feature and is not enabled for merchant ${merchantId}. Ask your Zalando integration manager to enable it.`,
			instance: req.path,
		},
	};
}

/** Is this response the pilot refusal above (it is not in the spec, so the response self-check skips it)? */
export function isPilotRefusal(req: EmulatorRequest, res: EmulatorResponse): boolean {
	return (
		res.status === 403 &&
		res.contentType === 'application/problem+json' &&
		/^\/merchants\/[^/]+\/orders\/[^/]+\/shipments(\/[^/]+)?$/.test(req.path)
	);
}

function text(input: Input, key: string): string | undefined {
	const value = input[key];
	return typeof value === 'string' ? value : undefined;
}

function fieldsOf(body: Input): ShipmentFields {
	const weight = body.weight === undefined ? undefined : obj(body, 'weight');
	return {
		merchantShipmentId: text(body, 'merchant_specified_shipment_id'),
		outboundLogisticCenterId: text(body, 'outbound_logistic_center_id'),
		trackingNumber: text(body, 'tracking_number'),
		returnTrackingNumber: text(body, 'return_tracking_number'),
		weight:
			weight === undefined
				? undefined
				: { value: weight.value as number, unit: str(weight, 'unit') ?? '' },
	};
}

function orderLinesOf(body: Input) {
	const raw = body.order_lines;
	if (!Array.isArray(raw))
		throw new ZalandoRuleError(400, 'Bad Request', 'order_lines is required.', '/order_lines');
	return raw.map((entry, index) => {
		const line = asInput(entry);
		const lineId = text(line, 'order_line_id');
		if (lineId === undefined)
			throw new ZalandoRuleError(
				400,
				'Bad Request',
				'order_line_id is required.',
				`/order_lines/${index}/order_line_id`,
			);
		const identifier = line.merchant_specified_identifier;
		if (identifier === undefined) return { lineId };
		const id = asInput(identifier);
		return {
			lineId,
			merchantIdentifier: { type: str(id, 'type') ?? '', value: str(id, 'value') ?? '' },
		};
	});
}

export function shipmentRoutes(ctx: OrdersContext): RouteDefinition[] {
	const base = '/merchants/:mid/orders/:oid/shipments';
	/** The merchant's order, once the pilot check passed; `undefined` with the refusal otherwise. */
	const open = (req: EmulatorRequest): ZalandoOrder | EmulatorResponse => {
		const mid = merchantOf(req);
		if (!ctx.store.settings.shipmentsPilot) return pilotNotEnabled(req, mid);
		return ctx.store.order(mid, req.params.oid as string);
	};
	const by = (req: EmulatorRequest) => String(req.principal?.id ?? 'merchant');
	const isOrder = (value: ZalandoOrder | EmulatorResponse): value is ZalandoOrder =>
		'orderId' in value;
	return [
		{
			method: 'GET',
			path: base,
			handler: (req) => {
				const order = open(req);
				if (!isOrder(order)) return order;
				return jsonResponse(
					200,
					{ shipments: ctx.store.shipmentsOf(order).map(presentShipment) },
					JSON_API,
				);
			},
		},
		{
			method: 'POST',
			path: base,
			handler: (req) => {
				const order = open(req);
				if (!isOrder(order)) return order;
				const body = asInput(req.body);
				const shipment = ctx.store.createShipment(
					order,
					{ ...fieldsOf(body), orderLines: orderLinesOf(body) },
					ctx.now(),
					by(req),
				);
				return jsonResponse(201, { shipment_id: shipment.shipmentId }, JSON_API, {
					location: `${urlsFor(req, order.merchantId).order(order)}/shipments/${shipment.shipmentId}`,
				});
			},
		},
		{
			method: 'GET',
			path: `${base}/:sid`,
			handler: (req) => {
				const order = open(req);
				if (!isOrder(order)) return order;
				const view = ctx.store.shipment(order, req.params.sid as string);
				return jsonResponse(200, presentShipment(view), JSON_API);
			},
		},
		{
			method: 'PATCH',
			path: `${base}/:sid`,
			handler: (req) => {
				const order = open(req);
				if (!isOrder(order)) return order;
				const body = asInput(req.body);
				const status = body.status;
				if (status !== undefined && typeof status !== 'string')
					throw new ZalandoRuleError(400, 'Bad Request', 'status must be a string.', '/status');
				const lines = body.order_lines === undefined ? undefined : orderLinesOf(body);
				const view = ctx.store.updateShipment(
					order,
					req.params.sid as string,
					{
						...fieldsOf(body),
						status: status as ShipmentFields['status'],
						orderLineIds: lines?.map((l) => l.lineId),
					},
					ctx.now(),
					by(req),
				);
				return emptyResponse(204, {
					location: `${urlsFor(req, order.merchantId).order(order)}/shipments/${view.shipmentId}`,
				});
			},
		},
	];
}
