import { Random } from '../core/random.mts';
import { generateCatalog } from '../seed/catalog.mts';
import { asInput, num, obj, str, type Input } from '../seed/input.mts';
import {
	DELIVERY_TYPES,
	type Customer,
	type Delivery,
	type DeliveryType,
	type MiintoAccount,
	type MiintoItemRecord,
	type MiintoShopRecord,
	type PositionRecord,
	type PositionStatus,
	type RmaRecord,
	type RmaStatus,
	type TransferRecord,
} from './model.mts';
import { SHIPPING_PROVIDERS, type MiintoData, type MiintoStore } from './store.mts';

/** The emulator's Miinto Admin login (the n8n credential's username and password). */
export const MIINTO_DEFAULT_USERNAME = 'miinto-emulator-admin';
export const MIINTO_DEFAULT_PASSWORD = 'miinto-emulator-password';
export const MIINTO_ACCESSOR_ID = 202044;
/** The two shops (unified location ids) of the account's privileges: Copenhagen (DKK) and Stockholm (SEK). */
export const MIINTO_SHOP_DK = '1-m!i!s-045-1234';
export const MIINTO_SHOP_SE = '1-m!i!s-046-5678';

export class SeedInputError extends Error {}

export const MIINTO_SHOPS: readonly MiintoShopRecord[] = [
	{ id: MIINTO_SHOP_DK, name: 'Nørrebro Mode ApS', countryCode: 'DK', currency: 'DKK' },
	{ id: MIINTO_SHOP_SE, name: 'Södermalm Kläder AB', countryCode: 'SE', currency: 'SEK' },
];

export function defaultAccount(): MiintoAccount {
	return {
		username: MIINTO_DEFAULT_USERNAME,
		password: MIINTO_DEFAULT_PASSWORD,
		accessorId: MIINTO_ACCESSOR_ID,
		storeShops: [MIINTO_SHOP_DK],
		shopAdmin: { se: [MIINTO_SHOP_SE] },
	};
}

/** EUR -> the shop's currency, for the catalogue's prices (illustrative rates). */
const RATES: Record<string, number> = { DKK: 7.46, SEK: 11.5, NOK: 11.7, EUR: 1 };
const BRANDS = ['Nordisk Uld', 'Ærø Design', 'Göteborg Linne', 'Støy & Sø', 'Mads Nørgaard'];

/** The shop's feed: the shared catalogue with the shop's prices in minor units and Miinto item ids. */
export function generateItems(seed: number, shop: MiintoShopRecord): MiintoItemRecord[] {
	const random = new Random(seed).fork(`miinto-items-${shop.id}`);
	return generateCatalog(seed).map((product) => ({
		gtin: product.ean,
		productId: product.sku,
		miintoId: `MI-${random.digits(8)}`,
		name: product.title,
		brand: random.pick(BRANDS),
		referencePrice: Math.round(product.price * (RATES[shop.currency] ?? 1)) * 100 - 5,
	}));
}

const PEOPLE: Record<string, Array<[string, string, string, string]>> = {
	// name, street, postcode, city
	DK: [
		['Søren Kierkegaard Hansen', 'Nørregade 7', '1165', 'København K'],
		['Åse Ærbø Jørgensen', 'Åboulevarden 12', '8000', 'Aarhus C'],
		['Zoë Østergaard', 'Vesterbrogade 1', '1620', 'København V'],
		['Frederik Bøgh-Müller', 'Overgade 41', '5000', 'Odense C'],
	],
	SE: [
		['Åsa Lindström', 'Götgatan 44', '118 26', 'Stockholm'],
		['Björn Ångström', 'Södra Förstadsgatan 3', '211 43', 'Malmö'],
		['Märta Öberg', 'Kungsportsavenyen 9', '411 36', 'Göteborg'],
	],
};
const COMPANIES: Record<string, string[]> = {
	DK: ['Hygge & Co. ApS', 'Kælderen Møbler A/S'],
	SE: ['Fjällbutiken AB', 'Åre Sport & Fritid AB'],
};
const PARCEL_SHOPS: Record<string, Array<[string, string, string, string]>> = {
	DK: [
		['PostNord Pakkeshop – Netto Nørrebrogade', 'Nørrebrogade 155', '2200', 'København N'],
		['DAO Pakkeshop – Kiosk Ørsted', 'Ørstedsgade 2', '5000', 'Odense C'],
	],
	SE: [['PostNord Ombud – ICA Nära Söder', 'Ringvägen 100', '116 61', 'Stockholm']],
};

