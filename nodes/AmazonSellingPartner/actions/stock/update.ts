import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

import { errorMessage } from '../../../shared/errors';
import { locatorProperty, readLocator, type LocatorSpec } from '../../../shared/locators';
import { runJobs, type SubmitOutcome } from '../../../shared/jobs';
import { optionsCollection, show } from '../../../shared/router';
import type { InputValidator } from '../../../shared/validation';
import {
	DEFAULT_FEED_THRESHOLD,
	FBA_CHANNEL_PREFIX,
	FEED_CONTENT_TYPES,
	FEED_TYPES,
	MAX_FEED_MESSAGES,
	MERCHANT_CHANNEL,
} from '../../constants';
import { listingsStockFeed, stockPatch } from '../../feeds';
import type { AmazonClient, ListingsIssue } from '../../transport';
import {
	amazonClient,
	feedWait,
	feedWaitOptions,
	marketplaceIds,
	validator,
	type FeedWait,
} from '../common';
import {
	feedItemResult,
	feedSettle,
	messageOutcome,
	submitFeedJob,
	type FeedRun,
} from '../feedRun';

const display = show('stock', 'update');

/** Amazon's limit for a Seller SKU. */
const MAX_SKU_LENGTH = 40;
const MAX_QUANTITY = 1_000_000_000;

/**
 * The listing picker; its name stays `sku` so plain-string values and expressions (the stock templates' SKU) keep
 * working. No "By URL": Seller Central documents no page per listing.
 */
export const SKU_LOCATOR: LocatorSpec = {
	displayName: 'Seller SKU',
	name: 'sku',
	description:
		"Your listing: pick one of your listings in the marketplace below (the credential's first when none is chosen; type to filter by SKU, ASIN or title, a whole SKU is looked up) or type its SKU (as Amazon knows it, before any cropping). For an AI agent: the seller SKU as text, e.g. SKU-1001.",
	searchListMethod: 'searchListings',
	listPlaceholder: 'Select a listing...',
	id: {
		regex: `\\S(?:.{0,${MAX_SKU_LENGTH - 2}}\\S)?`,
		hint: `a seller SKU of 1 to ${MAX_SKU_LENGTH} characters`,
		placeholder: 'SKU-1001',
	},
};

const FBA_READ_ONLY =
	"a merchant-fulfilled SKU: Amazon-fulfilled (FBA) stock is the stock in Amazon's fulfilment centres and is read-only through the API (send inventory to Amazon to change it)";

export const description: INodeProperties[] = [
	{ ...locatorProperty(SKU_LOCATOR), displayOptions: display },
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		required: true,
		description: 'Stock you have for sale on Amazon (merchant-fulfilled)',
		displayOptions: display,
	},
	optionsCollection(display, [
		{
			displayName: 'Update Method',
			name: 'updateMethod',
			type: 'options',
			default: 'auto',
			options: [
				{
					name: 'Automatic',
					value: 'auto',
					description:
						'Up to the Feed Threshold SKUs one by one through the Listings Items API, more as one JSON_LISTINGS_FEED',
				},
				{
					name: 'Listings Items API',
					value: 'listings',
					description: 'One PATCH per SKU, answered at once',
				},
				{
					name: 'JSON Listings Feed',
					value: 'feed',
					description: 'One feed for all SKUs, processed by Amazon within minutes',
				},
			],
		},
		{
			displayName: 'Feed Threshold',
			name: 'feedThreshold',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 1000 },
			default: DEFAULT_FEED_THRESHOLD,
			description: 'With the automatic method: more SKUs than this in one run go through a feed',
		},
		{
			displayName: 'Fulfillment Channel Code',
			name: 'fulfillmentChannelCode',
			type: 'string',
			default: MERCHANT_CHANNEL,
			description: 'DEFAULT for stock you ship yourself. AMAZON_* (FBA) channels are read-only.',
		},
		{
			displayName: 'Product Type',
			name: 'productType',
			type: 'string',
			default: 'PRODUCT',
			description:
				"Amazon product type sent with each update. The Listings Items API method reads each listing's own type first; the feed uses this value.",
		},
		{
			displayName: 'Marketplace Name or ID',
			name: 'marketplaceId',
			type: 'options',
			typeOptions: { loadOptionsMethod: 'getMarketplaces' },
			default: '',
			description:
				'The marketplace whose listing is updated, from the credential\'s marketplaces. Empty: each of them, one by one (Amazon takes one marketplace per update), with one result per marketplace. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		},
		...feedWaitOptions,
	]),
];

