import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getClock } from '../../../shared/clock';
import { runPerItem } from '../../../shared/execute';
import { returnAllProperties } from '../../../shared/options';
import { optionsCollection, show } from '../../../shared/router';
import { RETURNS_REPORT } from '../../constants';
import { AMAZON_RETURNS_NOTE, parseFlatFile, toMarketplaceReturns } from '../../reports';
import {
	amazonClient,
	mappingSettingsFrom,
	marketplaceIds,
	marketplaceIdsOption,
	validator,
} from '../common';

const display = show('return', 'getAll');
const DAY = 24 * 3_600_000;
const MAX_LIMIT = 5000;

export const description: INodeProperties[] = [
	{
		displayName:
			"Amazon manages returns of seller-fulfilled orders itself; the API cannot authorize, reject or handle them. This reads Amazon's returns report (at most 60 days per run); refund with Refund > Create.",
		name: 'returnsNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
	{
		displayName: 'Returned After',
		name: 'after',
		type: 'dateTime',
		default: '',
		required: true,
		displayOptions: display,
		description: 'Start of the period, by return request date',
	},
	{
		displayName: 'Returned Before',
		name: 'before',
		type: 'dateTime',
		default: '',
		displayOptions: display,
		description: 'End of the period. Empty: now. At most 60 days after the start.',
	},
	...returnAllProperties('return', 'getAll', MAX_LIMIT),
	optionsCollection(display, [
		marketplaceIdsOption,
		{
			displayName: 'Report Timeout (Seconds)',
			name: 'reportTimeout',
			type: 'number',
			typeOptions: { minValue: 10, maxValue: 3600 },
			default: 600,
			description: 'How long to wait for Amazon to generate the report',
		},
		{
			displayName: 'SKU Prefix to Crop',
			name: 'skuPrefixPattern',
			type: 'string',
			default: '',
			description: 'Regular expression removed from the start of each SKU',
		},
		{
			displayName: 'SKU Suffix to Crop',
			name: 'skuSuffixPattern',
			type: 'string',
			default: '',
			description: 'Regular expression removed from the end of each SKU',
		},
		{
			displayName: 'Include Raw Payload',
			name: 'includeRaw',
			type: 'boolean',
			default: false,
			description: 'Whether to add the report rows as `raw` to each return',
		},
	]),
];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await amazonClient(this);
	return await runPerItem.call(this, async (i) => {
		const v = validator(this, i);
		const now = getClock().now();
		const after = v
			.date({ label: 'Returned After', name: 'after' }, this.getNodeParameter('after', i))
			.getTime();
		const rawBefore = this.getNodeParameter('before', i, '');
		const before = rawBefore
			? Math.min(v.date({ label: 'Returned Before', name: 'before' }, rawBefore).getTime(), now)
			: now;
		if (after >= before)
			v.fail(
				{ label: 'Returned After', name: 'after' },
				this.getNodeParameter('after', i),
				'a time before "Returned Before" and before now',
			);
		if (before - after > RETURNS_REPORT.maxRangeDays * DAY) {
			v.fail(
				{ label: 'Returned Before', name: 'before' },
				rawBefore || new Date(before).toISOString(),
				`a time at most ${RETURNS_REPORT.maxRangeDays} days after "Returned After" (Amazon's limit for this report)`,
			);
		}
		const returnAll = this.getNodeParameter('returnAll', i) as boolean;
		const limit = returnAll
			? MAX_LIMIT
			: v.integer(
					{ label: 'Limit', name: 'limit' },
					this.getNodeParameter('limit', i),
					1,
					MAX_LIMIT,
				);
		const options = this.getNodeParameter('options', i, {}) as IDataObject;
		const marketplaces = marketplaceIds(
			client,
			options.marketplaceIds,
			v,
			'options.marketplaceIds',
			25,
		);
		const timeout = v.integer(
			{ label: 'Report Timeout (Seconds)', name: 'options.reportTimeout' },
			options.reportTimeout ?? 600,
			10,
			3600,
		);
		const settings = mappingSettingsFrom(options, v);

		const reportId = await client.createReport(
			{
				reportType: RETURNS_REPORT.reportType,
				marketplaceIds: marketplaces,
				dataStartTime: new Date(after).toISOString(),
				dataEndTime: new Date(before).toISOString(),
			},
			i,
		);
		const { report, finished } = await client.waitForReport(reportId, timeout * 1000, i);
		if (!finished) {
			throw new NodeOperationError(
				this.getNode(),
				`Amazon has not finished the returns report ${reportId} after ${timeout} s (${report.processingStatus})`,
				{
					itemIndex: i,
					description:
						'Raise "Report Timeout" or run again later; Amazon usually needs a few minutes.',
				},
			);
		}
		// Amazon cancels a report that has no data
		if (report.processingStatus === 'CANCELLED') return [];
		if (report.processingStatus === 'FATAL' || !report.reportDocumentId) {
			throw new NodeOperationError(
				this.getNode(),
				`Amazon could not generate the returns report ${reportId} (${report.processingStatus})`,
				{
					itemIndex: i,
					description: AMAZON_RETURNS_NOTE,
				},
			);
		}
		const returns = toMarketplaceReturns(
			parseFlatFile(await client.reportContent(report, i)),
			settings,
		);
		return returns.slice(0, limit) as unknown as IDataObject[];
	});
}
