import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { locatorProperty, readLocator, type LocatorSpec } from '../../../shared/locators';
import { optionsCollection, show } from '../../../shared/router';
import { FINAL_PROCESSING_STATUSES } from '../../constants';
import { parseProcessingReport } from '../../feeds';
import { amazonClient, feedWait, feedWaitOptions, validator } from '../common';

const display = show('feed', 'get');

/**
 * The feed picker; its name stays `feedId` so plain-string values and expressions (`{{ $json.feed.feedId }}`) keep
 * working. No "By URL": Seller Central documents no page per feed.
 */
export const FEED_LOCATOR: LocatorSpec = {
	displayName: 'Feed ID',
	name: 'feedId',
	description:
		'The Amazon feed: pick one of the feeds this node submits (stock listings, order acknowledgements, payment adjustments) of the last 90 days, newest first (type to filter by ID, type or status), or type the feed ID an operation returned (`feed.feedId`). For an AI agent: the feed ID as digits, e.g. 3485934.',
	searchListMethod: 'searchFeeds',
	listPlaceholder: 'Select a feed...',
	id: {
		regex: '[A-Za-z0-9-]{1,100}',
		hint: 'an Amazon feed ID, letters, digits and - (e.g. 3485934)',
		placeholder: '3485934',
	},
};

export const description: INodeProperties[] = [
	{ ...locatorProperty(FEED_LOCATOR), displayOptions: display },
	optionsCollection(display, [
		{
			...feedWaitOptions[0],
			default: false,
			description: 'Whether to wait until Amazon has finished processing the feed',
		},
		feedWaitOptions[1],
		{
			displayName: 'Include Processing Report',
			name: 'includeReport',
			type: 'boolean',
			default: true,
			description: 'Whether to download and read the processing report of a finished feed',
		},
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const feedId = readLocator(
			v,
			{ label: 'Feed ID', name: 'feedId' },
			this.getNodeParameter('feedId', i),
			FEED_LOCATOR,
		);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const wait = feedWait({ waitForProcessing: false, ...options }, v);
		const feed = wait.wait
			? await client.waitForFeed(feedId, wait.timeoutMs, i)
			: await client.getFeed(feedId, i);
		const result: IDataObject = {
			feedId: feed.feedId,
			feedType: feed.feedType,
			processingStatus: feed.processingStatus,
			finished: FINAL_PROCESSING_STATUSES.includes(feed.processingStatus),
			marketplaceIds: feed.marketplaceIds ?? [],
			createdTime: feed.createdTime,
			processingStartTime: feed.processingStartTime ?? null,
			processingEndTime: feed.processingEndTime ?? null,
			resultFeedDocumentId: feed.resultFeedDocumentId ?? null,
		};
		if (options.includeReport !== false && feed.resultFeedDocumentId) {
			const text = await client.feedResult(feed, i);
			result.report =
				text === undefined ? null : (parseProcessingReport(text) as unknown as IDataObject);
		}
		return result;
	});
}
