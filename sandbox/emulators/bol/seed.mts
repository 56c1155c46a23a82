import { Random } from '../core/random.mts';
import { generateCatalog, type CatalogProduct } from '../seed/catalog.mts';
import { bool, num, obj, str, type Input } from '../seed/input.mts';
import {
	generateAddress,
	generatePerson,
	generatePickupPoint,
	type CountryCode,
} from '../seed/people.mts';
import type {
	BolOffer,
	BolProcessingResult,
	BolReturnItem,
	BolOrder,
	BolOrderItem,
	BolReturn,
	BolShipment,
	DistributionParty,
	FulfilmentMethod,
	TimeFrameType,
} from './model.mts';
import { bolDate, round2 } from './present.mts';

/**
 * Reproducible bol data: the same `seed` and `now` always give the same offers, orders, shipments and returns.
 * Variety on purpose: multi-line and multi-quantity orders, FBR and FBB, VVB (distributionParty BOL), NL and BE,
 * Unicode names, house-number extensions, pickup points, customer cancellation requests, partly shipped and
 * cancelled items, handled and unhandled returns.
 */
export interface BolSeedOptions {
	seed: number;
	orders: number;
	/** Emulated "now" (epoch ms): orders are placed before it. */
	now: number;
	/** Orders are placed within this many hours before `now` (default 72). */
	withinHours?: number;
	/** Order against these offers (e.g. the ones already in the emulator) instead of the seed's catalogue. */
	offers?: BolOffer[];
}

export interface BolSeedData {
	offers: BolOffer[];
	orders: BolOrder[];
	shipments: BolShipment[];
	returns: BolReturn[];
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ORDER_ID_ALPHABET = '0123456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const RETURN_REASONS: ReadonlyArray<readonly [string, string]> = [
	['Niet naar verwachting', 'Kleur wijkt af van de foto'],
	['Verkeerde maat of afmeting', 'Te klein'],
	['Product is defect', 'Werkt niet na één keer gebruiken'],
	['Verkeerd artikel ontvangen', 'Ander model geleverd'],
];
const COMMENTS = [
	'Jammer, mooi product maar past niet.',
	'Doos was beschadigd — ça arrive.',
	'Geen opmerking',
	'Te laat geleverd, niet meer nodig.',
];

/** bol's processing result of a handled return item. */
export function processingResult(
	quantity: number,
	handlingResult: string,
	at: number,
): BolProcessingResult {
	return {
		quantity,
		processingResult:
			handlingResult === 'RETURN_DOES_NOT_MEET_CONDITIONS' ? 'REJECTED' : 'ACCEPTED',
		handlingResult,
		processingAt: at,
	};
}

export interface ReturnSpec {
	returnId: string;
	rmaId: string;
	registeredAt: number;
	order: BolOrder;
	item: BolOrderItem;
	quantity: number;
	reason: BolReturnItem['returnReason'];
	/** Set when the return is already handled. */
	handled?: { handlingResult: string; at: number };
	trackAndTrace?: string;
}

/** A return of one order item, as bol registers it. */
export function customerReturn(spec: ReturnSpec): BolReturn {
	return {
		returnId: spec.returnId,
		registeredAt: spec.registeredAt,
		fulfilmentMethod: spec.item.fulfilmentMethod,
		customer: { ...spec.order.billingDetails },
		items: [
			{
				rmaId: spec.rmaId,
				orderId: spec.order.orderId,
				orderItemId: spec.item.orderItemId,
				ean: spec.item.ean,
				title: spec.item.title,
				expectedQuantity: spec.quantity,
				returnReason: spec.reason,
				trackAndTrace: spec.trackAndTrace,
				transporterName: spec.trackAndTrace ? 'PostNL' : undefined,
				handled: spec.handled !== undefined,
				processingResults: spec.handled
					? [processingResult(spec.quantity, spec.handled.handlingResult, spec.handled.at)]
					: [],
			},
		],
	};
}

export function offerFromProduct(
	product: CatalogProduct,
	random: Random,
	now: number,
	seq: number,
): BolOffer {
	const fbb = product.fbb;
	return {
		offerId: random.uuid(),
		ean: product.ean,
		reference: product.sku,
		title: product.title,
		onHoldByRetailer: random.chance(0.05),
		stockAmount: Math.min(product.stock, 999),
		managedByRetailer: random.chance(0.3),
		stockUpdatedAt: now - random.int(1, 30) * DAY,
		bundlePrices: [{ quantity: 1, unitPrice: product.price }],
		fulfilmentMethod: fbb ? 'FBB' : 'FBR',
		deliveryPromise: fbb
			? undefined
			: {
					minimumDaysToCustomer: 1,
					maximumDaysToCustomer: random.pick([1, 2, 3]),
					ultimateOrderTime: '22:00',
				},
		countries: random.chance(0.8) ? ['NL', 'BE'] : ['NL'],
		lastModifiedAt: now - random.int(1, 30) * DAY,
		bolProductId: `9${random.digits(15)}`,
		seq,
	};
}

