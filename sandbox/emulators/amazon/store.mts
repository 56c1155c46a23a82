import { Random } from '../core/random.mts';

/**
 * State of the Amazon emulator: one app (LWA client), the sellers that authorized it, their orders (stored in the
 * Orders API v2026-01-01 shape), listings, feed and report documents (the fake S3), feeds, reports, returns and the
 * tokens handed out. Times are emulated epoch milliseconds.
 */

export type Json = Record<string, any>;

export interface AmazonApp {
	clientId: string;
	clientSecret: string;
}

export interface Seller {
	sellerId: string;
	refreshToken: string;
	marketplaceIds: string[];
	/** The app holds the restricted role for buyer and address data (Direct-to-Consumer Delivery). */
	piiRole: boolean;
}

export interface Token {
	token: string;
	kind: 'access' | 'rdt';
	sellerId: string;
	clientId: string;
	issuedAt: number;
	expiresAt: number;
	revoked: boolean;
	/** RDT only: the restricted resources and data elements it opens. */
	resources?: Array<{ method: string; path: string; dataElements: string[] }>;
}

/** An order as the Orders API v2026-01-01 shows it with every dataset, plus who owns it. */
export interface StoredOrder {
	sellerId: string;
	order: Json;
	/** Refunds applied through payment adjustment feeds (emulator bookkeeping, shown in the admin state). */
	refunds: Array<{
		orderItemId: string;
		reason: string;
		amounts: Record<string, number>;
		currency: string;
		at: number;
	}>;
	/** Cancellation reasons applied through order acknowledgement feeds. */
	cancellations: Array<{ orderItemId: string; reason: string; at: number }>;
}

export interface Listing {
	sellerId: string;
	sku: string;
	marketplaceId: string;
	asin: string;
	productType: string;
	title: string;
	/** `DEFAULT` = merchant-fulfilled stock; `AMAZON_EU` etc. = FBA (read-only). */
	channels: Array<{ code: string; quantity: number }>;
	createdAt: number;
	updatedAt: number;
}

export interface StoredDocument {
	id: string;
	sellerId: string;
	purpose: 'feed-input' | 'feed-result' | 'report';
	contentType: string;
	content?: Buffer;
	/** Stored GZIP-compressed (`compressionAlgorithm: GZIP`). */
	compressed: boolean;
	createdAt: number;
	uploadedAt?: number;
}

/** An asynchronous job of the Feeds and Reports APIs: queued, processed, finished on the emulated clock. */
export interface AsyncJob {
	sellerId: string;
	marketplaceIds: string[];
	createdAt: number;
	/** Emulated times the job starts and finishes processing. */
	startsAt: number;
	finishesAt: number;
	status: 'IN_QUEUE' | 'IN_PROGRESS' | 'DONE' | 'FATAL' | 'CANCELLED';
	processingStartTime?: number;
	processingEndTime?: number;
}

export interface StoredFeed extends AsyncJob {
	feedId: string;
	feedType: string;
	inputFeedDocumentId: string;
	resultFeedDocumentId?: string;
}

export interface StoredReport extends AsyncJob {
	reportId: string;
	reportType: string;
	dataStartTime: number;
	dataEndTime: number;
	reportDocumentId?: string;
}

/** A new job, queued `queueSeconds` then processed `processingSeconds` (emulated). */
export function queueJob(
	now: number,
	queueSeconds: number,
	processingSeconds: number,
): Pick<AsyncJob, 'createdAt' | 'startsAt' | 'finishesAt' | 'status'> {
	return {
		createdAt: now,
		startsAt: now + queueSeconds * 1000,
		finishesAt: now + (queueSeconds + processingSeconds) * 1000,
		status: 'IN_QUEUE',
	};
}

/** Moves a job from IN_QUEUE to IN_PROGRESS when its time has come; true when it is due to finish now. */
export function jobDue(job: AsyncJob, now: number): boolean {
	if (job.status === 'IN_QUEUE' && now >= job.startsAt) {
		job.status = 'IN_PROGRESS';
		job.processingStartTime = job.startsAt;
	}
	return job.status === 'IN_PROGRESS' && now >= job.finishesAt;
}

