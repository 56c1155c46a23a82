import { Random } from '../core/random.mts';
import { generateCatalog } from '../seed/catalog.mts';
import { asInput, num, str, type Input } from '../seed/input.mts';
import { generatePerson } from '../seed/people.mts';
import type {
	AnnouncedReturn,
	Article,
	LineStatus,
	OrderStatus,
	OrderType,
	SalesChannel,
	Transition,
	ZalandoAddress,
	ZalandoItem,
	ZalandoLine,
	ZalandoOrder,
} from './model.mts';
import { LINE_STATUSES } from './model.mts';

/** The merchant (business partner) of the default client: `GET /auth/me` answers `{"bpids": [this]}`. */
export const ZALANDO_DEFAULT_MERCHANT_ID = '7c1e4b52-3f0a-4d6e-9b8a-2a5f0c9d1e37';
export const ZALANDO_SALES_CHANNEL_DE = 'bf48ba35-149d-4b76-8ac9-d08d126b517f';
export const ZALANDO_SALES_CHANNEL_NL = '091dcbdb-5a16-4e3e-9a8e-0d2bd8f1e5a4';
export const ZALANDO_SALES_CHANNEL_FR = 'c3d2a5f0-7e41-4b9c-8f26-5a1e0b7d9c68';
/** Where the merchant's stock sits (`stock_location_id`, `source_stock_location_id`). */
export const ZALANDO_STOCK_LOCATION_ID = '44836ad6-f22a-49a5-b7d9-98479eb95bb5';
/** The logistics provider of ZalandoFulfilled orders (Zalando's own warehouses). */
export const ZALANDO_FULFILLMENT_PROVIDER_ID = '26caa95a-174f-41be-8585-0ce49055874d';

export const ZALANDO_SALES_CHANNELS: readonly SalesChannel[] = [
	{
		salesChannelId: ZALANDO_SALES_CHANNEL_DE,
		countryName: 'Germany',
		countryCode: 'de',
		locale: 'de-DE',
		currency: 'EUR',
		live: true,
		zalandoRetail: true,
	},
	{
		salesChannelId: ZALANDO_SALES_CHANNEL_NL,
		countryName: 'Netherlands',
		countryCode: 'nl',
		locale: 'nl-NL',
		currency: 'EUR',
		live: true,
		zalandoRetail: true,
	},
	{
		salesChannelId: ZALANDO_SALES_CHANNEL_FR,
		countryName: 'France',
		countryCode: 'fr',
		locale: 'fr-FR',
		currency: 'EUR',
		live: true,
		zalandoRetail: true,
	},
];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const SYSTEM = 'system';

/** Street, zip and city per country; German addresses put the number after the street, French ones before. */
const PLACES: Record<string, ReadonlyArray<readonly [string, string, string]>> = {
	DE: [
		['Schönhauser Allee', '10435', 'Berlin'],
		['Torstraße', '10119', 'Berlin'],
		['Maximilianstraße', '80539', 'München'],
		['Hohe Straße', '50667', 'Köln'],
		['Königsallee', '40212', 'Düsseldorf'],
	],
	NL: [
		['Keizersgracht', '1015 CJ', 'Amsterdam'],
		['Oudegracht', '3511 AP', 'Utrecht'],
		['Witte de Withstraat', '3012 BP', 'Rotterdam'],
	],
	FR: [
		['Rue de la Roquette', '75011', 'Paris'],
		['Rue de la République', '69002', 'Lyon'],
		['Quai de la Fosse', '44000', 'Nantes'],
	],
};

const RETURN_REASONS = ['TOO_LARGE', 'TOO_SMALL', 'DONT_LIKE', 'WRONG_ITEM', 'DEFECTIVE'];

export class SeedInputError extends Error {}

export interface ZalandoSeedData {
	articles: Article[];
	orders: ZalandoOrder[];
	announcedReturns: AnnouncedReturn[];
}

export function channelFor(salesChannelId: string): SalesChannel | undefined {
	return ZALANDO_SALES_CHANNELS.find((c) => c.salesChannelId === salesChannelId);
}

