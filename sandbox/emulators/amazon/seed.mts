import { Random } from '../core/random.mts';
import { SeedError } from '../core/service.mts';
import { generateCatalog, type CatalogProduct } from '../seed/catalog.mts';
import { generateAddress, generatePerson, type CountryCode } from '../seed/people.mts';
import { orderProblems, sandboxExamples } from './spec.mts';
import {
	isoTime,
	money,
	type Json,
	type Listing,
	type ReturnRow,
	type StoredOrder,
} from './store.mts';

export const MARKETPLACE_NL = 'A1805IZSGTT6HS';
export const MARKETPLACE_BE = 'AMEN7PMS3EDWL';
export const MARKETPLACE_DE = 'A1PA6795UKMFR9';

const COUNTRY: Record<string, CountryCode> = { [MARKETPLACE_NL]: 'NL', [MARKETPLACE_BE]: 'BE' };
const MARKETPLACE_NAME: Record<string, string> = {
	[MARKETPLACE_NL]: 'Amazon.nl',
	[MARKETPLACE_BE]: 'Amazon.com.be',
	[MARKETPLACE_DE]: 'Amazon.de',
};
const VAT = 0.21;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const STATUSES: ReadonlyArray<readonly [string, number]> = [
	['PENDING', 1],
	['UNSHIPPED', 5],
	['PARTIALLY_SHIPPED', 1],
	['SHIPPED', 3],
	['CANCELLED', 1],
];
const CARRIERS = ['PostNL', 'DHL', 'DPD', 'GLS', 'bpost'];
const RETURN_REASONS = [
	'DEFECTIVE',
	'NOT_AS_DESCRIBED',
	'UNWANTED_ITEM',
	'NO_LONGER_NEEDED',
	'DAMAGED_BY_CARRIER',
];

/** The columns of the returns report, in Amazon's documented order [doc: returns-reports-attributes]. */
export const RETURNS_REPORT_COLUMNS = [
	'Order ID',
	'Order date',
	'Return request date',
	'Return request status',
	'Amazon RMA ID',
	'Merchant RMA ID',
	'Label type',
	'Label cost',
	'Currency code',
	'Return carrier',
	'Tracking ID',
	'Label to be paid by',
	'A-to-Z Claim',
	'Is prime',
	'ASIN',
	'Merchant SKU',
	'Item Name',
	'Return quantity',
	'Return Reason',
	'In policy',
	'Return type',
	'Resolution',
	'Invoice number',
	'Return delivery date',
	'Order Amount',
	'Order quantity',
	'SafeT Action reason',
	'SafeT claim id',
	'SafeT claim state',
	'SafeT claim creation time',
	'SafeT claim reimbursement amount',
	'Refunded Amount',
] as const;

export interface AmazonSeedData {
	orders: StoredOrder[];
	listings: Listing[];
	returns: ReturnRow[];
}

function asin(random: Random): string {
	return `B0${random.chars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`;
}

