import { createHash } from 'node:crypto';

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

/** The offers for a set of items of one order, valid until the end of the next emulated day. */
export function labelOffers(
	orderId: string,
	items: Array<{ orderItemId: string; quantity: number }>,
	now: number,
): BolLabelOffer[] {
	const key = itemsKey(items);
	const units = items.reduce((sum, item) => sum + item.quantity, 0);
	const validUntil = Math.floor(now / DAY_MS) * DAY_MS + 2 * DAY_MS - 1;
	return CATALOGUE.filter((entry) => !entry.singleUnitOnly || units === 1).map((entry) => ({
		shippingLabelOfferId: offerId(key, entry.kind),
		orderId,
		itemsKey: key,
		transporterCode: entry.transporterCode,
		labelType: entry.labelType,
		labelDisplayName: entry.labelDisplayName,
		price: entry.price,
		recommended: entry.recommended,
		validUntil,
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
		validUntilDate: bolDate(offer.validUntil),
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

/** A one-page PDF naming the label (valid structure: objects, xref with byte offsets, trailer). */
export function labelPdf(label: BolLabel): Buffer {
	const text = [
		`bol.com shipping label ${label.shippingLabelId}`,
		`${label.transporterCode} ${label.labelType} ${label.trackAndTrace}`,
		`order ${label.orderId}, bought ${bolDateTime(label.createdAt)}`,
	];
	const stream = [
		'BT /F1 11 Tf 40 380 Td',
		...text.map((line, i) => `${i === 0 ? '' : '0 -18 Td '}(${line.replace(/[()\\]/g, '')}) Tj`),
		'ET',
	].join('\n');
	const objects = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 298 420] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
		`<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	];
	let pdf = '%PDF-1.4\n';
	const offsets: number[] = [];
	objects.forEach((body, i) => {
		offsets.push(Buffer.byteLength(pdf, 'latin1'));
		pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xref = Buffer.byteLength(pdf, 'latin1');
	pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
	pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
	return Buffer.from(pdf, 'latin1');
}
