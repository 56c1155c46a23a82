import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { runPerItem } from '../../../shared/execute';
import { optionsCollection, show } from '../../../shared/router';
import { FINAL_PROCESSING_STATUSES } from '../../constants';
import { parseProcessingReport } from '../../feeds';
import { amazonClient, feedWait, feedWaitOptions, validator } from '../common';

const display = show('feed', 'get');

export const description: INodeProperties[] = [
	{
		displayName: 'Feed ID',
		name: 'feedId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '3485934',
		description: 'The feed ID an operation returned (`feed.feedId`)',
		displayOptions: display,
	},
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
		const feedId = v.string(
			{ label: 'Feed ID', name: 'feedId' },
			this.getNodeParameter('feedId', i),
			{
				maxLength: 100,
				pattern: /^[A-Za-z0-9-]+$/,
				patternHint: 'letters, digits and -',
			},
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