interface Planned {
	itemIndex: number;
	sku: string;
	quantity: number;
	channel: string;
	productType: string;
	/** One update per marketplace: Amazon takes one marketplace per listings PATCH and per feed. */
	marketplaceIds: string[];
	method: 'auto' | 'listings' | 'feed';
	threshold: number;
	wait: FeedWait;
}

function issueText(issues: ListingsIssue[]): string {
	return issues
		.map(
			(i) =>
				`${i.code}: ${i.message}${i.attributeNames?.length ? ` (${i.attributeNames.join(', ')})` : ''}`,
		)
		.join('; ');
}

/** One SKU through the Listings Items API: read the listing (product type, FBA?), then PATCH its quantity. */
async function updateOne(
	ctx: IExecuteFunctions,
	client: AmazonClient,
	plan: Planned & { marketplaceId: string },
): Promise<IDataObject> {
	const v: InputValidator = validator(ctx, plan.itemIndex);
	const listing = await client.getListingsItem(plan.sku, [plan.marketplaceId], plan.itemIndex);
	if (!listing)
		v.fail(
			{ label: 'Seller SKU', name: 'sku' },
			plan.sku,
			`the SKU of one of your listings in marketplace ${plan.marketplaceId} (Amazon has none)`,
		);
	const channels = (listing.fulfillmentAvailability ?? []).map((f) => f.fulfillmentChannelCode);
	if (channels.length > 0 && channels.every((c) => c.startsWith(FBA_CHANNEL_PREFIX))) {
		v.fail(
			{ label: 'Seller SKU', name: 'sku' },
			plan.sku,
			`${FBA_READ_ONLY}; this SKU is fulfilled through ${channels.join(', ')}`,
		);
	}
	const productType =
		listing.summaries?.find((s) => s.marketplaceId === plan.marketplaceId)?.productType ??
		listing.summaries?.[0]?.productType ??
		plan.productType;
	const submission = await client.patchListingsItem(
		plan.sku,
		[plan.marketplaceId],
		{ productType, patches: [stockPatch(plan.quantity, plan.channel)] },
		plan.itemIndex,
	);
	const issues = submission.issues ?? [];
	const errors = issues.filter((i) => i.severity === 'ERROR');
	if (submission.status !== 'ACCEPTED' || errors.length > 0) {
		v.fail(
			{ label: 'Seller SKU', name: 'sku' },
			plan.sku,
			`a listing Amazon accepts the update for; Amazon answered ${submission.status}: ${issueText(errors.length ? errors : issues) || 'no reason given'}`,
		);
	}
	return {
		sku: plan.sku,
		quantity: plan.quantity,
		fulfillmentChannelCode: plan.channel,
		marketplaceId: plan.marketplaceId,
		method: 'listings',
		status: 'accepted',
		submissionId: submission.submissionId,
		warnings: issues.map((i) => ({
			severity: i.severity,
			code: i.code,
			message: i.message,
			attributeName: i.attributeNames?.join(', ') ?? null,
		})),
	};
}