function orderId(random: Random): string {
	return `${random.pick(['302', '303', '305', '306'])}-${random.digits(7)}-${random.digits(7)}`;
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

/** The listings of a catalogue: every product in every marketplace; FBB products are fulfilled by Amazon (FBA). */
export function listingsFor(
	catalog: CatalogProduct[],
	sellerId: string,
	marketplaceIds: string[],
	at: number,
	random: Random,
): Listing[] {
	const asins = new Map(catalog.map((p) => [p.sku, asin(random)]));
	return marketplaceIds.flatMap((marketplaceId) =>
		catalog.map((p) => ({
			sellerId,
			sku: p.sku,
			marketplaceId,
			asin: asins.get(p.sku) as string,
			productType: p.familySku ? 'SHIRT' : 'HOME',
			title: p.title,
			channels: [
				p.fbb ? { code: 'AMAZON_EU', quantity: p.stock } : { code: 'DEFAULT', quantity: p.stock },
			],
			createdAt: at - 30 * DAY,
			updatedAt: at - 30 * DAY,
		})),
	);
}

interface Line {
	product: CatalogProduct;
	asin: string;
	quantity: number;
}

function buildOrder(
	random: Random,
	sellerId: string,
	lines: Line[],
	marketplaceId: string,
	createdAt: number,
	now: number,
): StoredOrder {
	const country = COUNTRY[marketplaceId] ?? 'NL';
	const byAmazon = lines[0]?.product.fbb === true;
	const status = byAmazon
		? random.weighted<string>([
				['SHIPPED', 4],
				['PENDING', 1],
			])
		: random.weighted<string>(STATUSES);
	const updatedAt = Math.min(now - 5 * 60_000, createdAt + random.int(1, 240) * 60_000);
	const person = generatePerson(random, country);
	const address = generateAddress(random, country);
	const shipping = byAmazon ? 0 : random.pick([0, 0, 3.95]);
	const currency = 'EUR';
	const items = lines.map((line, n) => {
		const total = round(line.product.price * line.quantity);
		const itemShipping = n === 0 ? shipping : 0;
		const tax = round(((total + itemShipping) * VAT) / (1 + VAT));
		const shipped =
			status === 'SHIPPED'
				? line.quantity
				: status === 'PARTIALLY_SHIPPED' && n === 0
					? line.quantity
					: 0;
		const breakdowns: Json[] = [{ type: 'ITEM', subtotal: money(total, currency) }];
		if (itemShipping > 0)
			breakdowns.push({ type: 'SHIPPING', subtotal: money(itemShipping, currency) });
		breakdowns.push({
			type: 'TAX',
			subtotal: money(tax, currency),
			detailedBreakdowns: [
				{ subtype: 'ITEM', value: money(round((total * VAT) / (1 + VAT)), currency) },
				...(itemShipping > 0
					? [
							{
								subtype: 'SHIPPING',
								value: money(round((itemShipping * VAT) / (1 + VAT)), currency),
							},
						]
					: []),
			],
		});
		const item: Json = {
			orderItemId: random.digits(14),
			quantityOrdered: line.quantity,
			programs: [],
			product: {
				asin: line.asin,
				title: line.product.title,
				sellerSku: line.product.sku,
				condition: { conditionType: 'NEW', conditionSubtype: 'NEW' },
				price: { unitPrice: money(line.product.price, currency) },
			},
			proceeds: { proceedsTotal: money(total + itemShipping, currency), breakdowns },
			fulfillment: {
				quantityFulfilled: shipped,
				quantityUnfulfilled: status === 'CANCELLED' ? 0 : line.quantity - shipped,
			},
		};
		if (status === 'CANCELLED')
			item.cancellation = {
				cancellationExecution: { cancelledBy: 'BUYER', cancelReason: 'BuyerCanceled' },
			};
		else if (status === 'UNSHIPPED' && random.chance(0.15))
			item.cancellation = {
				cancellationRequest: { requester: 'BUYER', cancelReason: 'Changed mind about purchase' },
			};
		return item;
	});
	const sum = (type: string) =>
		round(
			items.reduce(
				(acc, i) =>
					acc +
					Number(
						(i.proceeds.breakdowns as Json[]).find((b) => b.type === type)?.subtotal.amount ?? 0,
					),
				0,
			),
		);
	const order: Json = {
		orderId: orderId(random),
		orderAliases: [{ aliasId: `MPS-${random.digits(6)}`, aliasType: 'SELLER_ORDER_ID' }],
		createdTime: isoTime(createdAt),
		lastUpdatedTime: isoTime(updatedAt),
		programs: random.chance(0.3) ? ['PRIME'] : [],
		salesChannel: {
			channelName: 'AMAZON',
			marketplaceId,
			marketplaceName: MARKETPLACE_NAME[marketplaceId] ?? 'Amazon',
		},
		buyer: {
			buyerName: `${person.firstName} ${person.surname}`,
			buyerEmail: `${random.chars(16, 'abcdefghijklmnopqrstuvwxyz0123456789')}@marketplace.amazon.${country === 'BE' ? 'com.be' : 'nl'}`,
			...(person.company ? { buyerCompanyName: person.company } : {}),
		},
		recipient: {
			deliveryAddress: {
				name: `${person.firstName} ${person.surname}`,
				...(person.company ? { companyName: person.company } : {}),
				addressLine1: [address.streetName, address.houseNumber, address.houseNumberExtension]
					.filter(Boolean)
					.join(' '),
				...(address.extraAddressInformation
					? { addressLine2: address.extraAddressInformation }
					: {}),
				city: address.city,
				postalCode: address.zipCode,
				countryCode: address.countryCode,
				phone: person.phone,
				addressType: person.company ? 'COMMERCIAL' : 'RESIDENTIAL',
			},
		},
		proceeds: {
			grandTotal: money(sum('ITEM') + sum('SHIPPING'), currency),
			breakdowns: [
				{ type: 'ITEM', subtotal: money(sum('ITEM'), currency) },
				...(sum('SHIPPING') > 0
					? [{ type: 'SHIPPING', subtotal: money(sum('SHIPPING'), currency) }]
					: []),
				{ type: 'TAX', subtotal: money(sum('TAX'), currency) },
			],
		},
		fulfillment: {
			fulfillmentStatus: status,
			fulfilledBy: byAmazon ? 'AMAZON' : 'MERCHANT',
			fulfillmentServiceLevel: random.pick(['STANDARD', 'STANDARD', 'EXPEDITED']),
			shipByWindow: {
				earliestDateTime: isoTime(createdAt),
				latestDateTime: isoTime(createdAt + 2 * DAY),
			},
			deliverByWindow: {
				earliestDateTime: isoTime(createdAt + 2 * DAY),
				latestDateTime: isoTime(createdAt + 5 * DAY),
			},
		},
		orderItems: items,
		packages: [] as Json[],
	};
	const shippedItems = items.filter((i) => i.fulfillment.quantityFulfilled > 0);
	if (shippedItems.length > 0) {
		const carrier = random.pick(CARRIERS);
		order.packages = [
			{
				packageReferenceId: '1',
				createdTime: isoTime(updatedAt),
				packageStatus: { status: 'SHIPPED' },
				carrier,
				shipTime: isoTime(updatedAt),
				shippingService: `${carrier} Standard`,
				trackingNumber: `3S${random.chars(13, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`,
				packageItems: shippedItems.map((i) => ({
					orderItemId: i.orderItemId,
					quantity: i.fulfillment.quantityFulfilled,
				})),
			},
		];
	}
	return { sellerId, order, refunds: [], cancellations: [] };
}

function returnRow(random: Random, stored: StoredOrder, now: number): ReturnRow | undefined {
	const order = stored.order;
	const shipTime = Date.parse(order.packages?.[0]?.shipTime ?? order.lastUpdatedTime);
	const requestedAt = Math.min(now - HOUR, shipTime + random.int(1, 5) * DAY);
	if (requestedAt <= shipTime) return undefined;
	const item = random.pick(order.orderItems as Json[]);
	const closed = random.chance(0.4);
	const refunded = closed ? Number(item.proceeds.breakdowns[0].subtotal.amount) : 0;
	const values: Record<string, string> = {
		'Order ID': order.orderId,
		'Order date': order.createdTime,
		'Return request date': isoTime(requestedAt),
		'Return request status': closed ? 'Closed' : 'Approved',
		'Amazon RMA ID': `D${random.chars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789')}`,
		'Merchant RMA ID': '',
		'Label type': 'AmazonPrePaidLabel',
		'Label cost': '4.95',
		'Currency code': 'EUR',
		'Return carrier': random.pick(CARRIERS),
		'Tracking ID': `RT${random.digits(12)}`,
		'Label to be paid by': 'Seller',
		'A-to-Z Claim': 'N',
		'Is prime': (order.programs as string[]).includes('PRIME') ? 'Y' : 'N',
		ASIN: item.product.asin,
		'Merchant SKU': item.product.sellerSku,
		'Item Name': item.product.title,
		'Return quantity': String(item.quantityOrdered),
		'Return Reason': random.pick(RETURN_REASONS),
		'In policy': 'Y',
		'Return type': 'C-Returns',
		Resolution: closed ? 'StandardRefund' : '',
		'Invoice number': '',
		'Return delivery date': closed
			? isoTime(requestedAt + 2 * DAY > now ? now - 60_000 : requestedAt + 2 * DAY)
			: '',
		'Order Amount': order.proceeds.grandTotal.amount,
		'Order quantity': String(
			(order.orderItems as Json[]).reduce((sum, i) => sum + i.quantityOrdered, 0),
		),
		'Refunded Amount': closed ? refunded.toFixed(2) : '',
	};
	return {
		sellerId: stored.sellerId,
		marketplaceId: order.salesChannel.marketplaceId,
		requestedAt,
		values,
	};
}

/** A reproducible data set: listings of the shared catalogue, orders of the last days, returns of shipped orders. */
export function generateAmazonSeed(options: {
	seed: number;
	orders: number;
	now: number;
	sellerId: string;
	marketplaceIds: string[];
}): AmazonSeedData {
	const random = new Random(options.seed).fork('amazon');
	const catalog = generateCatalog(options.seed);
	const listings = listingsFor(
		catalog,
		options.sellerId,
		options.marketplaceIds,
		options.now,
		random.fork('listings'),
	);
	const asinOf = new Map(listings.map((l) => [l.sku, l.asin]));
	const orderRandom = random.fork('orders');
	const sellable = options.marketplaceIds.filter((id) => COUNTRY[id]);
	const orders: StoredOrder[] = [];
	for (let n = 0; n < options.orders; n++) {
		const first = orderRandom.pick(catalog);
		const pool = catalog.filter((p) => p.fbb === first.fbb && p.sku !== first.sku);
		const extra = orderRandom.chance(0.3) && pool.length ? [orderRandom.pick(pool)] : [];
		const lines = [first, ...extra].map((product) => ({
			product,
			asin: asinOf.get(product.sku) as string,
			quantity: orderRandom.int(1, 2),
		}));
		const createdAt = options.now - orderRandom.int(10, 72 * 60) * 60_000;
		orders.push(
			buildOrder(
				orderRandom,
				options.sellerId,
				lines,
				orderRandom.pick(sellable.length ? sellable : [MARKETPLACE_NL]),
				createdAt,
				options.now,
			),
		);
	}
	const returnRandom = random.fork('returns');
	const returns = orders
		.filter(
			(o) =>
				o.order.fulfillment.fulfilledBy === 'MERCHANT' &&
				o.order.fulfillment.fulfillmentStatus === 'SHIPPED' &&
				returnRandom.chance(0.5),
		)
		.map((o) => returnRow(returnRandom, o, options.now))
		.filter((r): r is ReturnRow => r !== undefined);
	return { orders, listings, returns };
}

/** The orders of the model's `x-amzn-api-sandbox` examples (searchOrders and getOrder), as fixtures. */
export function sandboxOrders(sellerId: string): StoredOrder[] {
	const fromGet = sandboxExamples(
		'orders_2026-01-01.json',
		'/orders/2026-01-01/orders/{orderId}',
		'get',
		'200',
	).map((e) => (e.response as Json).order as Json);
	const fromSearch = sandboxExamples(
		'orders_2026-01-01.json',
		'/orders/2026-01-01/orders',
		'get',
		'200',
	).flatMap((e) => (e.response as Json).orders as Json[]);
	const byId = new Map<string, Json>();
	for (const order of [...fromGet, ...fromSearch]) byId.set(order.orderId, order);
	return [...byId.values()].map((order) => ({ sellerId, order, refunds: [], cancellations: [] }));
}

// ---- admin seed input

function text(value: unknown, field: string): string {
	if (typeof value !== 'string' || value.trim() === '')
		throw new SeedError(`${field} must be a non-empty string`);
	return value;
}

/** `POST /__admin/seed` orders: full Orders API v2026-01-01 `Order` objects, checked against the model. */
export function orderFromInput(input: unknown, sellerId: string): StoredOrder {
	const problems = orderProblems(input);
	if (problems.length > 0)
		throw new SeedError(`order does not match the Order model: ${problems.slice(0, 5).join('; ')}`);
	return { sellerId, order: structuredClone(input) as Json, refunds: [], cancellations: [] };
}

export function listingFromInput(
	input: Json,
	sellerId: string,
	defaultMarketplace: string,
	at: number,
	random: Random,
): Listing {
	const quantity = input.quantity ?? 0;
	if (!Number.isInteger(quantity) || quantity < 0)
		throw new SeedError('listing quantity must be a whole number >= 0');
	return {
		sellerId,
		sku: text(input.sku, 'listing sku'),
		marketplaceId:
			typeof input.marketplaceId === 'string' ? input.marketplaceId : defaultMarketplace,
		asin: typeof input.asin === 'string' ? input.asin : asin(random),
		productType: typeof input.productType === 'string' ? input.productType : 'PRODUCT',
		title: typeof input.title === 'string' ? input.title : input.sku,
		channels: [{ code: typeof input.channel === 'string' ? input.channel : 'DEFAULT', quantity }],
		createdAt: at,
		updatedAt: at,
	};
}

export function returnFromInput(
	input: Json,
	stored: StoredOrder | undefined,
	at: number,
	random: Random,
): ReturnRow {
	if (!stored) throw new SeedError(`returns: unknown orderId ${String(input.orderId)}`);
	const order = stored.order;
	const item =
		(order.orderItems as Json[]).find(
			(i) => i.product?.sellerSku === input.sku || i.orderItemId === input.orderItemId,
		) ?? order.orderItems[0];
	const requestedAt = typeof input.requestedAt === 'string' ? Date.parse(input.requestedAt) : at;
	if (Number.isNaN(requestedAt))
		throw new SeedError('returns: requestedAt must be an ISO date-time');
	const values: Record<string, string> = Object.fromEntries(
		RETURNS_REPORT_COLUMNS.map((c) => [c, '']),
	);
	Object.assign(values, {
		'Order ID': order.orderId,
		'Order date': order.createdTime,
		'Return request date': isoTime(requestedAt),
		'Return request status': typeof input.status === 'string' ? input.status : 'Approved',
		'Amazon RMA ID':
			typeof input.rmaId === 'string'
				? input.rmaId
				: `D${random.chars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789')}`,
		'Currency code': order.proceeds?.grandTotal?.currencyCode ?? 'EUR',
		ASIN: item.product?.asin ?? '',
		'Merchant SKU': item.product?.sellerSku ?? '',
		'Item Name': item.product?.title ?? '',
		'Return quantity': String(input.quantity ?? 1),
		'Return Reason': typeof input.reason === 'string' ? input.reason : 'UNWANTED_ITEM',
		Resolution: typeof input.resolution === 'string' ? input.resolution : '',
		'Refunded Amount':
			typeof input.refundedAmount === 'number' ? input.refundedAmount.toFixed(2) : '',
	});
	return {
		sellerId: stored.sellerId,
		marketplaceId: order.salesChannel?.marketplaceId ?? '',
		requestedAt,
		values,
	};
}