export function newOrderItemId(random: Random): string {
	return `2${random.digits(9)}`;
}

function buildItem(
	random: Random,
	offer: BolOffer,
	placedAt: number,
	method: FulfilmentMethod,
	vvb: boolean,
): BolOrderItem {
	const quantity = random.weighted<number>([
		[1, 70],
		[2, 15],
		[3, 10],
		[5, 5],
	]);
	const timeFrameType = random.weighted<TimeFrameType>([
		['REGULAR', 85],
		['EVENING', 6],
		['SUNDAY', 4],
		['SAMEDAY', 3],
		['APPOINTMENT', 2],
	]);
	const latest = placedAt + random.int(1, 3) * DAY;
	const unitPrice = offer.bundlePrices[0]?.unitPrice ?? 10;
	const discounts = random.chance(0.06)
		? [{ title: 'Actie: 2e halve prijs', amount: round2(unitPrice / 2) }]
		: [];
	return {
		orderItemId: newOrderItemId(random),
		ean: offer.ean,
		title: offer.title,
		offerId: offer.offerId,
		reference: offer.reference,
		quantity,
		quantityShipped: 0,
		quantityCancelled: 0,
		cancellationRequest: false,
		fulfilmentMethod: method,
		distributionParty: (vvb ? 'BOL' : 'RETAILER') as DistributionParty,
		timeFrameType,
		latestDeliveryDate: bolDate(latest),
		exactDeliveryDate: timeFrameType === 'REGULAR' ? undefined : bolDate(latest),
		expiryDate: bolDate(latest + 3 * DAY),
		unitPrice,
		commission: round2(unitPrice * quantity * 0.13 + 0.25),
		discounts,
		additionalServices: random.chance(0.02) ? [{ serviceType: 'PLACEMENT_AND_INSTALLATION' }] : [],
		latestChangedAt: placedAt,
	};
}

export function generateOrder(random: Random, offers: BolOffer[], placedAt: number): BolOrder {
	const countryCode: CountryCode = random.chance(0.7) ? 'NL' : 'BE';
	const person = generatePerson(random, countryCode);
	const home = generateAddress(random, countryCode);
	const pickup = random.chance(0.1) ? generatePickupPoint(random, countryCode) : undefined;
	const method: FulfilmentMethod = random.chance(0.2) ? 'FBB' : 'FBR';
	const vvb = method === 'FBR' && random.chance(0.15);
	const candidates = offers.filter(
		(o) => o.fulfilmentMethod === method && o.countries.includes(countryCode),
	);
	const pool = candidates.length > 0 ? candidates : offers;
	const lines = random.weighted<number>([
		[1, 55],
		[2, 30],
		[3, 10],
		[4, 5],
	]);
	const chosen = new Set<BolOffer>();
	for (let i = 0; i < lines; i++) chosen.add(random.pick(pool));
	const shipTo = pickup ?? home;
	return {
		orderId: `A${random.chars(9, ORDER_ID_ALPHABET)}`,
		placedAt,
		pickupPoint: pickup !== undefined,
		shipmentDetails: {
			...person,
			...shipTo,
			pickupPointName: pickup?.name,
		},
		billingDetails: {
			...person,
			...home,
			orderReference: random.chance(0.1) ? `PO-${random.digits(6)}` : undefined,
		},
		items: [...chosen].map((offer) => buildItem(random, offer, placedAt, method, vvb)),
	};
}

function transporterFor(countryCode: CountryCode, random: Random): string {
	return countryCode === 'BE'
		? random.pick(['BPOST_BE', 'DPD-BE', 'DHL'])
		: random.pick(['TNT', 'DHL', 'DPD-NL', 'DHLFORYOU']);
}