function plan(
	ctx: IExecuteFunctions,
	client: AmazonClient,
	i: number,
	seen: Map<string, number>,
): Planned {
	const v = validator(ctx, i);
	const options = ctx.getNodeParameter('options', i, {}) as IDataObject;
	const sku = readLocator(
		v,
		{ label: 'Seller SKU', name: 'sku' },
		ctx.getNodeParameter('sku', i),
		SKU_LOCATOR,
	);
	const channelField = {
		label: 'Fulfillment Channel Code',
		name: 'options.fulfillmentChannelCode',
	};
	const channel = v.string(channelField, options.fulfillmentChannelCode ?? MERCHANT_CHANNEL, {
		maxLength: 40,
		pattern: /^[A-Z0-9_]+$/,
		patternHint: 'like DEFAULT',
	});
	if (channel.startsWith(FBA_CHANNEL_PREFIX))
		v.fail(channelField, channel, `DEFAULT or another merchant channel: ${FBA_READ_ONLY}`);
	// typed: that one marketplace; empty: each of the credential's marketplaces, one update each
	const typed = options.marketplaceId;
	const marketplaces =
		typed === undefined || typed === null || String(typed).trim() === ''
			? marketplaceIds(client, undefined, v, 'options.marketplaceId')
			: marketplaceIds(client, typed, v, 'options.marketplaceId', 1);
	for (const marketplace of marketplaces) {
		const key = `${marketplace}|${channel}|${sku}`;
		if (seen.has(key) && seen.get(key) !== i)
			v.fail(
				{ label: 'Seller SKU', name: 'sku' },
				sku,
				`each SKU once per run (input item ${seen.get(key)} updates it already)`,
			);
	}
	for (const marketplace of marketplaces) seen.set(`${marketplace}|${channel}|${sku}`, i);
	return {
		itemIndex: i,
		sku,
		quantity: v.integer(
			{ label: 'Quantity', name: 'quantity' },
			ctx.getNodeParameter('quantity', i),
			0,
			MAX_QUANTITY,
		),
		channel,
		productType: v.string(
			{ label: 'Product Type', name: 'options.productType' },
			options.productType ?? 'PRODUCT',
			{
				maxLength: 100,
				pattern: /^[A-Z0-9_]+$/,
				patternHint: 'an Amazon product type like PRODUCT or LUGGAGE',
			},
		),
		marketplaceIds: marketplaces,
		method: v.oneOf(
			{ label: 'Update Method', name: 'options.updateMethod' },
			options.updateMethod ?? 'auto',
			['auto', 'listings', 'feed'],
		),
		threshold: v.integer(
			{ label: 'Feed Threshold', name: 'options.feedThreshold' },
			options.feedThreshold ?? DEFAULT_FEED_THRESHOLD,
			1,
			1000,
		),
		wait: feedWait(options, v),
	};
}

type Part = { marketplaceId: string; json?: IDataObject; error?: Error };

/**
 * One item's result over its marketplaces: one object for one marketplace, one per marketplace for more. When the
 * update failed in a marketplace, the item's error names where it failed and where it was applied.
 */
function combine(ctx: IExecuteFunctions, p: Planned, parts: Part[]): IDataObject | IDataObject[] {
	const failed = parts.filter((part) => part.error);
	if (failed.length === 0)
		return parts.length === 1 ? parts[0].json! : parts.map((part) => part.json!);
	if (parts.length === 1) throw failed[0].error!;
	const applied = parts.filter((part) => !part.error);
	throw new NodeOperationError(
		ctx.getNode(),
		`Could not update the stock of SKU ${p.sku} in ${failed
			.map((f) => `marketplace ${f.marketplaceId} (${errorMessage(f.error)})`)
			.join(', ')}`,
		{
			itemIndex: p.itemIndex,
			description: applied.length
				? `It was sent to marketplace ${applied
						.map((a) => `${a.marketplaceId} (${String(a.json?.status)})`)
						.join(', ')}.`
				: 'It was applied in no marketplace.',
		},
	);
}

