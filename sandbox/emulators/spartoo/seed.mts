/**
 * Spartoo seed data. Products come from the shared catalogue (`seed/catalog.mts`), so a store seeded with the same
 * seed holds the same SKUs: a family (the hoodie, the sneaker) is one Spartoo product (`reference_partenaire` = the
 * family SKU) with one size per variant (`size_reference` = the variant SKU); a simple product is one product with one
 * size, `TU` ("taille unique"), whose size reference is its SKU. Orders and returns are French buyers with accents,
 * apostrophes and `&` in their names and addresses, relay points, and orders in every status.
 */
import { Random } from '../core/random.mts';
import { SeedError } from '../core/service.mts';
import { generateCatalog } from '../seed/catalog.mts';
import { asInput, num, str, type Input } from '../seed/input.mts';
import {
	ORDER_STATUS_NAMES,
	RETURN_STATUS_NAMES,
	type SpartooOrder,
	type SpartooOrderLine,
	type SpartooPerson,
	type SpartooProduct,
	type SpartooRelay,
	type SpartooReturn,
} from './model.mts';
import type { SpartooSeedData } from './store.mts';

const MANUFACTURERS = ['Kickers', 'Aigle', 'Le Coq Sportif', 'Mephisto', 'Pataugas', 'Éram'];
const COLORS = ['Noir', 'Marine', 'Kaki', 'Camel', 'Bordeaux', 'Écru'];
const FIRST = ['Zoé', 'Hélène', 'François', 'Léa', 'Jérôme', 'Anaïs', 'Noël', 'Maëlle', 'Loïc'];
const LAST = ['Lefèvre', 'Dupré', "D'Arcy", 'Bénard', 'Müller', 'Château', 'Girard-Lebœuf'];
const STREETS = [
	"12 rue de l'Église",
	'3 place du Marché & cour',
	'45 avenue Jean-Jaurès',
	'7 impasse des Mûriers',
	'18 boulevard Saint-Michel',
];
const CITIES: Array<[string, string]> = [
	['Saint-Étienne', '42000'],
	['Besançon', '25000'],
	['Orléans', '45000'],
	['Nîmes', '30000'],
	['Évry-Courcouronnes', '91000'],
];
const CARRIERS = ['Colissimo', 'Chronopost', 'Mondial Relay', 'DPD Predict'];
const REASONS = [
	'Trop petit & serré',
	'Ne correspond pas à la photo',
	'Couleur différente « Marine »',
	"Article abîmé à l'arrivée",
];

function person(random: Random): SpartooPerson {
	const [city, postcode] = random.pick(CITIES);
	return {
		firstname: random.pick(FIRST),
		lastname: random.pick(LAST),
		company: random.chance(0.2) ? 'Société Dupré & Fils' : '',
		street: random.pick(STREETS),
		suburb: random.chance(0.3) ? 'Bâtiment B, 2e étage' : '',
		city,
		postcode,
		state: '',
		country: 'FR',
	};
}

function relay(random: Random): SpartooRelay {
	const [city, postcode] = random.pick(CITIES);
	return {
		id: `FR-${random.digits(6)}`,
		type: 'MONDIAL_RELAY',
		name: random.pick(['Tabac de la Gare', "Pressing & Retouches d'Aline", 'Librairie Élan']),
		address: random.pick(STREETS),
		city,
		postcode,
		countryIso: 'FR',
	};
}

/** The catalogue as Spartoo products (see the file comment); one size of the sneaker is no longer valid (-20). */
export function generateProducts(seed: number): SpartooProduct[] {
	const random = new Random(seed).fork('spartoo-products');
	const products = new Map<string, SpartooProduct>();
	for (const item of generateCatalog(seed)) {
		const reference = item.familySku ?? item.sku;
		let product = products.get(reference);
		if (!product) {
			product = {
				reference,
				spartooId: random.digits(7),
				name: item.familyTitle ?? item.title,
				manufacturer: random.pick(MANUFACTURERS),
				color: random.pick(COLORS),
				price: item.price,
				sizes: [],
			};
			products.set(reference, product);
		}
		product.sizes.push({
			reference: item.sku,
			size: item.option?.value ?? 'TU',
			quantity: item.stock,
			valid: true,
			updatedAt: 0,
		});
	}
	const list = [...products.values()];
	// a size Spartoo withdrew (e.g. after a size-chart change): an update answers -20
	const sneaker = list.find((p) => p.sizes.some((s) => s.size === '44'));
	const retired = sneaker?.sizes.find((s) => s.size === '44');
	if (retired) retired.valid = false;
	return list;
}