function customer(random: Random, country: string): Customer {
	const [name, street, postcode, city] = random.pick(PEOPLE[country] ?? (PEOPLE.DK as never));
	const local = name
		.toLowerCase()
		.normalize('NFD')
		.replace(/[^a-z ]/g, '')
		.trim()
		.replace(/\s+/g, '.');
	return {
		name,
		email: `${local || 'kunde'}@example.${country.toLowerCase()}`,
		phone: country === 'SE' ? `+467${random.digits(8)}` : `+45${random.digits(8)}`,
		address: { street, postcode, city, countryCode: country },
	};
}

function delivery(
	random: Random,
	type: DeliveryType,
	billing: Customer,
	country: string,
): Delivery {
	if (type === 'ParcelShopDelivery') {
		const [name, street, postcode, city] = random.pick(
			PARCEL_SHOPS[country] ?? (PARCEL_SHOPS.DK as never),
		);
		return {
			type,
			name,
			parcelShopId: `${name.startsWith('DAO') ? 'DAO' : 'PN'}-${random.digits(6)}`,
			address: { street, postcode, city, countryCode: country },
		};
	}
	if (type === 'CompanyDelivery')
		return {
			type,
			name: random.pick(COMPANIES[country] ?? (COMPANIES.DK as string[])),
			address: { ...billing.address },
		};
	return { type, name: billing.name, address: { ...billing.address } };
}

export interface PositionPlan {
	item: MiintoItemRecord;
	quantity: number;
	/** Miinto's price; default the reference price times `factor`. */
	price?: number;
	factor?: number;
	status?: PositionStatus;
	trackAndTrace?: string;
	shippingProviderId?: number;
}

export interface TransferPlan {
	shop: MiintoShopRecord;
	createdAt: number;
	deliveryType: DeliveryType;
	positions: PositionPlan[];
	transferId?: number;
	customer?: Partial<Customer>;
	deliveryName?: string;
	parcelShopId?: string;
}

/** A transfer (and, when a position is accepted or shipped, its order) in the store. */
export function addTransfer(
	store: MiintoStore,
	random: Random,
	plan: TransferPlan,
): TransferRecord {
	const country = plan.shop.countryCode;
	const generated = customer(random, country);
	const billing: Customer = {
		...generated,
		...plan.customer,
		address: { ...generated.address, ...(plan.customer?.address ?? {}) },
	};
	const place = delivery(random, plan.deliveryType, billing, country);
	if (plan.deliveryName !== undefined) place.name = plan.deliveryName;
	if (plan.parcelShopId !== undefined) place.parcelShopId = plan.parcelShopId;
	const id = plan.transferId ?? store.nextId('transfer');
	if (store.transfers.has(id)) throw new SeedInputError(`transfer ${id} exists already`);
	const positions: PositionRecord[] = plan.positions.map((p) => {
		const status = p.status ?? 'pending';
		const shipped = status === 'shipped';
		const provider =
			p.shippingProviderId ??
			SHIPPING_PROVIDERS.find((s) => s.countries.includes(country))?.id ??
			1;
		return {
			id: store.nextId('position'),
			quantity: p.quantity,
			price: p.price ?? Math.round((p.item.referencePrice * (p.factor ?? 1)) / 5) * 5,
			item: p.item,
			status,
			...(status === 'pending' ? {} : { decidedAt: plan.createdAt + 60_000 }),
			...(shipped
				? {
						trackAndTrace: p.trackAndTrace ?? `00370726${random.digits(12)}`,
						shippingProviderId: provider,
						shippedAt: plan.createdAt + 3_600_000,
					}
				: {}),
			returnedQuantity: 0,
		};
	});
	const transfer: TransferRecord = {
		id,
		shopId: plan.shop.id,
		parentOrderId: store.nextId('parent'),
		currency: plan.shop.currency,
		createdAt: plan.createdAt,
		positions,
		billing,
		delivery: place,
	};
	store.transfers.set(id, transfer);
	if (positions.some((p) => p.status === 'accepted' || p.status === 'shipped')) {
		const orderId = store.nextId('order');
		store.orders.set(orderId, {
			id: orderId,
			shopId: plan.shop.id,
			transferId: id,
			createdAt: plan.createdAt + 60_000,
		});
		transfer.orderId = orderId;
	}
	return transfer;
}