/** The job fields every Feed and Report answer carries. */
export function presentJob(job: AsyncJob): Json {
	return {
		marketplaceIds: job.marketplaceIds,
		createdTime: isoTime(job.createdAt),
		processingStatus: job.status,
		...(job.processingStartTime !== undefined
			? { processingStartTime: isoTime(job.processingStartTime) }
			: {}),
		...(job.processingEndTime !== undefined
			? { processingEndTime: isoTime(job.processingEndTime) }
			: {}),
	};
}

/** One row of the returns report (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE), by column name. */
export interface ReturnRow {
	sellerId: string;
	marketplaceId: string;
	requestedAt: number;
	values: Record<string, string>;
}

export interface AmazonSettings {
	[key: string]: number | boolean | string;
	/** LWA access tokens and RDTs live this long (Amazon: 3600). */
	tokenLifetimeSeconds: number;
	/** Pre-signed S3 URLs expire after this long (Amazon: 300 for uploads). */
	presignedUrlSeconds: number;
	/** Emulated seconds a feed waits IN_QUEUE, then spends IN_PROGRESS. */
	feedQueueSeconds: number;
	feedProcessingSeconds: number;
	/** Emulated seconds a report waits, then is generated. */
	reportQueueSeconds: number;
	reportProcessingSeconds: number;
	/** GZIP result documents and report documents (`compressionAlgorithm: GZIP`). */
	compressDocuments: boolean;
	/** Buyer and address data only with a Restricted Data Token (as issue #5 asks); false: the role alone is enough. */
	piiRequiresRdt: boolean;
	/** Simulates an LWA client secret past its 180 days: the token endpoint answers invalid_client. */
	clientSecretExpired: boolean;
	/** Orders generated by a seed. */
	defaultSeedOrders: number;
}

export const DEFAULT_AMAZON_SETTINGS: AmazonSettings = {
	tokenLifetimeSeconds: 3600,
	presignedUrlSeconds: 300,
	feedQueueSeconds: 5,
	feedProcessingSeconds: 30,
	reportQueueSeconds: 5,
	reportProcessingSeconds: 20,
	compressDocuments: false,
	piiRequiresRdt: true,
	clientSecretExpired: false,
	defaultSeedOrders: 12,
};

export class AmazonStore {
	readonly tokens = new Map<string, Token>();
	readonly orders = new Map<string, StoredOrder>();
	readonly listings = new Map<string, Listing>();
	readonly documents = new Map<string, StoredDocument>();
	readonly feeds = new Map<string, StoredFeed>();
	readonly reports = new Map<string, StoredReport>();
	readonly returns: ReturnRow[] = [];
	random = new Random(1);
	private counter = 0;

	constructor(
		readonly app: AmazonApp,
		readonly sellers: Seller[],
		readonly settings: AmazonSettings,
	) {}

	clear(seed: number): void {
		this.tokens.clear();
		this.orders.clear();
		this.listings.clear();
		this.documents.clear();
		this.feeds.clear();
		this.reports.clear();
		this.returns.length = 0;
		this.random = new Random(seed).fork('amazon');
		this.counter = 0;
	}

	/** Sequential ids with a prefix, unique within this store's life. */
	nextId(prefix: string): string {
		this.counter++;
		return `${prefix}${String(this.counter).padStart(6, '0')}`;
	}

	listingKey(sellerId: string, marketplaceId: string, sku: string): string {
		return `${sellerId}|${marketplaceId}|${sku}`;
	}

	listing(sellerId: string, marketplaceId: string, sku: string): Listing | undefined {
		return this.listings.get(this.listingKey(sellerId, marketplaceId, sku));
	}

	putListing(listing: Listing): void {
		this.listings.set(
			this.listingKey(listing.sellerId, listing.marketplaceId, listing.sku),
			listing,
		);
	}

	seller(sellerId: string): Seller | undefined {
		return this.sellers.find((s) => s.sellerId === sellerId);
	}
}

/** `2026-11-23T10:00:00Z` (Amazon prints whole seconds). */
export function isoTime(epochMs: number): string {
	return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function money(
	amount: number,
	currencyCode: string,
): { amount: string; currencyCode: string } {
	const decimals = currencyCode === 'JPY' ? 0 : 2;
	return { amount: amount.toFixed(decimals), currencyCode };
}
