import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { errorMessage } from '../../../shared/errors';
import { planEach, runBatch, type BatchOutcome } from '../../../shared/execute';
import { STOCK_BATCH_SIZE, STOCK_RESULT_CODES } from '../../constants';
import type { ZalandoStockItem, ZalandoStockResult } from '../../transport';
import { show, validator, zalandoClient, UUID } from '../common';

const display = show('stock', 'update');
const MAX_QUANTITY = 1_000_000;

export const description: INodeProperties[] = [
	{
		displayName: 'EAN',
		name: 'ean',
		type: 'string',
		required: true,
		default: '',
		description: 'EAN (GTIN-13) of the product, as Zalando knows it',
		displayOptions: display,
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0 },
		required: true,
		default: 0,
		description: 'Units available to sell',
		displayOptions: display,
	},
	{
		displayName: 'Sales Channel Name or ID',
		name: 'salesChannelId',
		type: 'options',
		typeOptions: { loadOptionsMethod: 'getSalesChannels' },
		default: '',
		description:
			'The sales channel (country) whose stock is set. Empty: every live sales channel of the merchant. Choose from the list, or specify an ID using an <a href="https://docs.n8n.io/code/expressions/">expression</a>.',
		displayOptions: display,
	},
	{
		displayName:
			"All input items go out together, up to 1000 per request, paced to Zalando's limits of 60 requests and 2000 items a minute. Each item gets its own result; a rejected one fails alone.",
		name: 'stockNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

interface Planned {
	itemIndex: number;
	ean: string;
	quantity: number;
	/** undefined: every live channel */
	channel: string | undefined;
}

interface Entry {
	itemIndex: number;
	stock: ZalandoStockItem;
}

const key = (s: { ean?: string; sales_channel_id?: string }) => `${s.ean}|${s.sales_channel_id}`;

/** Batches of up to 1000 with each EAN + channel pair at most once per batch (Zalando refuses duplicates). */
export function stockBatches(entries: Entry[], size = STOCK_BATCH_SIZE): Entry[][] {
	const batches: Array<{ entries: Entry[]; keys: Set<string> }> = [];
	for (const entry of entries) {
		const k = key(entry.stock);
		let batch = batches.find((b) => b.entries.length < size && !b.keys.has(k));
		if (!batch) {
			batch = { entries: [], keys: new Set() };
			batches.push(batch);
		}
		batch.entries.push(entry);
		batch.keys.add(k);
	}
	return batches.map((b) => b.entries);
}

function describeResult(result: ZalandoStockResult | undefined): string {
	if (!result?.result) return "no result for this item in Zalando's answer";
	const code = result.result.code;
	const meaning = code !== undefined ? STOCK_RESULT_CODES[code] : undefined;
	return `${result.result.status ?? 'UNKNOWN'} (code ${code ?? '?'}${meaning ? `: ${meaning}` : ''})${
		result.result.description ? `: ${result.result.description}` : ''
	}`;
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await runBatch.call(
		this,
		async (indexes) => {
			const { planned, outcomes } = planEach(indexes, (i): Planned => {
				const v = validator(this, i);
				const channel = v.optionalString(
					{ label: 'Sales Channel', name: 'salesChannelId' },
					this.getNodeParameter('salesChannelId', i, ''),
					{ pattern: UUID, patternHint: 'a sales channel UUID, or empty for all' },
				);
				return {
					itemIndex: i,
					ean: v.ean({ label: 'EAN', name: 'ean' }, this.getNodeParameter('ean', i)),
					quantity: v.integer(
						{ label: 'Quantity', name: 'quantity' },
						this.getNodeParameter('quantity', i),
						0,
						MAX_QUANTITY,
					),
					channel: channel?.toLowerCase(),
				};
			});
			if (planned.length === 0) return outcomes;
			const client = await zalandoClient(this);
			let everyChannel: string[] | undefined;
			if (planned.some((p) => p.channel === undefined)) {
				try {
					everyChannel = (await client.salesChannels(planned[0].itemIndex))
						.filter((c) => c.live !== false)
						.map((c) => c.sales_channel_id);
				} catch (error) {
					for (const p of planned.filter((q) => q.channel === undefined))
						outcomes.push({ itemIndex: p.itemIndex, error: error as Error });
				}
			}
			const entries: Entry[] = planned.flatMap((p) =>
				(p.channel !== undefined ? [p.channel] : (everyChannel ?? [])).map((channel) => ({
					itemIndex: p.itemIndex,
					stock: { sales_channel_id: channel, ean: p.ean, quantity: p.quantity },
				})),
			);
			const results = new Map<
				number,
				Array<{ entry: Entry; result?: ZalandoStockResult; error?: Error }>
			>();
			const record = (entry: Entry, value: { result?: ZalandoStockResult; error?: Error }) => {
				const list = results.get(entry.itemIndex) ?? [];
				list.push({ entry, ...value });
				results.set(entry.itemIndex, list);
			};
			for (const batch of stockBatches(entries)) {
				try {
					const answer = await client.updateStocks(
						batch.map((e) => e.stock),
						batch[0].itemIndex,
					);
					const byKey = new Map(answer.map((r) => [key(r.item ?? {}), r]));
					batch.forEach((entry, n) =>
						record(entry, { result: byKey.get(key(entry.stock)) ?? answer[n] }),
					);
				} catch (error) {
					for (const entry of batch) record(entry, { error: error as Error });
				}
			}
			for (const p of planned) {
				const list = results.get(p.itemIndex);
				if (!list) {
					if (!outcomes.some((o) => o.itemIndex === p.itemIndex))
						outcomes.push({
							itemIndex: p.itemIndex,
							error: new NodeOperationError(
								this.getNode(),
								'The merchant has no live sales channel to set stock on',
								{ itemIndex: p.itemIndex },
							),
						});
					continue;
				}
				const channels = list.map(({ entry, result, error }) => ({
					salesChannelId: entry.stock.sales_channel_id,
					status: error ? 'ERROR' : (result?.result?.status ?? 'UNKNOWN'),
					code: result?.result?.code ?? null,
					description: error ? errorMessage(error) : describeResult(result),
				}));
				const failed = channels.filter((c) => c.status !== 'ACCEPTED');
				const outcome: BatchOutcome =
					failed.length === 0
						? {
								itemIndex: p.itemIndex,
								json: {
									ean: p.ean,
									quantity: p.quantity,
									status: 'updated',
									salesChannels: channels,
								},
							}
						: {
								itemIndex: p.itemIndex,
								error: new NodeOperationError(
									this.getNode(),
									`Stock of EAN ${p.ean} not updated on ${failed.length} of ${channels.length} sales channel(s): ${failed
										.map((c) => `${c.salesChannelId}: ${c.description}`)
										.join('; ')}`,
									{
										itemIndex: p.itemIndex,
										description:
											channels.length > failed.length
												? `Applied on: ${channels
														.filter((c) => c.status === 'ACCEPTED')
														.map((c) => c.salesChannelId)
														.join(', ')}`
												: undefined,
									},
								),
							};
				outcomes.push(outcome);
			}
			return outcomes;
		},
		'stock updates',
	);
}