function articleId(random: Random): string {
	return `${random.chars(2, UPPER)}${random.digits(3)}${random.chars(1, UPPER)}${random.digits(2)}${random.chars(1, UPPER)}-${random.chars(1, UPPER)}${random.digits(2)}`;
}

/** The merchant's articles: the shared catalogue (same EANs and SKUs as the stores), with Zalando article ids. */
export function generateArticles(seed: number): Article[] {
	const random = new Random(seed).fork('zalando-articles');
	return generateCatalog(seed).map((product) => ({
		ean: product.ean,
		sku: product.sku,
		articleId: articleId(random),
		title: product.title,
		price: product.price,
	}));
}

export function articleFromInput(input: Input, random: Random): Article {
	const ean = str(input, 'ean');
	if (!ean) throw new SeedInputError('an article needs an ean');
	return {
		ean,
		sku: str(input, 'sku') ?? `SKU-${ean}`,
		articleId: str(input, 'articleId') ?? articleId(random),
		title: str(input, 'title') ?? `Article ${ean}`,
		price: num(input, 'price') ?? 39.95,
	};
}

function address(
	random: Random,
	person: { firstName: string; lastName: string },
	countryCode: string,
	kind: ZalandoAddress['addressType'] = 'HOME_ADDRESS',
): ZalandoAddress {
	const [street, zip, city] = random.pick(PLACES[countryCode] ?? (PLACES.DE as never));
	const number = String(random.int(1, 180));
	const out: ZalandoAddress = {
		addressId: random.uuid(),
		addressType: kind,
		firstName: person.firstName,
		lastName: person.lastName,
		addressLine1: countryCode === 'FR' ? `${number} ${street}` : `${street} ${number}`,
		zipCode: zip,
		city,
		countryCode,
	};
	if (kind === 'PACK_STATION') {
		out.addressLine1 = `Packstation ${random.int(100, 199)}`;
		out.servicePoint = {
			name: out.addressLine1,
			id: random.digits(3),
			memberId: random.digits(9),
		};
	} else if (kind === 'PICKUP_POINT') {
		out.servicePoint = { name: `Relais ${city}`, id: random.digits(6) };
	} else if (random.chance(0.2)) {
		out.addressLine2 = random.pick(['Hinterhaus', '3. OG links', 'c/o Ærø Studio']);
	}
	return out;
}

function transition(random: Random, from: string, to: string, at: number, by = SYSTEM): Transition {
	return { id: random.digits(10), from, to, at, by };
}

export interface OrderSpec {
	orderId?: string;
	orderNumber?: string;
	orderType?: OrderType;
	status?: OrderStatus;
	exported?: boolean;
	merchantOrderId?: string;
	salesChannelId?: string;
	createdAt: number;
	customer?: { firstName: string; lastName: string; customerNumber?: string };
	trackingNumber?: string;
	returnTrackingNumber?: string;
	/** Zalando cancelled every line because the payment failed: initial -> fulfilled, changed by `system`. */
	paymentFailed?: boolean;
	/** One entry per order item: the article, and one line status per unit. */
	items: Array<{
		article: Article;
		lineStatuses: LineStatus[];
		price?: number;
		discountedPrice?: number;
		description?: string;
		/** The merchant's product id on the item; default the article's SKU. */
		externalId?: string;
	}>;
}

const TERMINAL: readonly LineStatus[] = ['shipped', 'canceled', 'returned'];