export function addRma(
	store: MiintoStore,
	transfer: TransferRecord,
	entries: Array<{ positionId: number; quantity: number }>,
	reason: string,
	status: RmaStatus,
	at: number,
	decisionReason?: string,
	comment?: string,
): RmaRecord {
	if (transfer.orderId === undefined)
		throw new SeedInputError(`transfer ${transfer.id} has no order`);
	const rma: RmaRecord = {
		id: store.nextId('rma'),
		shopId: transfer.shopId,
		orderId: transfer.orderId,
		status,
		createdAt: at,
		updatedAt: at,
		positions: entries.map((e) => ({ ...e, reason })),
		reason,
		origin: 'channel',
		trackAndTrace: `RET${transfer.parentOrderId}${entries[0]?.positionId ?? ''}`,
		...(status === 'pending' ? {} : { decidedAt: at + 3_600_000 }),
		...(decisionReason === undefined ? {} : { decisionReason }),
		...(comment === undefined ? {} : { comment }),
	};
	store.rmas.set(rma.id, rma);
	return rma;
}

/** Pending transfers of a shop, 1 to 3 positions each, Miinto prices from 10 % under to 10 % over the feed's. */
export function generateTransfers(
	store: MiintoStore,
	random: Random,
	shop: MiintoShopRecord,
	count: number,
	now: number,
): TransferRecord[] {
	const items = store.items.get(shop.id) ?? [];
	if (items.length === 0) throw new SeedInputError(`shop ${shop.id} has no items`);
	const out: TransferRecord[] = [];
	for (let n = 0; n < count; n++) {
		const picked = new Set<MiintoItemRecord>();
		const size = random.int(1, 3);
		while (picked.size < Math.min(size, items.length)) picked.add(random.pick(items));
		out.push(
			addTransfer(store, random, {
				shop,
				createdAt: now - random.int(1, 120) * 60_000,
				deliveryType: random.pick(DELIVERY_TYPES),
				positions: [...picked].map((item) => ({
					item,
					quantity: random.int(1, 2),
					factor: random.pick([0.9, 0.95, 1, 1, 1.03, 1.1]),
				})),
			}),
		);
	}
	return out;
}

/**
 * The start-up data: the account, two shops with the shared catalogue as their feeds, and
 * - four pending transfers: one with three positions (Miinto's price under, equal to and over the feed's), a
 *   parcel-shop delivery, a company delivery, and one in the Swedish shop (SEK);
 * - an accepted order, an order of a partly declined transfer (parcel shop), two shipped orders;
 * - a transfer every position of which was declined (routed away);
 * - two pending RMAs and a declined one.
 */