/**
 * Updates stock per SKU and marketplace: Amazon takes one marketplace per listings PATCH and per listings feed, so
 * an item for the credential's marketplaces updates each of them separately (one feed per marketplace), with a
 * result per marketplace. Runs on the job runner: all items checked first, feeds settled together.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	const seen = new Map<string, number>();
	let size = 0;
	return await runJobs<Planned, FeedRun>(this, {
		noun: 'stock updates',
		plan: (i) => plan(this, client, i, seen),
		submit: {
			all: async (items) => {
				const planned = items.map((item) => item.plan);
				const outcomes: Array<SubmitOutcome<FeedRun>> = [];
				// a few SKUs one by one, many in one feed per marketplace
				const useFeed = (p: Planned) =>
					p.method === 'feed' || (p.method === 'auto' && planned.length > p.threshold);
				for (const p of planned.filter((candidate) => !useFeed(candidate))) {
					const parts: Part[] = [];
					for (const marketplaceId of p.marketplaceIds) {
						try {
							parts.push({
								marketplaceId,
								json: await updateOne(this, client, { ...p, marketplaceId }),
							});
						} catch (error) {
							parts.push({ marketplaceId, error: error as Error });
						}
					}
					try {
						outcomes.push({ itemIndex: p.itemIndex, json: combine(this, p, parts) });
					} catch (error) {
						outcomes.push({ itemIndex: p.itemIndex, error: error as Error });
					}
				}

				const byMarketplace = new Map<string, Planned[]>();
				for (const p of planned.filter(useFeed))
					for (const marketplace of p.marketplaceIds)
						byMarketplace.set(marketplace, [...(byMarketplace.get(marketplace) ?? []), p]);
				const feedParts = new Map<
					number,
					Array<{ marketplaceId: string; run?: FeedRun; messageId?: number; error?: Error }>
				>();
				for (const [marketplace, plans] of byMarketplace) {
					for (let start = 0; start < plans.length; start += MAX_FEED_MESSAGES) {
						const messages = plans
							.slice(start, start + MAX_FEED_MESSAGES)
							.map((p, n) => ({ ...p, marketplaceId: marketplace, messageId: n + 1 }));
						size = Math.max(size, messages.length);
						let run: FeedRun | undefined;
						let error: Error | undefined;
						try {
							run = await submitFeedJob(
								client,
								{
									type: FEED_TYPES.listings,
									content: listingsStockFeed(client.sellerId, messages),
									contentType: FEED_CONTENT_TYPES.json,
									marketplaceIds: [marketplace],
									wait: messages[0].wait,
								},
								messages[0].itemIndex,
							);
						} catch (e) {
							error = e as Error;
						}
						for (const m of messages) {
							const list = feedParts.get(m.itemIndex) ?? [];
							list.push({ marketplaceId: marketplace, run, messageId: m.messageId, error });
							feedParts.set(m.itemIndex, list);
						}
					}
				}
				for (const p of planned.filter(useFeed)) {
					const parts = feedParts.get(p.itemIndex) ?? [];
					const sent = parts.filter((part) => part.run);
					if (sent.length === 0) {
						outcomes.push({ itemIndex: p.itemIndex, error: parts[0].error! });
						continue;
					}
					outcomes.push({
						itemIndex: p.itemIndex,
						jobs: {
							jobs: sent.map((part) => ({ key: part.run!.feedId, state: part.run! })),
							wait: p.wait,
							describe: (states) => {
								const latest = new Map(states.map((state) => [state.feedId, state]));
								const results: Part[] = parts.map((part) => {
									if (!part.run) return { marketplaceId: part.marketplaceId, error: part.error };
									const run = latest.get(part.run.feedId) ?? part.run;
									try {
										const { status, warnings } = messageOutcome(
											this,
											run,
											part.messageId!,
											p.itemIndex,
											`update the stock of SKU ${p.sku}`,
										);
										return {
											marketplaceId: part.marketplaceId,
											json: feedItemResult(
												{
													sku: p.sku,
													quantity: p.quantity,
													fulfillmentChannelCode: p.channel,
													marketplaceId: part.marketplaceId,
													method: 'feed',
												},
												'accepted',
											)(status, warnings, run),
										};
									} catch (error) {
										return { marketplaceId: part.marketplaceId, error: error as Error };
									}
								});
								return combine(this, p, results);
							},
						},
					});
				}
				return outcomes;
			},
		},
		settle: feedSettle(client, () => size),
	});
}