function line(
	random: Random,
	product: SpartooProduct,
	sizeReference?: string,
	qty?: number,
	/** The buyer's unit price (tax included); without: the product's price, 10 % off on some lines. */
	price?: number,
): SpartooOrderLine {
	const size =
		product.sizes.find((s) => s.reference === sizeReference) ??
		random.pick(product.sizes.filter((s) => s.valid));
	const reduce = random.chance(0.3) ? 0.9 : 1;
	return {
		reference: product.reference,
		sizeReference: size.reference,
		name: product.name,
		qty:
			qty ??
			random.weighted([
				[1, 4],
				[2, 1],
			]),
		spartooId: product.spartooId,
		manufacturer: product.manufacturer,
		size: size.size,
		color: product.color,
		priceUnit: price ?? product.price,
		priceUnitWithReduce: price ?? Math.round(product.price * reduce * 100) / 100,
	};
}

export interface OrderSpec {
	id?: string;
	status?: number;
	lines?: Array<{ product: SpartooProduct; sizeReference?: string; qty?: number; price?: number }>;
	relay?: boolean;
	purchasedAt: number;
	trackingNumber?: string;
	/** History steps are spread between the purchase and now (3 h apart at most). */
	now: number;
}

/** Times for a walk through `steps` statuses from `from`, never after `now`. */
function walk(from: number, now: number, steps: number, maxStepMs: number): number[] {
	const step = Math.min(maxStepMs, Math.max(0, now - from) / Math.max(1, steps));
	return Array.from({ length: steps }, (_, i) => Math.round(from + i * step));
}

/** One order; its history walks the machine from 11 to `status` (45/47 through 3, 41 from 11). */
export function makeOrder(
	random: Random,
	products: SpartooProduct[],
	spec: OrderSpec,
): SpartooOrder {
	if (products.length === 0) throw new SeedError('no products to order: seed products first');
	const status = spec.status ?? 11;
	if (!(status in ORDER_STATUS_NAMES))
		throw new SeedError(
			`order status ${status} unknown (${Object.keys(ORDER_STATUS_NAMES).join(', ')})`,
		);
	const lines = (spec.lines ?? [{ product: random.pick(products) }]).map((l) =>
		line(random, l.product, l.sizeReference, l.qty, l.price),
	);
	const customer = person(random);
	const useRelay = spec.relay ?? random.chance(0.25);
	const path =
		status === 11 ? [11] : status === 41 ? [11, 41] : status === 2 ? [11, 2] : [11, 2, 3];
	if (status === 45 || status === 47) path.push(status);
	const times = walk(spec.purchasedAt, spec.now, path.length, 3 * 3600_000);
	const history = path.map((s, i) => ({
		status: s,
		at: times[i] as number,
		by: 'seed' as const,
	}));
	const shipped = path.includes(3);
	return {
		id: spec.id ?? random.digits(8),
		status,
		customer: {
			...customer,
			email: `${customer.firstname}.${customer.lastname}`
				.normalize('NFD')
				.replace(/[^A-Za-z.]/g, '')
				.toLowerCase()
				.concat('@example.org'),
			telephone: `+336${random.digits(8)}`,
		},
		delivery: random.chance(0.8) ? { ...customer, company: '' } : person(random),
		relay: useRelay ? relay(random) : undefined,
		paymentMethod: random.pick(['CB', 'PAYPAL', 'CB']),
		paymentPrice: 0,
		shippingPrice: random.pick([0, 4.9, 5.9]),
		shippingName: useRelay ? 'Mondial Relay' : random.pick(CARRIERS),
		lines,
		purchasedAt: spec.purchasedAt,
		modifiedAt: history[history.length - 1]?.at ?? spec.purchasedAt,
		trackingNumber: shipped ? (spec.trackingNumber ?? `6A${random.digits(11)}`) : undefined,
		history,
	};
}