/** Builds an order with its history (transitions) consistent with its state. */
export function buildOrder(
	random: Random,
	merchantId: string,
	spec: OrderSpec,
	now: number,
): ZalandoOrder {
	const channel = channelFor(spec.salesChannelId ?? ZALANDO_SALES_CHANNEL_DE);
	if (!channel) throw new SeedInputError(`unknown salesChannelId ${spec.salesChannelId}`);
	const person = generatePerson(random, 'NL');
	const customer = spec.customer ?? { firstName: person.firstName, lastName: person.surname };
	const country = channel.countryCode.toUpperCase();
	const kind = random.weighted<ZalandoAddress['addressType']>([
		['HOME_ADDRESS', 8],
		[country === 'DE' ? 'PACK_STATION' : 'PICKUP_POINT', 2],
	]);
	const home = address(random, customer, country);
	const created = spec.createdAt;
	const lineStatuses = spec.items.flatMap((i) => i.lineStatuses);
	const allDone = lineStatuses.length > 0 && lineStatuses.every((s) => TERMINAL.includes(s));
	const status = spec.status ?? (allDone ? 'fulfilled' : 'approved');
	const orderType = spec.orderType ?? 'PartnerFulfilled';
	// history happens between the order's creation and now
	const approvedAt = Math.min(now, created + random.int(1, 20) * 60_000);
	const changedAt =
		status === 'initial' ? created : Math.min(now, approvedAt + random.int(1, 48) * HOUR);
	const by = orderType === 'ZalandoFulfilled' || spec.paymentFailed ? SYSTEM : 'merchant';
	const items: ZalandoItem[] = spec.items.map((entry) => {
		const itemId = random.uuid();
		const lines: ZalandoLine[] = entry.lineStatuses.map((lineStatus) => {
			const price = entry.price ?? entry.article.price;
			const line: ZalandoLine = {
				lineId: random.uuid(),
				itemId,
				status: lineStatus,
				price,
				discountedPrice: entry.discountedPrice ?? price,
				sourceStockLocationId: ZALANDO_STOCK_LOCATION_ID,
				createdAt: created,
				modifiedAt: lineStatus === 'initial' ? created : changedAt,
				modifiedBy: lineStatus === 'initial' ? SYSTEM : by,
				transitions: [],
			};
			if (lineStatus === 'returned') {
				line.transitions.push(
					transition(random, 'initial', 'shipped', Math.max(created, changedAt - HOUR), by),
				);
				line.transitions.push(transition(random, 'shipped', 'returned', changedAt, by));
				line.returnReason = 2;
			} else if (lineStatus !== 'initial') {
				line.transitions.push(transition(random, 'initial', lineStatus, changedAt, by));
			}
			return line;
		});
		return {
			itemId,
			articleId: entry.article.articleId,
			externalId: entry.externalId ?? entry.article.sku,
			ean: entry.article.ean,
			description: entry.description ?? entry.article.title,
			createdAt: created,
			modifiedAt: lines.reduce((max, l) => Math.max(max, l.modifiedAt), created),
			lines,
		};
	});
	const transitions: Transition[] = [];
	if (spec.paymentFailed) {
		const failed = transition(random, 'initial', 'fulfilled', changedAt);
		failed.reason = { code: '0', description: 'PAYMENT_FAILED' };
		transitions.push(failed);
	} else {
		if (status !== 'initial')
			transitions.push(transition(random, 'initial', 'approved', approvedAt));
		if (status === 'fulfilled')
			transitions.push(transition(random, 'approved', 'fulfilled', changedAt));
	}
	const modifiedAt = Math.max(
		status === 'initial' ? created : approvedAt,
		...items.map((i) => i.modifiedAt),
	);
	return {
		orderId: spec.orderId ?? random.uuid(),
		merchantId,
		orderNumber: spec.orderNumber ?? `10${random.digits(14)}`,
		orderType,
		status,
		exported: spec.exported ?? false,
		merchantOrderId: spec.merchantOrderId,
		salesChannelId: channel.salesChannelId,
		locale: channel.locale,
		customerNumber: spec.customer?.customerNumber ?? random.digits(11),
		customerEmail: `kunde.${random.chars(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}@example.zalando.test`,
		shippingAddress:
			kind === 'HOME_ADDRESS'
				? { ...home, addressId: random.uuid() }
				: address(random, customer, country, kind),
		billingAddress: home,
		shipmentNumber: `00340${random.digits(13)}`,
		shipmentId: random.uuid(),
		currency: channel.currency,
		shippingCosts: random.pick([0, 0, 3.9, 4.95]),
		stockLocationId: ZALANDO_STOCK_LOCATION_ID,
		orderDate: created - random.int(5, 90) * 1000,
		createdAt: created,
		modifiedAt,
		modifiedBy: modifiedAt === created ? SYSTEM : by,
		deliveryEndDate: created + 4 * DAY,
		trackingNumber: spec.trackingNumber,
		returnTrackingNumber: spec.returnTrackingNumber,
		trackingPatchedAt: spec.trackingNumber ? changedAt - 60_000 : undefined,
		// seeded shipped or returned lines were shipped line by line (the seed creates no shipments)
		...(lineStatuses.some((s) => s === 'shipped' || s === 'returned')
			? { process: 'lines' as const }
			: {}),
		items,
		transitions,
	};
}

