import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { planEach, runBatch } from '../../../shared/execute';
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
import { feedBatch, feedItemResult } from '../feedRun';

const display = show('stock', 'update');

/** Amazon's limit for a Seller SKU. */
const MAX_SKU_LENGTH = 40;
const MAX_QUANTITY = 1_000_000_000;

const FBA_READ_ONLY =
	"a merchant-fulfilled SKU: Amazon-fulfilled (FBA) stock is the stock in Amazon's fulfilment centres and is read-only through the API (send inventory to Amazon to change it)";

export const description: INodeProperties[] = [
	{
		displayName: 'Seller SKU',
		name: 'sku',
		type: 'string',
		default: '',
		required: true,
		description: 'The SKU of your listing (as Amazon knows it, before any cropping)',
		displayOptions: display,
	},
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
			displayName: 'Marketplace ID',
			name: 'marketplaceId',
			type: 'string',
			default: '',
			placeholder: 'A1PA6795UKMFR9',
			description:
				"The marketplace whose listing is updated. Empty: the credential's first marketplace.",
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
	marketplaceId: string;
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
	plan: Planned,
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
	const sku = v.string({ label: 'Seller SKU', name: 'sku' }, ctx.getNodeParameter('sku', i), {
		maxLength: MAX_SKU_LENGTH,
	});
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
	const marketplace = marketplaceIds(
		client,
		options.marketplaceId,
		v,
		'options.marketplaceId',
		1,
	)[0];
	const key = `${marketplace}|${channel}|${sku}`;
	if (seen.has(key))
		v.fail(
			{ label: 'Seller SKU', name: 'sku' },
			sku,
			`each SKU once per run (input item ${seen.get(key)} updates it already)`,
		);
	seen.set(key, i);
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
		marketplaceId: marketplace,
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

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runBatch.call(
		this,
		async (indexes) => {
			// 1. validate every item before any request
			const seen = new Map<string, number>();
			const { planned, outcomes } = planEach(indexes, (i) => plan(this, client, i, seen));

			// 2. choose: a few SKUs one by one, many in one feed per marketplace
			const useFeed = (p: Planned) =>
				p.method === 'feed' || (p.method === 'auto' && planned.length > p.threshold);
			for (const p of planned.filter((candidate) => !useFeed(candidate))) {
				try {
					outcomes.push({ itemIndex: p.itemIndex, json: await updateOne(this, client, p) });
				} catch (error) {
					outcomes.push({ itemIndex: p.itemIndex, error: error as Error });
				}
			}
			const byMarketplace = new Map<string, Planned[]>();
			for (const p of planned.filter(useFeed))
				byMarketplace.set(p.marketplaceId, [...(byMarketplace.get(p.marketplaceId) ?? []), p]);
			for (const [marketplace, plans] of byMarketplace) {
				for (let start = 0; start < plans.length; start += MAX_FEED_MESSAGES) {
					const messages = plans
						.slice(start, start + MAX_FEED_MESSAGES)
						.map((p, n) => ({ ...p, messageId: n + 1 }));
					const feed = {
						type: FEED_TYPES.listings,
						content: listingsStockFeed(client.sellerId, messages),
						contentType: FEED_CONTENT_TYPES.json,
						marketplaceIds: [marketplace],
						wait: messages[0].wait,
					};
					outcomes.push(
						...(await feedBatch(this, client, feed, messages, (m) => ({
							what: `update the stock of SKU ${m.sku}`,
							json: feedItemResult(
								{
									sku: m.sku,
									quantity: m.quantity,
									fulfillmentChannelCode: m.channel,
									marketplaceId: marketplace,
									method: 'feed',
								},
								'accepted',
							),
						}))),
					);
				}
			}
			return outcomes;
		},
		'stock updates',
	);
}