export function makeReturn(
	random: Random,
	order: SpartooOrder,
	spec: {
		id?: string;
		sizeReference?: string;
		status?: number;
		reason?: string;
		at: number;
		now: number;
	},
): SpartooReturn {
	const status = spec.status ?? 2;
	if (!(status in RETURN_STATUS_NAMES))
		throw new SeedError(
			`return status ${status} unknown (${Object.keys(RETURN_STATUS_NAMES).join(', ')})`,
		);
	const orderLine =
		spec.sizeReference === undefined
			? random.pick(order.lines)
			: order.lines.find((l) => l.sizeReference === spec.sizeReference);
	if (!orderLine)
		throw new SeedError(`order ${order.id} has no line with size reference ${spec.sizeReference}`);
	const path = status === 2 ? [2] : status === 5 || status === 7 ? [2, 4, status] : [2, status];
	const times = walk(spec.at, spec.now, path.length, 3600_000);
	const history = path.map((s, i) => ({ status: s, at: times[i] as number, by: 'seed' as const }));
	return {
		id: spec.id ?? random.digits(6),
		orderId: order.id,
		status,
		reason: spec.reason ?? random.pick(REASONS),
		line: { ...orderLine, qty: 1 },
		createdAt: spec.at,
		modifiedAt: history[history.length - 1]?.at ?? spec.at,
		history,
	};
}

/**
 * The start-up data set: the catalogue's products, 4 orders to accept (11; one holding the product with `&` in its
 * name, one to a relay point, one with two lines), and one order in each other status (2, 3 twice, 41, 45, 47), three
 * returns on the shipped orders: two waiting (2), one refused (3).
 */
export function generateSpartooSeed(seed: number, now: number): SpartooSeedData {
	const random = new Random(seed).fork('spartoo-seed');
	const products = generateProducts(seed);
	const withAmp = products.find((p) => p.name.includes('&')) ?? products[0];
	const family = products.find((p) => p.sizes.length > 1) ?? products[0];
	const hoursAgo = (h: number) => now - h * 3600_000;
	const ids = new Set<string>();
	const nextId = () => {
		let id = random.digits(8);
		while (ids.has(id)) id = random.digits(8);
		ids.add(id);
		return id;
	};
	const specs: Array<Omit<OrderSpec, 'id' | 'now'>> = [
		{ status: 11, purchasedAt: hoursAgo(2), lines: withAmp && [{ product: withAmp, qty: 1 }] },
		{ status: 11, purchasedAt: hoursAgo(3), relay: true },
		{
			status: 11,
			purchasedAt: hoursAgo(5),
			relay: false,
			lines: family && [
				{ product: family, sizeReference: family.sizes[0]?.reference, qty: 2 },
				{ product: random.pick(products) },
			],
		},
		{ status: 11, purchasedAt: hoursAgo(1) },
		{ status: 2, purchasedAt: hoursAgo(20) },
		{ status: 3, purchasedAt: hoursAgo(120) },
		{ status: 3, purchasedAt: hoursAgo(150), lines: family && [{ product: family }] },
		{ status: 41, purchasedAt: hoursAgo(30) },
		{ status: 45, purchasedAt: hoursAgo(400) },
		{ status: 47, purchasedAt: hoursAgo(300) },
	];
	const orders = specs.map((spec) => makeOrder(random, products, { ...spec, id: nextId(), now }));
	const shipped = orders.filter((o) => o.status === 3);
	const returns: SpartooReturn[] = [];
	const returnIds = new Set<string>();
	const nextReturnId = () => {
		let id = random.digits(6);
		while (returnIds.has(id)) id = random.digits(6);
		returnIds.add(id);
		return id;
	};
	if (shipped[0]) {
		returns.push(makeReturn(random, shipped[0], { id: nextReturnId(), at: hoursAgo(24), now }));
	}
	if (shipped[1]) {
		returns.push(makeReturn(random, shipped[1], { id: nextReturnId(), at: hoursAgo(30), now }));
		returns.push(
			makeReturn(random, shipped[1], { id: nextReturnId(), status: 3, at: hoursAgo(60), now }),
		);
	}
	return { products, orders, returns };
}