/** 1-3 items, 1-2 units each (several lines per item), from the catalogue. */
function randomItems(random: Random, articles: Article[], status: LineStatus): OrderSpec['items'] {
	const count = random.weighted<number>([
		[1, 4],
		[2, 4],
		[3, 2],
	]);
	const chosen = new Set<Article>();
	while (chosen.size < Math.min(count, articles.length)) chosen.add(random.pick(articles));
	return [...chosen].map((article) => {
		const units = random.weighted<number>([
			[1, 7],
			[2, 3],
		]);
		const discounted = random.chance(0.25) ? Math.round(article.price * 80) / 100 : undefined;
		return {
			article,
			lineStatuses: Array.from({ length: units }, () => status),
			discountedPrice: discounted,
		};
	});
}

export interface ZalandoSeedOptions {
	seed: number;
	/** Emulated "now": orders are placed before it. */
	now: number;
	merchantId: string;
	articles?: Article[];
}

/** `n` approved PartnerFulfilled orders, not exported yet, placed in the `withinHours` before `now`. */
export function generateOpenOrders(
	random: Random,
	articles: Article[],
	merchantId: string,
	now: number,
	n: number,
	withinHours = 3,
): ZalandoOrder[] {
	const channels = ZALANDO_SALES_CHANNELS.map((c) => c.salesChannelId);
	return Array.from({ length: n }, () =>
		buildOrder(
			random,
			merchantId,
			{
				createdAt: now - random.int(5, withinHours * 60) * 60_000,
				salesChannelId: random.pick(channels),
				items: randomItems(random, articles, 'initial'),
			},
			now,
		),
	);
}

/**
 * Reproducible Zalando data for a seed and time: the merchant's articles (the shared catalogue) and one order of each
 * kind sync code meets: approved PartnerFulfilled orders not exported yet (multi-line, several items, Unicode names),
 * an unpaid (`initial`) order, an exported order waiting for shipment, a ZalandoFulfilled order, an order Zalando
 * cancelled for failed payment (fulfilled, every line canceled), shipped orders (one with a returned line) and an
 * announced return that spans two orders of one customer.
 */
