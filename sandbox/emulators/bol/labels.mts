import { createHash } from 'node:crypto';

import { pdfDocument } from '../core/pdf.mts';
import type { BolLabel, BolLabelOffer } from './model.mts';
import { bolDate, bolDateTime } from './present.mts';

/**
 * What the bol emulator sells as VVB labels (`POST /retailer/shipping-labels/delivery-options`): a recommended PostNL
 * parcel, a DHL parcel, and for a single unit a PostNL mailbox parcel. Prices exclude VAT; the numbers are the
 * emulator's, not bol's tariff.
 */
const CATALOGUE: Array<
	Pick<
		BolLabelOffer,
		'transporterCode' | 'labelType' | 'labelDisplayName' | 'price' | 'recommended'
	> & {
		kind: string;
		singleUnitOnly?: boolean;
		maxWeight: string;
		maxDimensions: string;
	}
> = [
	{
		kind: 'postnl-parcel',
		transporterCode: 'TNT',
		labelType: 'PARCEL',
		labelDisplayName: 'PostNL & bol.com - Pakket',
		price: 4.95,
		recommended: true,
		maxWeight: '10 kg',
		maxDimensions: '100 x 50 x 50 cm',
	},
	{
		kind: 'dhl-parcel',
		transporterCode: 'DHL',
		labelType: 'PARCEL',
		labelDisplayName: 'DHL & bol.com - Pakket',
		price: 4.6,
		recommended: false,
		maxWeight: '10 kg',
		maxDimensions: '100 x 50 x 50 cm',
	},
	{
		kind: 'postnl-mailbox',
		transporterCode: 'TNT',
		labelType: 'MAILBOX',
		labelDisplayName: 'PostNL & bol.com - Brievenbuspakje',
		price: 3.05,
		recommended: false,
		singleUnitOnly: true,
		maxWeight: '2 kg',
		maxDimensions: '38 x 26.5 x 3.2 cm',
	},
];

const DAY_MS = 86_400_000;

/** The emulated (Amsterdam) day after `now`'s, from its noon so a 23- or 25-hour day cannot skip or repeat a date. */
function nextBolDate(now: number): string {
	return new Date(Date.parse(`${bolDate(now)}T12:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** The set of items an offer is for: `orderItemId:quantity`, sorted. */
export function itemsKey(items: Array<{ orderItemId: string; quantity: number }>): string {
	return items
		.map((item) => `${item.orderItemId}:${item.quantity}`)
		.sort()
		.join(',');
}

/** A UUID derived from the items and the label kind: asking twice for the same items gives the same offer ids. */
function offerId(key: string, kind: string): string {
	const hex = createHash('sha256').update(`${key}|${kind}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The offers for a set of items of one order, valid through the next emulated day. */
export function labelOffers(
	orderId: string,
	items: Array<{ orderItemId: string; quantity: number }>,
	now: number,
): BolLabelOffer[] {
	const key = itemsKey(items);
	const units = items.reduce((sum, item) => sum + item.quantity, 0);
	const validUntilDate = nextBolDate(now);
	return CATALOGUE.filter((entry) => !entry.singleUnitOnly || units === 1).map((entry) => ({
		shippingLabelOfferId: offerId(key, entry.kind),
		orderId,
		itemsKey: key,
		transporterCode: entry.transporterCode,
		labelType: entry.labelType,
		labelDisplayName: entry.labelDisplayName,
		price: entry.price,
		recommended: entry.recommended,
		validUntilDate,
	}));
}

/** A delivery option as the spec's `DeliveryOption`: handover today between 08:00 and 22:00 (emulated, UTC+1). */
export function presentDeliveryOption(offer: BolLabelOffer, now: number) {
	const entry = CATALOGUE.find(
		(c) => c.transporterCode === offer.transporterCode && c.labelType === offer.labelType,
	);
	const day = bolDate(now);
	return {
		shippingLabelOfferId: offer.shippingLabelOfferId,
		recommended: offer.recommended,
		validUntilDate: offer.validUntilDate,
		transporterCode: offer.transporterCode,
		labelType: offer.labelType,
		labelDisplayName: offer.labelDisplayName,
		labelPrice: { totalPrice: offer.price },
		packageRestrictions: {
			maxWeight: entry?.maxWeight ?? '10 kg',
			maxDimensions: entry?.maxDimensions ?? '100 x 50 x 50 cm',
		},
		handoverDetails: {
			meetsCustomerExpectation: true,
			earliestHandoverDateTime: `${day}T08:00:00+01:00`,
			latestHandoverDateTime: `${day}T22:00:00+01:00`,
			collectionMethod: 'DROP_OFF',
		},
	};
}

/** A track & trace code in the transporter's usual shape: PostNL `3SBOL` + 10 digits, DHL `JVGL` + 16 digits. */
export function labelTrackAndTrace(transporterCode: string, digits: (n: number) => string): string {
	return transporterCode === 'DHL' ? `JVGL${digits(16)}` : `3SBOL${digits(10)}`;
}

/** The label as a one-page PDF: its id, transporter, type, track & trace, order and purchase time. */
export function labelPdf(label: BolLabel): Buffer {
	return pdfDocument(
		[
			`bol.com shipping label ${label.shippingLabelId}`,
			`${label.transporterCode} ${label.labelType} ${label.trackAndTrace}`,
			`order ${label.orderId}, bought ${bolDateTime(label.createdAt)}`,
		],
		{ width: 298, height: 420 },
	);
}
