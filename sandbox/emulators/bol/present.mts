import { zonedDateTime } from '../core/time.mts';
import type { Address, Person } from '../seed/people.mts';
import type {
	BolBillingDetails,
	BolOffer,
	BolOrder,
	BolOrderItem,
	BolProcessStatus,
	BolReturn,
	BolReturnItem,
	BolShipment,
	BolShipmentDetails,
} from './model.mts';

/** Renders the emulator's state in the exact shapes of retailer-v10.json, shared-v10.json and offers-v11.yaml. */

/** `2017-02-09T12:39:48+01:00`: local Amsterdam time with its offset, as bol writes date-times. */
export function bolDateTime(epochMs: number): string {
	return zonedDateTime(epochMs, 'Europe/Amsterdam');
}

/** `2017-02-10`: the Amsterdam calendar date. */
export function bolDate(epochMs: number): string {
	return bolDateTime(epochMs).slice(0, 10);
}

export function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

export function openQuantity(item: BolOrderItem): number {
	return item.quantity - item.quantityShipped - item.quantityCancelled;
}

export function fulfilmentStatus(item: BolOrderItem): 'OPEN' | 'HANDLED' {
	return openQuantity(item) > 0 ? 'OPEN' : 'HANDLED';
}

function nullable<T>(value: T | undefined): T | null {
	return value === undefined ? null : value;
}

export function presentReducedOrder(order: BolOrder, items: BolOrderItem[]) {
	return {
		orderId: order.orderId,
		orderPlacedDateTime: bolDateTime(order.placedAt),
		orderItems: items.map((item) => ({
			orderItemId: item.orderItemId,
			ean: item.ean,
			fulfilmentMethod: item.fulfilmentMethod,
			fulfilmentStatus: fulfilmentStatus(item),
			quantity: item.quantity,
			quantityShipped: item.quantityShipped,
			quantityCancelled: item.quantityCancelled,
			cancellationRequest: item.cancellationRequest,
			latestChangedDateTime: bolDateTime(item.latestChangedAt),
		})),
	};
}

/** The name and address fields that shipment, billing and customer details share. */
function addressFields(d: Person & Address) {
	return {
		salutation: d.salutation,
		firstName: d.firstName,
		surname: d.surname,
		streetName: d.streetName,
		houseNumber: d.houseNumber,
		houseNumberExtension: d.houseNumberExtension,
		extraAddressInformation: d.extraAddressInformation,
		zipCode: d.zipCode,
		city: d.city,
		countryCode: d.countryCode,
		email: d.email,
		company: d.company,
	};
}

function presentShipmentDetails(d: BolShipmentDetails) {
	return {
		pickupPointName: d.pickupPointName,
		...addressFields(d),
		deliveryPhoneNumber: d.phone,
		language: d.language,
	};
}

function presentBillingDetails(d: BolBillingDetails) {
	return {
		...addressFields(d),
		vatNumber: d.vatNumber,
		kvkNumber: d.kvkNumber,
		orderReference: d.orderReference,
	};
}

export function presentOrder(order: BolOrder) {
	return {
		orderId: order.orderId,
		pickupPoint: order.pickupPoint,
		orderPlacedDateTime: bolDateTime(order.placedAt),
		shipmentDetails: presentShipmentDetails(order.shipmentDetails),
		billingDetails: presentBillingDetails(order.billingDetails),
		orderItems: order.items.map((item) => ({
			orderItemId: item.orderItemId,
			cancellationRequest: item.cancellationRequest,
			fulfilment: {
				method: item.fulfilmentMethod,
				distributionParty: item.distributionParty,
				latestDeliveryDate: item.latestDeliveryDate,
				exactDeliveryDate: item.exactDeliveryDate,
				expiryDate: item.expiryDate,
				timeFrameType: item.timeFrameType,
			},
			offer: { offerId: item.offerId, reference: item.reference },
			product: { ean: item.ean, title: item.title },
			quantity: item.quantity,
			quantityShipped: item.quantityShipped,
			quantityCancelled: item.quantityCancelled,
			unitPrice: item.unitPrice,
			totalPrice: round2(
				item.unitPrice * item.quantity - item.discounts.reduce((sum, d) => sum + d.amount, 0),
			),
			discounts: item.discounts,
			commission: item.commission,
			additionalServices: item.additionalServices,
			latestChangedDateTime: bolDateTime(item.latestChangedAt),
		})),
	};
}

export function presentReducedShipment(shipment: BolShipment, order: BolOrder | undefined) {
	return {
		shipmentId: shipment.shipmentId,
		shipmentDateTime: bolDateTime(shipment.createdAt),
		shipmentReference: shipment.shipmentReference ?? '',
		order: {
			orderId: shipment.orderId,
			orderPlacedDateTime: order ? bolDateTime(order.placedAt) : null,
		},
		shipmentItems: shipment.items.map((line) => ({
			orderItemId: line.orderItemId,
			ean: order?.items.find((i) => i.orderItemId === line.orderItemId)?.ean ?? '',
		})),
		transport: { transportId: shipment.transport.transportId },
	};
}