export function generateZalandoSeed(options: ZalandoSeedOptions): ZalandoSeedData {
	const random = new Random(options.seed).fork('zalando-orders');
	const articles = options.articles ?? generateArticles(options.seed);
	const { now, merchantId } = options;
	const orders = generateOpenOrders(random, articles, merchantId, now, 5);
	const one = (status: LineStatus, units = 1) => [
		{ article: random.pick(articles), lineStatuses: Array(units).fill(status) as LineStatus[] },
	];
	orders.push(
		buildOrder(
			random,
			merchantId,
			{
				status: 'initial',
				createdAt: now - 10 * 60_000,
				items: one('initial'),
			},
			now,
		),
		buildOrder(
			random,
			merchantId,
			{
				exported: true,
				merchantOrderId: `MO${random.digits(6)}`,
				createdAt: now - 5 * HOUR,
				salesChannelId: ZALANDO_SALES_CHANNEL_NL,
				items: one('initial', 2),
			},
			now,
		),
		buildOrder(
			random,
			merchantId,
			{
				orderType: 'ZalandoFulfilled',
				createdAt: now - 2 * DAY,
				items: one('shipped'),
			},
			now,
		),
		buildOrder(
			random,
			merchantId,
			{
				paymentFailed: true,
				createdAt: now - 26 * HOUR,
				salesChannelId: ZALANDO_SALES_CHANNEL_FR,
				items: [...one('canceled', 2), ...one('canceled')],
			},
			now,
		),
	);
	const person = generatePerson(random, 'NL');
	const customer = {
		firstName: person.firstName,
		lastName: person.surname,
		customerNumber: random.digits(11),
	};
	const shipped = [8, 6, 4].map((days) =>
		buildOrder(
			random,
			merchantId,
			{
				exported: true,
				merchantOrderId: `MO${random.digits(6)}`,
				createdAt: now - days * DAY,
				customer: days === 4 ? undefined : customer,
				trackingNumber: `JJD${random.digits(15)}`,
				returnTrackingNumber: `RJJD${random.digits(14)}`,
				items:
					days === 4
						? [...one('returned'), ...one('shipped')]
						: randomItems(random, articles, 'shipped'),
			},
			now,
		),
	);
	orders.push(...shipped);
	const [first, second] = shipped as [ZalandoOrder, ZalandoOrder];
	const announced: AnnouncedReturn = {
		announcedReturnId: random.uuid(),
		salesChannelId: first.salesChannelId,
		returnTrackingNumber: `RET${random.digits(12)}`,
		registeredAt: now - 2 * DAY,
		orders: [first, second].map((order) => ({
			orderId: order.orderId,
			lines: order.items.slice(0, 1).map((item) => ({
				lineId: (item.lines[0] as ZalandoLine).lineId,
				itemId: item.itemId,
				returnReason: random.pick(RETURN_REASONS),
			})),
		})),
	};
	const third = shipped[2] as ZalandoOrder;
	const thirdLine = (third.items[0] as ZalandoItem).lines[0] as ZalandoLine;
	const older: AnnouncedReturn = {
		announcedReturnId: random.uuid(),
		salesChannelId: third.salesChannelId,
		returnTrackingNumber: `RET${random.digits(12)}`,
		registeredAt: now - 3 * DAY,
		orders: [
			{
				orderId: third.orderId,
				lines: [{ lineId: thirdLine.lineId, itemId: thirdLine.itemId, returnReason: 'TOO_SMALL' }],
			},
		],
	};
	return {
		articles: options.articles ? [] : articles,
		orders: orders.sort((a, b) => a.createdAt - b.createdAt),
		announcedReturns: [announced, older],
	};
}

// ---- explicit seed objects (POST /__admin/seed) ----

function lineStatus(value: unknown): LineStatus {
	if (value === undefined) return 'initial';
	if (typeof value === 'string' && (LINE_STATUSES as string[]).includes(value))
		return value as LineStatus;
	throw new SeedInputError(`unknown line status ${String(value)}`);
}

/**
 * An order from a partial description; everything left out is generated:
 * `{ orderId?, orderNumber?, orderType?, status?, exported?, merchantOrderId?, salesChannelId?, createdAt?,
 * customer?: {firstName, lastName}, trackingNumber?, returnTrackingNumber?, items: [{ ean | sku, quantity?,
 * lineStatus? | lineStatuses?, price?, discountedPrice?, description?, externalId? }] }`. An unknown EAN becomes a new
 * article of the merchant.
 */