export function seedMiinto(store: MiintoStore, seed: number, now: number): void {
	const random = new Random(seed).fork('miinto');
	const [dk, se] = MIINTO_SHOPS as [MiintoShopRecord, MiintoShopRecord];
	const data: MiintoData = {
		accounts: [defaultAccount()],
		shops: [...MIINTO_SHOPS],
		items: Object.fromEntries(MIINTO_SHOPS.map((shop) => [shop.id, generateItems(seed, shop)])),
		transfers: [],
		orders: [],
		rmas: [],
	};
	store.load(data);
	const items = (shop: MiintoShopRecord) => store.items.get(shop.id) as MiintoItemRecord[];
	const [a, b, c, d, e, f] = items(dk) as [
		MiintoItemRecord,
		MiintoItemRecord,
		MiintoItemRecord,
		MiintoItemRecord,
		MiintoItemRecord,
		MiintoItemRecord,
	];
	const minutes = (m: number) => now - m * 60_000;
	// pending
	addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(12),
		deliveryType: 'HomeDelivery',
		positions: [
			{ item: a, quantity: 1, factor: 0.9 },
			{ item: b, quantity: 2, factor: 1 },
			{ item: c, quantity: 1, factor: 1.08 },
		],
	});
	addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(9),
		deliveryType: 'ParcelShopDelivery',
		positions: [
			{ item: d, quantity: 2, factor: 0.97 },
			{ item: e, quantity: 1, factor: 1.02 },
		],
	});
	addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(5),
		deliveryType: 'CompanyDelivery',
		positions: [{ item: f, quantity: 3, factor: 1.05 }],
	});
	const [sa, sb] = items(se) as [MiintoItemRecord, MiintoItemRecord];
	addTransfer(store, random, {
		shop: se,
		createdAt: minutes(3),
		deliveryType: 'HomeDelivery',
		positions: [
			{ item: sa, quantity: 1, factor: 0.94 },
			{ item: sb, quantity: 1, factor: 1.01 },
		],
	});
	// accepted orders
	addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(180),
		deliveryType: 'HomeDelivery',
		positions: [
			{ item: b, quantity: 1, status: 'accepted' },
			{ item: d, quantity: 1, status: 'accepted', factor: 0.95 },
		],
	});
	addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(150),
		deliveryType: 'ParcelShopDelivery',
		positions: [
			{ item: a, quantity: 1, status: 'accepted' },
			{ item: e, quantity: 2, status: 'accepted', factor: 1.1 },
			{ item: f, quantity: 1, status: 'declined' },
		],
	});
	// shipped orders, with RMAs
	const shipped1 = addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(60 * 24 * 6),
		deliveryType: 'HomeDelivery',
		positions: [
			{ item: c, quantity: 1, status: 'shipped' },
			{ item: b, quantity: 2, status: 'shipped' },
		],
	});
	const shipped2 = addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(60 * 24 * 9),
		deliveryType: 'ParcelShopDelivery',
		positions: [{ item: e, quantity: 1, status: 'shipped' }],
	});
	const [p1, p2] = shipped1.positions as [PositionRecord, PositionRecord];
	addRma(
		store,
		shipped1,
		[{ positionId: p1.id, quantity: 1 }],
		'Passer ikke – for stor',
		'pending',
		minutes(60 * 24),
		undefined,
		'Jakken er for stor i skuldrene; ønsker pengene retur 🙂',
	);
	addRma(
		store,
		shipped2,
		[{ positionId: (shipped2.positions[0] as PositionRecord).id, quantity: 1 }],
		'Fejl i sømmen',
		'pending',
		minutes(60 * 30),
	);
	addRma(
		store,
		shipped1,
		[{ positionId: p2.id, quantity: 1 }],
		'Fortrudt køb',
		'declined',
		minutes(60 * 48),
		'Varen er brugt',
	);
	// routed away
	addTransfer(store, random, {
		shop: dk,
		createdAt: minutes(240),
		deliveryType: 'HomeDelivery',
		positions: [{ item: c, quantity: 1, status: 'declined', factor: 0.8 }],
	});
}

// ---- explicit seed input (POST /__admin/seed)

const STATUSES: readonly PositionStatus[] = ['pending', 'accepted', 'declined', 'shipped'];

function itemFrom(
	store: MiintoStore,
	shop: MiintoShopRecord,
	input: Input,
	random: Random,
): MiintoItemRecord {
	const feed = store.items.get(shop.id) ?? [];
	const gtin = str(input, 'gtin');
	const productId = str(input, 'productId');
	const known = feed.find(
		(i) =>
			(gtin !== undefined && i.gtin === gtin) ||
			(productId !== undefined && i.productId === productId),
	);
	if (known) return known;
	if (gtin === undefined && productId === undefined) return random.pick(feed);
	// a new article of the feed
	const item: MiintoItemRecord = {
		gtin: gtin ?? `57${random.digits(11)}`,
		productId: productId ?? `SKU-${gtin ?? random.digits(6)}`,
		miintoId: str(input, 'miintoId') ?? `MI-${random.digits(8)}`,
		name: str(input, 'name') ?? 'Strikket trøje – «Æble»',
		brand: str(input, 'brand') ?? 'Ærø Design',
		referencePrice: num(input, 'referencePrice') ?? 49_995,
	};
	feed.push(item);
	store.items.set(shop.id, feed);
	return item;
}

