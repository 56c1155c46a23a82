import { createHash } from 'node:crypto';

import { pdfDocument } from '../core/pdf.mts';
import {
	headerValue,
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
} from '../core/http.mts';
import type { RouteDefinition } from '../core/router.mts';
import { merchantIdsOf } from './auth.mts';
import type { ShipmentView, ZalandoOrder } from './model.mts';
import type { OrdersContext } from './orders.mts';
import { zalandoTime } from './present.mts';
import { errorResponse } from './spec.mts';

/**
 * ZSS (Zalando Shipping Solutions) shipping documents (doc §1.8, C11): `GET /zss/shipping-documents?order_id=` (or
 * `shipment_number=`) lists `{"documents":[{id, shipment_id, order_id, shipment_number, type, ...}]}`; each PDF is
 * downloaded on its own. Documents exist for exported partner-fulfilled orders: per shipment holding lines (not
 * cancelled), an outbound label and a return label (A6, 300 dpi) and a delivery slip (A4).
 *
 * [unverified] emulated without a source: the download path `GET /zss/shipping-documents/{id}` with
 * `Accept: application/pdf` (the node's `ZSS_DOWNLOAD_PATH`), the type names `OUTBOUND_LABEL` and `DELIVERY_SLIP`
 * (only `RETURN_LABEL` was seen), the fields beyond the five documented ones, an unknown order listing no documents
 * (200, empty) rather than 404, and which orders are ZSS orders (here: every exported partner-fulfilled one).
 */

export const ZSS_DOCUMENT_TYPES = ['OUTBOUND_LABEL', 'RETURN_LABEL', 'DELIVERY_SLIP'] as const;
export type ZssDocumentType = (typeof ZSS_DOCUMENT_TYPES)[number];

export interface ZssDocument {
	id: string;
	order: ZalandoOrder;
	shipment: ShipmentView;
	type: ZssDocumentType;
}

const PAGE: Record<ZssDocumentType, { name: 'A6' | 'A4'; width: number; height: number }> = {
	OUTBOUND_LABEL: { name: 'A6', width: 298, height: 420 },
	RETURN_LABEL: { name: 'A6', width: 298, height: 420 },
	DELIVERY_SLIP: { name: 'A4', width: 595, height: 842 },
};

/** A stable UUID-shaped id per shipment and type, so a list read twice names the same documents. */
function documentId(shipmentId: string, type: ZssDocumentType): string {
	const hex = createHash('sha256').update(`zss|${shipmentId}|${type}`).digest('hex').split('');
	hex[12] = '5';
	hex[16] = '89ab'[parseInt(hex[16] as string, 16) % 4] as string;
	const s = hex.join('').slice(0, 32);
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

export function documentsOf(order: ZalandoOrder, ctx: OrdersContext): ZssDocument[] {
	if (order.orderType !== 'PartnerFulfilled' || !order.exported) return [];
	return ctx.store
		.shipmentsOf(order)
		.filter((s) => s.orderLines.length > 0 && s.status !== 'canceled')
		.flatMap((shipment) =>
			ZSS_DOCUMENT_TYPES.map((type) => ({
				id: documentId(shipment.shipmentId, type),
				order,
				shipment,
				type,
			})),
		);
}

function presentDocument(d: ZssDocument) {
	return {
		id: d.id,
		shipment_id: d.shipment.shipmentId,
		order_id: d.order.orderId,
		shipment_number: d.shipment.shipmentNumber,
		type: d.type,
		file_format: 'PDF',
		page_size: PAGE[d.type].name,
		created_at: zalandoTime(d.shipment.createdAt),
	};
}

function acceptsPdf(req: EmulatorRequest): boolean {
	const accept = headerValue(req, 'accept');
	if (accept === undefined || accept.trim() === '') return true;
	return accept
		.split(',')
		.map((part) => part.split(';')[0]?.trim().toLowerCase())
		.some((type) => type === 'application/pdf' || type === 'application/*' || type === '*/*');
}

export function documentRoutes(ctx: OrdersContext): RouteDefinition[] {
	const mine = (req: EmulatorRequest) => {
		const merchants = merchantIdsOf(req.principal);
		return [...ctx.store.orders.values()].filter((o) => merchants.includes(o.merchantId));
	};
	return [
		{
			method: 'GET',
			path: '/zss/shipping-documents',
			handler: (req): EmulatorResponse => {
				const orderId = req.query.get('order_id');
				const shipmentNumber = req.query.get('shipment_number');
				if (!orderId && !shipmentNumber)
					return errorResponse(req.path, 400, [
						{
							title: 'Bad Request',
							detail: 'Give order_id or shipment_number.',
							parameter: 'order_id',
						},
					]);
				const documents = mine(req)
					.filter((o) => !orderId || o.orderId === orderId)
					.flatMap((o) => documentsOf(o, ctx))
					.filter((d) => !shipmentNumber || d.shipment.shipmentNumber === shipmentNumber);
				return jsonResponse(200, { documents: documents.map(presentDocument) });
			},
		},
		{
			method: 'GET',
			path: '/zss/shipping-documents/:id',
			handler: (req): EmulatorResponse => {
				const document = mine(req)
					.flatMap((o) => documentsOf(o, ctx))
					.find((d) => d.id === req.params.id);
				if (!document)
					return errorResponse(req.path, 404, [
						{ title: 'Not Found', detail: `Shipping document ${req.params.id} was not found.` },
					]);
				if (!acceptsPdf(req))
					return errorResponse(req.path, 406, [
						{
							title: 'Not Acceptable',
							detail: 'Shipping documents are PDF files: send Accept: application/pdf.',
						},
					]);
				ctx.store.counters.documentsDownloaded++;
				const { order, shipment, type } = document;
				const pdf = pdfDocument(
					[
						`Zalando ${type.replace('_', ' ').toLowerCase()} (emulated)`,
						`Order ${order.orderNumber} (${order.orderId})`,
						`Shipment ${shipment.shipmentNumber}`,
						`${order.shippingAddress.firstName} ${order.shippingAddress.lastName}`,
						`${order.shippingAddress.addressLine1}, ${order.shippingAddress.zipCode} ${order.shippingAddress.city}`,
					],
					PAGE[type],
				);
				return {
					status: 200,
					contentType: 'application/pdf',
					raw: pdf,
					headers: {
						'content-disposition': `attachment; filename="${type.toLowerCase()}-${shipment.shipmentNumber}.pdf"`,
					},
				};
			},
		},
	];
}