export function presentShipment(shipment: BolShipment, order: BolOrder | undefined) {
	return {
		shipmentId: shipment.shipmentId,
		shipmentDateTime: bolDateTime(shipment.createdAt),
		shipmentReference: shipment.shipmentReference ?? '',
		pickupPoint: order?.pickupPoint ?? false,
		order: {
			orderId: shipment.orderId,
			orderPlacedDateTime: order ? bolDateTime(order.placedAt) : null,
		},
		shipmentDetails: order ? presentShipmentDetails(order.shipmentDetails) : null,
		billingDetails: order ? presentBillingDetails(order.billingDetails) : null,
		shipmentItems: shipment.items.map((line) => {
			const item = order?.items.find((i) => i.orderItemId === line.orderItemId);
			return {
				orderItemId: line.orderItemId,
				fulfilment: item
					? {
							method: item.fulfilmentMethod,
							distributionParty: item.distributionParty,
							latestDeliveryDate: item.latestDeliveryDate,
						}
					: null,
				offer: item ? { offerId: item.offerId, reference: item.reference } : null,
				product: item ? { ean: item.ean, title: item.title } : null,
				quantity: line.quantity,
				quantityShipped: item?.quantityShipped ?? line.quantity,
				unitPrice: item?.unitPrice ?? 0,
				commission: item?.commission ?? null,
			};
		}),
		transport: {
			transportId: shipment.transport.transportId,
			transporterCode: nullable(shipment.transport.transporterCode),
			trackAndTrace: nullable(shipment.transport.trackAndTrace),
			shippingLabelId: nullable(shipment.transport.shippingLabelId),
			transportEvents: [],
		},
	};
}

function presentProcessingResults(item: BolReturnItem) {
	return item.processingResults.map((r) => ({
		quantity: r.quantity,
		processingResult: r.processingResult,
		handlingResult: r.handlingResult,
		processingDateTime: bolDateTime(r.processingAt),
	}));
}

export function presentReducedReturn(ret: BolReturn, items: BolReturnItem[]) {
	return {
		returnId: ret.returnId,
		registrationDateTime: bolDateTime(ret.registeredAt),
		fulfilmentMethod: ret.fulfilmentMethod,
		returnItems: items.map((item) => ({
			rmaId: item.rmaId,
			orderId: item.orderId,
			ean: item.ean,
			expectedQuantity: item.expectedQuantity,
			returnReason: item.returnReason,
			handled: item.handled,
			processingResults: presentProcessingResults(item),
		})),
	};
}

export function presentReturn(ret: BolReturn) {
	const c = ret.customer;
	return {
		returnId: ret.returnId,
		registrationDateTime: bolDateTime(ret.registeredAt),
		fulfilmentMethod: ret.fulfilmentMethod,
		returnItems: ret.items.map((item) => ({
			rmaId: item.rmaId,
			orderId: item.orderId,
			ean: item.ean,
			title: item.title,
			expectedQuantity: item.expectedQuantity,
			returnReason: item.returnReason,
			trackAndTrace: nullable(item.trackAndTrace),
			transporterName: nullable(item.transporterName),
			handled: item.handled,
			processingResults: presentProcessingResults(item),
			customerDetails: {
				...addressFields(c),
				deliveryPhoneNumber: c.phone,
				vatNumber: c.vatNumber,
			},
		})),
	};
}

export function presentProcessStatus(ps: BolProcessStatus, baseUrl: string) {
	return {
		processStatusId: ps.processStatusId,
		entityId: ps.entityId,
		eventType: ps.eventType,
		description: ps.description,
		status: ps.status,
		errorMessage: nullable(ps.errorMessage),
		createTimestamp: bolDateTime(ps.createdAt),
		links: [
			{
				rel: 'self',
				href: `${baseUrl}/shared/process-status/${ps.processStatusId}`,
				method: 'GET',
			},
		],
	};
}

export function presentOfferV11(offer: BolOffer, correctedStock: number) {
	return {
		offerId: offer.offerId,
		ean: offer.ean,
		lastModifiedDateTime: bolDateTime(offer.lastModifiedAt),
		reference: offer.reference,
		onHoldByRetailer: offer.onHoldByRetailer,
		economicOperatorId: offer.economicOperatorId,
		unknownProductTitle: offer.unknownProductTitle,
		stock: {
			amount: offer.stockAmount,
			correctedStock,
			managedByRetailer: offer.managedByRetailer,
		},
		countryAvailabilities: offer.countries.map((countryCode) => ({
			countryCode,
			forSale: !offer.onHoldByRetailer && correctedStock > 0,
		})),
		condition: { category: 'NEW' },
		product: { bolProductId: offer.bolProductId },
		pricing: { bundlePrices: offer.bundlePrices },
		fulfilment: {
			method: offer.fulfilmentMethod,
			...(offer.deliveryPromise
				? { schedule: 'MY_DELIVERY_PROMISE', deliveryPromise: offer.deliveryPromise }
				: { schedule: 'BOL_DELIVERY_PROMISE' }),
		},
	};
}

export function presentOfferV10(offer: BolOffer, correctedStock: number) {
	return {
		offerId: offer.offerId,
		ean: offer.ean,
		reference: nullable(offer.reference),
		onHoldByRetailer: offer.onHoldByRetailer,
		economicOperatorId: nullable(offer.economicOperatorId),
		unknownProductTitle: nullable(offer.unknownProductTitle),
		pricing: { bundlePrices: offer.bundlePrices },
		stock: {
			amount: offer.stockAmount,
			correctedStock,
			managedByRetailer: offer.managedByRetailer,
		},
		fulfilment: {
			method: offer.fulfilmentMethod,
			deliveryCode: offer.fulfilmentMethod === 'FBR' ? '1-2d' : null,
		},
		store: {
			productTitle: offer.title,
			visible: offer.countries.map((countryCode) => ({ countryCode })),
		},
		condition: { name: 'NEW', category: 'NEW' },
		notPublishableReasons:
			correctedStock > 0 ? [] : [{ code: '4003', description: 'Out of stock.' }],
	};
}