// ------------------------------------------------------------------ admin seed input

function time(input: Input, key: string, fallback: number): number {
	const value = input[key];
	if (value === undefined) return fallback;
	const at = typeof value === 'number' ? value : Date.parse(String(value));
	if (Number.isNaN(at))
		throw new SeedError(`${key} must be an ISO date-time or epoch milliseconds`);
	return at;
}

export function productFromInput(raw: unknown, random: Random, now: number): SpartooProduct {
	const input = asInput(raw);
	const reference = str(input, 'reference');
	if (!reference) throw new SeedError('a product needs a reference');
	const sizes = Array.isArray(input.sizes) ? input.sizes.map(asInput) : [{}];
	return {
		reference,
		spartooId: str(input, 'spartooId') ?? random.digits(7),
		name: str(input, 'name') ?? `Produit ${reference}`,
		manufacturer: str(input, 'manufacturer') ?? random.pick(MANUFACTURERS),
		color: str(input, 'color') ?? random.pick(COLORS),
		price: num(input, 'price') ?? 59.9,
		sizes: sizes.map((s) => {
			const quantity = num(s, 'quantity') ?? 5;
			if (!Number.isInteger(quantity) || quantity < 0)
				throw new SeedError('a size quantity is a whole number >= 0');
			return {
				reference: str(s, 'reference') ?? reference,
				size: str(s, 'size') ?? 'TU',
				quantity,
				valid: s.valid !== false,
				updatedAt: now,
			};
		}),
	};
}

export function orderFromInput(
	raw: unknown,
	random: Random,
	products: Map<string, SpartooProduct>,
	now: number,
): SpartooOrder {
	const input = asInput(raw);
	const bySize = (ref: string) =>
		[...products.values()].find((p) => p.sizes.some((s) => s.reference === ref));
	const lines = Array.isArray(input.lines)
		? input.lines.map((l) => {
				const li = asInput(l);
				const sizeReference = str(li, 'sizeReference');
				const reference = str(li, 'reference');
				const product =
					(reference === undefined ? undefined : products.get(reference)) ??
					(sizeReference === undefined ? undefined : bySize(sizeReference));
				if (!product)
					throw new SeedError(`no product with reference ${reference ?? sizeReference ?? '?'}`);
				return { product, sizeReference, qty: num(li, 'qty'), price: num(li, 'price') };
			})
		: undefined;
	return makeOrder(random, [...products.values()], {
		id: str(input, 'id'),
		status: num(input, 'status'),
		lines,
		relay: typeof input.relay === 'boolean' ? input.relay : undefined,
		purchasedAt: time(input, 'purchasedAt', now),
		trackingNumber: str(input, 'trackingNumber'),
		now,
	});
}

export function returnFromInput(
	raw: unknown,
	random: Random,
	orders: Map<string, SpartooOrder>,
	now: number,
): SpartooReturn {
	const input = asInput(raw);
	const orderId = str(input, 'orderId');
	const order = orderId === undefined ? undefined : orders.get(orderId);
	if (!order)
		throw new SeedError(`a return needs the orderId of a known order (${orderId ?? '-'})`);
	return makeReturn(random, order, {
		id: str(input, 'id'),
		sizeReference: str(input, 'sizeReference'),
		status: num(input, 'status'),
		reason: str(input, 'reason'),
		at: time(input, 'createdAt', now),
		now,
	});
}
