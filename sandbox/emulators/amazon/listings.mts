import {
	jsonResponse,
	type EmulatorRequest,
	type EmulatorResponse,
	type Principal,
} from '../core/http.mts';
import type { AmazonErrorFactory } from './auth.mts';
import { isoTime, type AmazonStore, type Json, type Listing } from './store.mts';

/**
 * Listings Items API 2021-08-01: get, search (the credential test) and PATCH of `fulfillment_availability`.
 * Emulator rules, each mirroring what a real listing refuses: the product type must be the listing's own or the
 * generic PRODUCT; merchant quantities cannot be set on a listing fulfilled by Amazon (FBA stock is read-only);
 * a SKU without a listing is INVALID.
 */

const PATH = '/attributes/fulfillment_availability';

function listParam(req: EmulatorRequest, name: string): string[] {
	return req.query
		.getAll(name)
		.flatMap((v) => v.split(','))
		.map((v) => v.trim())
		.filter(Boolean);
}

export function presentListing(listing: Listing, included: string[]): Json {
	const out: Json = { sku: listing.sku };
	if (included.includes('summaries')) {
		out.summaries = [
			{
				marketplaceId: listing.marketplaceId,
				asin: listing.asin,
				productType: listing.productType,
				conditionType: 'new_new',
				status: listing.channels.some((c) => c.quantity > 0)
					? ['BUYABLE', 'DISCOVERABLE']
					: ['DISCOVERABLE'],
				itemName: listing.title,
				createdDate: isoTime(listing.createdAt),
				lastUpdatedDate: isoTime(listing.updatedAt),
			},
		];
	}
	if (included.includes('attributes')) {
		out.attributes = {
			fulfillment_availability: listing.channels.map((c) => ({
				fulfillment_channel_code: c.code,
				quantity: c.quantity,
			})),
		};
	}
	if (included.includes('fulfillmentAvailability')) {
		out.fulfillmentAvailability = listing.channels.map((c) => ({
			fulfillmentChannelCode: c.code,
			quantity: c.quantity,
		}));
	}
	if (included.includes('issues')) out.issues = [];
	return out;
}

function sellerOf(req: EmulatorRequest, error: AmazonErrorFactory): EmulatorResponse | string {
	const own = (req.principal as Principal).sellerId as string;
	if (req.params.sellerId !== own)
		return error(
			403,
			'Unauthorized',
			'Access to requested resource is denied.',
			`sellerId ${String(req.params.sellerId)} is not the seller of this token.`,
		);
	return own;
}

export function getListingsItem(
	req: EmulatorRequest,
	store: AmazonStore,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const seller = sellerOf(req, error);
	if (typeof seller !== 'string') return seller;
	const marketplace = listParam(req, 'marketplaceIds')[0] ?? '';
	const listing = store.listing(seller, marketplace, req.params.sku as string);
	if (!listing)
		return error(
			404,
			'NOT_FOUND',
			`SKU '${String(req.params.sku)}' not found in marketplace ${marketplace}`,
		);
	const included = listParam(req, 'includedData');
	return jsonResponse(200, presentListing(listing, included.length ? included : ['summaries']));
}

export function searchListingsItems(
	req: EmulatorRequest,
	store: AmazonStore,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const seller = sellerOf(req, error);
	if (typeof seller !== 'string') return seller;
	const marketplace = listParam(req, 'marketplaceIds')[0] ?? '';
	const pageSize = Math.min(20, Math.max(1, Number(req.query.get('pageSize') ?? 10)));
	const included = listParam(req, 'includedData');
	const all = [...store.listings.values()]
		.filter((l) => l.sellerId === seller && l.marketplaceId === marketplace)
		.sort((a, b) => a.sku.localeCompare(b.sku));
	return jsonResponse(200, {
		numberOfResults: all.length,
		items: all
			.slice(0, pageSize)
			.map((l) => presentListing(l, included.length ? included : ['summaries'])),
	});
}

export interface PatchOutcome {
	status: 'ACCEPTED' | 'INVALID' | 'VALID';
	issues: Json[];
}

/** A refused submission with one ERROR issue. */
function invalid(code: string, message: string, attributeNames: string[] = []): PatchOutcome {
	return {
		status: 'INVALID',
		issues: [
			{ code, message, severity: 'ERROR', attributeNames, categories: ['INVALID_ATTRIBUTE'] },
		],
	};
}

/** Applies (or, in preview, only checks) a patch to a listing: shared by the PATCH call and JSON_LISTINGS_FEED. */
export function applyListingPatch(
	listing: Listing | undefined,
	sku: string,
	productType: string,
	patches: Json[],
	now: number,
	preview: boolean,
): PatchOutcome {
	if (!listing)
		return invalid('8560', `SKU ${sku} is not a listing of this seller in this marketplace.`);
	if (productType !== listing.productType && productType !== 'PRODUCT') {
		return invalid(
			'90220',
			`productType ${productType} does not match the listing's product type ${listing.productType}.`,
			['productType'],
		);
	}
	const updates: Array<{ code: string; quantity: number }> = [];
	for (const patch of patches) {
		if (patch.path !== PATH)
			return invalid('90000900', `The emulator only changes ${PATH}; got ${String(patch.path)}.`, [
				String(patch.path),
			]);
		if (patch.op === 'delete')
			return invalid('90000900', 'fulfillment_availability cannot be deleted.', [
				'fulfillment_availability',
			]);
		for (const value of (patch.value ?? []) as Json[]) {
			const code = value.fulfillment_channel_code;
			const quantity = value.quantity;
			if (typeof code !== 'string' || code === '')
				return invalid('90000900', 'fulfillment_channel_code is required.', [
					'fulfillment_availability',
				]);
			if (!Number.isInteger(quantity) || quantity < 0)
				return invalid('90000900', 'quantity must be a whole number of at least 0.', [
					'fulfillment_availability',
				]);
			if (code.startsWith('AMAZON_'))
				return invalid(
					'90000900',
					`${code} quantities are managed by Amazon (FBA) and cannot be set.`,
					['fulfillment_availability'],
				);
			if (
				listing.channels.some((c) => c.code.startsWith('AMAZON_')) &&
				!listing.channels.some((c) => c.code === code)
			) {
				return invalid('90000900', `SKU ${sku} is fulfilled by Amazon: its stock is read-only.`, [
					'fulfillment_availability',
				]);
			}
			updates.push({ code, quantity });
		}
	}
	if (preview) return { status: 'VALID', issues: [] };
	for (const update of updates) {
		const channel = listing.channels.find((c) => c.code === update.code);
		if (channel) channel.quantity = update.quantity;
		else listing.channels.push(update);
	}
	listing.updatedAt = now;
	return { status: 'ACCEPTED', issues: [] };
}

export function patchListingsItem(
	req: EmulatorRequest,
	store: AmazonStore,
	now: number,
	error: AmazonErrorFactory,
): EmulatorResponse {
	const seller = sellerOf(req, error);
	if (typeof seller !== 'string') return seller;
	const marketplace = listParam(req, 'marketplaceIds')[0] ?? '';
	const sku = req.params.sku as string;
	const body = req.body as Json;
	const preview = req.query.get('mode') === 'VALIDATION_PREVIEW';
	const outcome = applyListingPatch(
		store.listing(seller, marketplace, sku),
		sku,
		String(body.productType),
		body.patches as Json[],
		now,
		preview,
	);
	return jsonResponse(200, {
		sku,
		status: outcome.status,
		submissionId: store.random.uuid(),
		issues: outcome.issues,
	});
}
