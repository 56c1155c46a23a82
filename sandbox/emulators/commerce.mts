import { headerValue, type EmulatorRequest } from './core/http.mts';
import { Random } from './core/random.mts';
import type { WebhookDelivery, WebhookDispatcher } from './core/webhooks.mts';
import { generateCatalog, type CatalogProduct } from './seed/catalog.mts';
import {
	generateAddress,
	generatePerson,
	type Address,
	type CountryCode,
	type Person,
} from './seed/people.mts';

/** Building blocks shared by the store emulators (WooCommerce, Magento 2, Shopify). */

export function money(value: number): string {
	return (Math.round(value * 100) / 100).toFixed(2);
}

export function round2(value: number): number {
	return Math.round(value * 100) / 100;
}

export function toNumber(value: unknown, fallback = 0): number {
	const n =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: NaN;
	return Number.isFinite(n) ? n : fallback;
}

export type Body = Record<string, unknown>;

/** `Hoodie 'Ålesund'` -> `hoodie-alesund`: the URL handle / slug stores derive from a title. */
export function slugify(title: string): string {
	return title
		.toLowerCase()
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

export function asBody(value: unknown): Body {
	return typeof value === 'object' && value !== null && !Array.isArray(value)
		? (value as Body)
		: {};
}

export function asList(value: unknown): Body[] {
	return Array.isArray(value) ? value.map((item) => asBody(item)) : [];
}

export function optionalString(value: unknown): string | undefined {
	return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** Monotonic ids per entity kind, starting at a realistic base. */
export class IdSequence {
	private values = new Map<string, number>();

	constructor(private readonly bases: Record<string, number>) {}

	next(kind: string): number {
		const value = (this.values.get(kind) ?? this.bases[kind] ?? 1) + 1;
		this.values.set(kind, value);
		return value;
	}

	reset(): void {
		this.values.clear();
	}
}

/** Static API credentials (keys, access tokens) that a `token-revoked` fault can revoke until the next reset. */
export class CredentialSet {
	private readonly revoked = new Set<string>();

	constructor(private readonly valid: () => string[]) {}

	check(credential: string | undefined): 'ok' | 'missing' | 'unknown' | 'revoked' {
		if (!credential) return 'missing';
		if (this.revoked.has(credential)) return 'revoked';
		return this.valid().includes(credential) ? 'ok' : 'unknown';
	}

	revoke(credential: string | undefined): void {
		if (credential) this.revoked.add(credential);
	}

	reset(): void {
		this.revoked.clear();
	}
}

export function bearerToken(req: EmulatorRequest): string | undefined {
	return /^Bearer\s+(\S+)$/i.exec(headerValue(req, 'authorization') ?? '')?.[1];
}

export interface WebhookSubscription {
	id: number;
	topic: string;
	address: string;
	secret?: string;
	active: boolean;
	failures: number;
}

/**
 * Registered webhooks of a store and their delivery. The store decides the headers (signature, topic names); the
 * registry matches topics, delivers through the loopback-only dispatcher and counts consecutive failures.
 */
export class WebhookRegistry<S extends WebhookSubscription> {
	readonly subscriptions = new Map<number, S>();

	constructor(
		private readonly dispatcher: WebhookDispatcher,
		private readonly disableAfterFailures = Number.POSITIVE_INFINITY,
		/** How long the store waits for the receiver to answer a delivery (real milliseconds). */
		private readonly deliveryTimeoutMs?: number,
	) {}

	emit(
		topic: string,
		payload: unknown,
		headersFor: (sub: S, body: string) => Record<string, string>,
	): WebhookDelivery[] {
		const body = JSON.stringify(payload);
		return [...this.subscriptions.values()]
			.filter((sub) => sub.active && sub.topic === topic)
			.map((sub) =>
				this.dispatcher.deliver(
					{
						subscriptionId: String(sub.id),
						topic,
						url: sub.address,
						body,
						headers: { 'content-type': 'application/json', ...headersFor(sub, body) },
						timeoutMs: this.deliveryTimeoutMs,
					},
					(delivery) => {
						sub.failures = delivery.status === 'delivered' ? 0 : sub.failures + 1;
						if (sub.failures > this.disableAfterFailures) sub.active = false;
					},
				),
			);
	}

	clear(): void {
		this.subscriptions.clear();
	}
}

export interface Customer extends Person, Address {}

/** A seeded customer with a home address (for store orders created by the seed). */
export function seededCustomer(random: Random, country?: CountryCode): Customer {
	const countryCode: CountryCode = country ?? (random.chance(0.7) ? 'NL' : 'BE');
	return { ...generatePerson(random, countryCode), ...generateAddress(random, countryCode) };
}

export function street(address: Address): string {
	return [address.streetName, address.houseNumber, address.houseNumberExtension]
		.filter(Boolean)
		.join(' ');
}

export interface CatalogSeed {
	random: Random;
	products: CatalogProduct[];
	/** Variant families in catalogue order, keyed by family SKU. */
	families: Map<string, CatalogProduct[]>;
	simple: CatalogProduct[];
}

/** The shared catalogue split into simple products and variant families, with a generator for the store. */
export function catalogSeed(seed: number, store: string): CatalogSeed {
	const products = generateCatalog(seed);
	const families = new Map<string, CatalogProduct[]>();
	for (const product of products) {
		if (!product.familySku) continue;
		families.set(product.familySku, [...(families.get(product.familySku) ?? []), product]);
	}
	return {
		random: new Random(seed).fork(store),
		products,
		families,
		simple: products.filter((p) => !p.familySku),
	};
}

/** Page and per-page parsing shared by list endpoints. */
export function pageParams(
	req: EmulatorRequest,
	names: { page: string; size: string },
	defaults: { size: number; max: number },
) {
	const page = Math.trunc(toNumber(req.query.get(names.page), 1));
	const size = Math.trunc(toNumber(req.query.get(names.size), defaults.size));
	return { page, size, valid: page >= 1 && size >= 1 && size <= defaults.max };
}