/** Moves an order forward in time as bol and the retailer would have: shipments, cancellations, returns. */
function age(
	random: Random,
	order: BolOrder,
	now: number,
	ids: () => string,
	out: BolSeedData,
): void {
	const ageMs = now - order.placedAt;
	for (const item of order.items) {
		if (item.fulfilmentMethod === 'FBR' && ageMs < 6 * HOUR && random.chance(0.05)) {
			item.cancellationRequest = true;
		}
	}
	if (ageMs < 12 * HOUR) return;
	const roll = random.next();
	if (roll < 0.55) {
		const shippedAt = order.placedAt + random.int(2, 11) * HOUR;
		const lines: BolShipment['items'] = [];
		order.items.forEach((item, index) => {
			const partial = item.quantity > 1 && index === 0 && random.chance(0.15);
			item.quantityShipped = partial ? item.quantity - 1 : item.quantity;
			item.latestChangedAt = shippedAt;
			lines.push({ orderItemId: item.orderItemId, quantity: item.quantityShipped });
		});
		if (order.items[0]?.fulfilmentMethod === 'FBR') {
			const vvb = order.items[0].distributionParty === 'BOL';
			out.shipments.push({
				shipmentId: ids(),
				createdAt: shippedAt,
				shipmentReference: random.chance(0.5) ? `PAKBON-${random.digits(5)}` : undefined,
				orderId: order.orderId,
				items: lines,
				transport: {
					transportId: ids(),
					transporterCode: vvb ? 'TNT' : transporterFor(order.shipmentDetails.countryCode, random),
					trackAndTrace: `3S${random.chars(13, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`,
					shippingLabelId: vvb ? random.uuid() : undefined,
				},
			});
		}
		if (ageMs > 2 * DAY && random.chance(0.25)) {
			const item = random.pick(order.items);
			const [mainReason, detailedReason] = random.pick(RETURN_REASONS);
			const handled = random.chance(0.4);
			const registeredAt = shippedAt + random.int(24, 40) * HOUR;
			out.returns.push(
				customerReturn({
					returnId: ids(),
					rmaId: `3${random.digits(7)}`,
					registeredAt,
					order,
					item,
					quantity: Math.max(1, item.quantityShipped),
					reason: { mainReason, detailedReason, customerComments: random.pick(COMMENTS) },
					trackAndTrace: `3SRET${random.digits(10)}`,
					handled: handled
						? { handlingResult: 'RETURN_RECEIVED', at: registeredAt + 20 * HOUR }
						: undefined,
				}),
			);
		}
	} else if (roll < 0.62 && order.items[0]?.fulfilmentMethod === 'FBR') {
		const item = random.pick(order.items);
		item.quantityCancelled = item.quantity;
		item.latestChangedAt = order.placedAt + random.int(1, 10) * HOUR;
	}
}

export function generateOffers(seed: number, now: number): BolOffer[] {
	const random = new Random(seed).fork('bol-offers');
	return generateCatalog(seed).map((product, index) =>
		offerFromProduct(product, random, now, index + 1),
	);
}

export function generateBolSeed(options: BolSeedOptions): BolSeedData {
	const random = new Random(options.seed).fork('bol-orders');
	const existing = options.offers !== undefined && options.offers.length > 0;
	const offers = existing
		? (options.offers as BolOffer[])
		: generateOffers(options.seed, options.now);
	const out: BolSeedData = {
		offers: existing ? [] : offers,
		orders: [],
		shipments: [],
		returns: [],
	};
	const ids = () => random.digits(9);
	const windowMs = (options.withinHours ?? 72) * HOUR;
	for (let i = 0; i < options.orders; i++) {
		const placedAt = options.now - Math.floor(random.next() * windowMs);
		const order = generateOrder(random, offers, placedAt);
		age(random, order, options.now, ids, out);
		out.orders.push(order);
	}
	out.orders.sort((a, b) => a.placedAt - b.placedAt);
	return out;
}

// ---- explicit seed objects (POST /__admin/seed {"orders": [...], "offers": [...], "returns": [...]}) ----

export class SeedInputError extends Error {}

/** An offer from a partial description: `{ ean, reference?, title?, stock?, price?, fulfilmentMethod?, ... }`. */
export function offerFromInput(input: Input, random: Random, now: number, seq: number): BolOffer {
	const ean = str(input, 'ean');
	if (!ean) throw new SeedInputError('an offer needs an ean');
	const fulfilmentMethod = str(input, 'fulfilmentMethod') === 'FBB' ? 'FBB' : 'FBR';
	return {
		offerId: str(input, 'offerId') ?? random.uuid(),
		ean,
		reference: str(input, 'reference'),
		title: str(input, 'title') ?? `Product ${ean}`,
		onHoldByRetailer: bool(input, 'onHoldByRetailer') ?? false,
		stockAmount: num(input, 'stock') ?? 10,
		managedByRetailer: bool(input, 'managedByRetailer') ?? false,
		stockUpdatedAt: now,
		bundlePrices: [{ quantity: 1, unitPrice: num(input, 'price') ?? 19.99 }],
		fulfilmentMethod,
		countries: ['NL', 'BE'],
		lastModifiedAt: now,
		bolProductId: `9${random.digits(15)}`,
		seq,
	};
}