export function orderFromInput(
	raw: unknown,
	random: Random,
	articles: Article[],
	merchantId: string,
	now: number,
): { order: ZalandoOrder; newArticles: Article[] } {
	const input = asInput(raw);
	const itemInputs = Array.isArray(input.items) ? input.items.map(asInput) : [];
	if (itemInputs.length === 0) throw new SeedInputError('an order needs items');
	const createdRaw = str(input, 'createdAt');
	const createdAt = createdRaw ? Date.parse(createdRaw) : now;
	if (Number.isNaN(createdAt))
		throw new SeedInputError(`createdAt is not a date-time: ${createdRaw}`);
	const newArticles: Article[] = [];
	const items = itemInputs.map((item) => {
		const ean = str(item, 'ean');
		const sku = str(item, 'sku');
		let article = articles.find((a) => a.ean === ean || (sku !== undefined && a.sku === sku));
		if (!article) {
			if (!ean) throw new SeedInputError(`an order item needs an ean or a known sku (${sku})`);
			article = articleFromInput(item, random);
			newArticles.push(article);
			articles = [...articles, article];
		}
		const statuses = Array.isArray(item.lineStatuses)
			? item.lineStatuses.map(lineStatus)
			: Array.from({ length: num(item, 'quantity') ?? 1 }, () => lineStatus(item.lineStatus));
		if (statuses.length === 0) throw new SeedInputError('an order item needs at least one line');
		return {
			article,
			lineStatuses: statuses,
			price: num(item, 'price'),
			discountedPrice: num(item, 'discountedPrice'),
			description: str(item, 'description'),
			externalId: str(item, 'externalId'),
		};
	});
	const customer = asInput(input.customer);
	const orderType = str(input, 'orderType');
	if (
		orderType !== undefined &&
		orderType !== 'PartnerFulfilled' &&
		orderType !== 'ZalandoFulfilled'
	)
		throw new SeedInputError(`unknown orderType ${orderType}`);
	const status = str(input, 'status');
	if (status !== undefined && !['initial', 'approved', 'fulfilled'].includes(status))
		throw new SeedInputError(`unknown order status ${status}`);
	const order = buildOrder(
		random,
		merchantId,
		{
			orderId: str(input, 'orderId'),
			orderNumber: str(input, 'orderNumber'),
			orderType: orderType as OrderType | undefined,
			status: status as OrderStatus | undefined,
			exported: typeof input.exported === 'boolean' ? input.exported : undefined,
			merchantOrderId: str(input, 'merchantOrderId'),
			salesChannelId: str(input, 'salesChannelId'),
			createdAt,
			customer:
				typeof customer.firstName === 'string' && typeof customer.lastName === 'string'
					? { firstName: customer.firstName, lastName: customer.lastName }
					: undefined,
			trackingNumber: str(input, 'trackingNumber'),
			returnTrackingNumber: str(input, 'returnTrackingNumber'),
			items,
		},
		now,
	);
	return { order, newArticles };
}

/**
 * An announced return: `{ announcedReturnId?, salesChannelId?, returnTrackingNumber?, registeredAt?, orders:
 * [{ orderId, lines?: [{ lineId, returnReason? }] }] }`; without `lines` every shipped line of the order.
 */
export function announcedReturnFromInput(
	raw: unknown,
	random: Random,
	orders: Map<string, ZalandoOrder>,
	now: number,
): AnnouncedReturn {
	const input = asInput(raw);
	const orderInputs = Array.isArray(input.orders) ? input.orders.map(asInput) : [];
	if (orderInputs.length === 0) throw new SeedInputError('an announced return needs orders');
	const registeredRaw = str(input, 'registeredAt');
	const registeredAt = registeredRaw ? Date.parse(registeredRaw) : now;
	if (Number.isNaN(registeredAt))
		throw new SeedInputError(`registeredAt is not a date-time: ${registeredRaw}`);
	const entries = orderInputs.map((entry) => {
		const order = orders.get(str(entry, 'orderId') ?? '');
		if (!order) throw new SeedInputError(`unknown orderId ${str(entry, 'orderId')}`);
		const all = order.items.flatMap((item) => item.lines);
		const wanted = Array.isArray(entry.lines)
			? entry.lines.map(asInput).map((l) => {
					const line = all.find((candidate) => candidate.lineId === str(l, 'lineId'));
					if (!line) throw new SeedInputError(`unknown lineId ${str(l, 'lineId')}`);
					return { line, reason: str(l, 'returnReason') };
				})
			: all.filter((l) => l.status === 'shipped').map((line) => ({ line, reason: undefined }));
		if (wanted.length === 0)
			throw new SeedInputError(`order ${order.orderId} has no shipped lines`);
		return {
			order,
			lines: wanted.map(({ line, reason }) => ({
				lineId: line.lineId,
				itemId: line.itemId,
				returnReason: reason ?? random.pick(RETURN_REASONS),
			})),
		};
	});
	return {
		announcedReturnId: str(input, 'announcedReturnId') ?? random.uuid(),
		salesChannelId:
			str(input, 'salesChannelId') ?? (entries[0] as { order: ZalandoOrder }).order.salesChannelId,
		returnTrackingNumber: str(input, 'returnTrackingNumber') ?? `RET${random.digits(12)}`,
		registeredAt,
		orders: entries.map((e) => ({ orderId: e.order.orderId, lines: e.lines })),
	};
}