/** `{shopId?, transferId?, createdAt?, deliveryType?, customer?, deliveryName?, parcelShopId?, positions: [...]}`. */
export function transferFromInput(
	store: MiintoStore,
	raw: unknown,
	random: Random,
	now: number,
): TransferRecord {
	const input = asInput(raw);
	const shopId = str(input, 'shopId') ?? MIINTO_SHOP_DK;
	const shop = store.shops.get(shopId);
	if (!shop) throw new SeedInputError(`unknown shop ${shopId}`);
	const type = str(input, 'deliveryType') ?? 'HomeDelivery';
	if (!DELIVERY_TYPES.includes(type as DeliveryType))
		throw new SeedInputError(`deliveryType must be one of ${DELIVERY_TYPES.join(', ')}`);
	const positions = Array.isArray(input.positions) ? input.positions.map(asInput) : [{}];
	if (positions.length === 0) throw new SeedInputError('a transfer needs at least one position');
	const createdAt = str(input, 'createdAt');
	const at = createdAt === undefined ? now : Date.parse(createdAt);
	if (!Number.isFinite(at)) throw new SeedInputError(`createdAt ${createdAt} is not a date`);
	const customerInput = obj(input, 'customer');
	return addTransfer(store, random, {
		shop,
		createdAt: at,
		deliveryType: type as DeliveryType,
		transferId: num(input, 'transferId'),
		customer:
			Object.keys(customerInput).length === 0 ? undefined : (customerInput as Partial<Customer>),
		deliveryName: str(input, 'deliveryName'),
		parcelShopId: str(input, 'parcelShopId'),
		positions: positions.map((p) => {
			const status = str(p, 'status') ?? 'pending';
			if (!STATUSES.includes(status as PositionStatus))
				throw new SeedInputError(`position status must be one of ${STATUSES.join(', ')}`);
			const quantity = num(p, 'quantity') ?? 1;
			if (!Number.isInteger(quantity) || quantity < 1)
				throw new SeedInputError('quantity must be a whole number from 1');
			return {
				item: itemFrom(store, shop, p, random),
				quantity,
				price: num(p, 'price'),
				factor: num(p, 'priceFactor'),
				status: status as PositionStatus,
				trackAndTrace: str(p, 'trackAndTrace'),
				shippingProviderId: num(p, 'shippingProviderId'),
			};
		}),
	});
}

/** `{orderId, positions?: [{positionId, quantity?}], reason?, status?}`: default one of each shipped position. */
export function rmaFromInput(store: MiintoStore, raw: unknown, now: number): RmaRecord {
	const input = asInput(raw);
	const orderId = num(input, 'orderId');
	const order = orderId === undefined ? undefined : store.orders.get(orderId);
	if (!order)
		throw new SeedInputError(`an RMA needs the orderId of an order (${String(input.orderId)})`);
	const transfer = store.transferOf(order);
	const shipped = transfer.positions.filter((p) => p.status === 'shipped');
	const entries = Array.isArray(input.positions)
		? input.positions
				.map(asInput)
				.map((p) => ({ positionId: num(p, 'positionId') ?? -1, quantity: num(p, 'quantity') ?? 1 }))
		: shipped.map((p) => ({ positionId: p.id, quantity: 1 }));
	for (const entry of entries)
		if (
			!shipped.some(
				(p) => p.id === entry.positionId && entry.quantity >= 1 && entry.quantity <= p.quantity,
			)
		)
			throw new SeedInputError(
				`position ${entry.positionId} is not a shipped position of order ${order.id} with that quantity`,
			);
	if (entries.length === 0) throw new SeedInputError(`order ${order.id} has no shipped position`);
	const status = str(input, 'status') ?? 'pending';
	if (!['pending', 'accepted', 'declined'].includes(status))
		throw new SeedInputError('status must be pending, accepted or declined');
	return addRma(
		store,
		transfer,
		entries,
		str(input, 'reason') ?? 'Passer ikke',
		status as RmaStatus,
		now,
		str(input, 'decisionReason'),
		str(input, 'comment'),
	);
}