/**
 * An order from a partial description. Items name an offer (`offerId`, `ean` or `reference`) or just an `ean`;
 * everything left out is generated. Shape: `{ orderId?, orderPlacedDateTime?, pickupPoint?, countryCode?,
 * shipmentDetails?, billingDetails?, orderItems: [{ ean?, offerId?, reference?, quantity?, quantityShipped?,
 * quantityCancelled?, fulfilmentMethod?, distributionParty?, unitPrice?, cancellationRequest?, title? }] }`.
 */
export function orderFromInput(
	input: Input,
	random: Random,
	offers: BolOffer[],
	now: number,
): BolOrder {
	const itemInputs = Array.isArray(input.orderItems) ? (input.orderItems as Input[]) : [];
	if (itemInputs.length === 0) throw new SeedInputError('an order needs orderItems');
	const placedRaw = str(input, 'orderPlacedDateTime');
	const placedAt = placedRaw ? Date.parse(placedRaw) : now;
	if (Number.isNaN(placedAt))
		throw new SeedInputError(`orderPlacedDateTime is not a date-time: ${placedRaw}`);
	const generated = generateOrder(
		random,
		offers.length > 0 ? offers : [offerFromInput({ ean: '8712345678906' }, random, now, 0)],
		placedAt,
	);
	const countryCode =
		(str(input, 'countryCode') as CountryCode | undefined) ?? generated.shipmentDetails.countryCode;
	const person =
		countryCode === generated.shipmentDetails.countryCode
			? generated.billingDetails
			: { ...generatePerson(random, countryCode), ...generateAddress(random, countryCode) };
	const items = itemInputs.map((itemInput) => {
		const offer = offers.find(
			(o) =>
				o.offerId === str(itemInput, 'offerId') ||
				o.ean === str(itemInput, 'ean') ||
				(o.reference !== undefined && o.reference === str(itemInput, 'reference')),
		);
		const ean = str(itemInput, 'ean') ?? offer?.ean;
		if (!ean) throw new SeedInputError('an order item needs an ean or a known offerId/reference');
		const base = buildItem(
			random,
			offer ?? offerFromInput({ ean }, random, now, 0),
			placedAt,
			'FBR',
			false,
		);
		const method =
			(str(itemInput, 'fulfilmentMethod') as FulfilmentMethod | undefined) ??
			offer?.fulfilmentMethod ??
			'FBR';
		const quantity = num(itemInput, 'quantity') ?? 1;
		return {
			...base,
			orderItemId: str(itemInput, 'orderItemId') ?? base.orderItemId,
			offerId: offer?.offerId,
			reference: offer?.reference ?? str(itemInput, 'reference'),
			title: str(itemInput, 'title') ?? offer?.title ?? base.title,
			quantity,
			quantityShipped: num(itemInput, 'quantityShipped') ?? 0,
			quantityCancelled: num(itemInput, 'quantityCancelled') ?? 0,
			cancellationRequest: bool(itemInput, 'cancellationRequest') ?? false,
			fulfilmentMethod: method,
			distributionParty:
				(str(itemInput, 'distributionParty') as DistributionParty | undefined) ?? 'RETAILER',
			unitPrice: num(itemInput, 'unitPrice') ?? base.unitPrice,
			commission: round2((num(itemInput, 'unitPrice') ?? base.unitPrice) * quantity * 0.13 + 0.25),
		};
	});
	return {
		orderId: str(input, 'orderId') ?? generated.orderId,
		placedAt,
		pickupPoint: bool(input, 'pickupPoint') ?? false,
		shipmentDetails: {
			...person,
			pickupPointName: undefined,
			...(obj(input, 'shipmentDetails') as object),
		},
		billingDetails: { ...person, ...(obj(input, 'billingDetails') as object) },
		items,
	};
}

/** A customer return of a shipped order item: `{ orderItemId, quantity?, handled?, mainReason?, customerComments? }`. */
export function returnFromInput(
	input: Input,
	random: Random,
	order: BolOrder,
	item: BolOrderItem,
	now: number,
): BolReturn {
	return customerReturn({
		returnId: `8${random.digits(7)}`,
		rmaId: `3${random.digits(7)}`,
		registeredAt: now,
		order,
		item,
		quantity: num(input, 'quantity') ?? Math.max(1, item.quantityShipped),
		reason: {
			mainReason: str(input, 'mainReason') ?? 'Niet naar verwachting',
			customerComments: str(input, 'customerComments') ?? '',
		},
		handled: bool(input, 'handled') ? { handlingResult: 'RETURN_RECEIVED', at: now } : undefined,
	});
}
