import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { planEach, runBatch, type BatchOutcome } from '../../../shared/execute';
import { buildXml, child, xmlElement } from '../../../shared/xml';
import { codeMeaning, SCRIPTS, STOCK_BATCH_MAX_PRODUCTS, STOCK_UNCHANGED } from '../../constants';
import type { SpartooClient } from '../../transport';
import { codeOf, readBatchStockResults } from '../../transport/read';
import { show, spartooClient, validator } from '../common';

const display = show('stock', 'update');

export const description: INodeProperties[] = [
	{
		displayName: 'Product Reference',
		name: 'reference',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SKU-123',
		description: 'Your reference of the product at Spartoo (`reference_partenaire`)',
		displayOptions: display,
	},
	{
		displayName: 'Size Reference',
		name: 'sizeReference',
		type: 'string',
		default: '',
		placeholder: 'e.g. SKU-123-38',
		description:
			'Your reference of the size (`products_size_reference`, set when the product was imported). Empty: a product without sizes.',
		displayOptions: display,
	},
	{
		displayName: 'Quantity',
		name: 'quantity',
		type: 'number',
		typeOptions: { minValue: 0, maxValue: 99999 },
		default: 0,
		description: 'The stock to set (not a change). 0 takes the product offline at Spartoo.',
		displayOptions: display,
	},
	{
		displayName:
			'One input item = one size. A run with one size uses xml_maj_stock.php; two or more go through xml_maj_stock_batch.php, up to 500 products per call. Each item gets its code: 1 updated, -18 unchanged (not an error), -14 not found, -16 quantity refused, -20 size no longer valid (Spartoo set it to 0). Stock 0 takes the product offline.',
		name: 'stockNotice',
		type: 'notice',
		default: '',
		displayOptions: display,
	},
];

interface Planned {
	itemIndex: number;
	reference: string;
	sizeReference: string | null;
	quantity: number;
}

const REFERENCE_RULE = {
	maxLength: 100,
	pattern: /^\S(.*\S)?$/,
	patternHint: 'no leading or trailing spaces',
};

function plan(ctx: IExecuteFunctions, i: number): Planned {
	const v = validator(ctx, i);
	return {
		itemIndex: i,
		reference: v.string(
			{ label: 'Product Reference', name: 'reference' },
			ctx.getNodeParameter('reference', i),
			REFERENCE_RULE,
		),
		sizeReference:
			v.optionalString(
				{ label: 'Size Reference', name: 'sizeReference' },
				ctx.getNodeParameter('sizeReference', i, ''),
				REFERENCE_RULE,
			) ?? null,
		quantity: v.integer(
			{ label: 'Quantity', name: 'quantity' },
			ctx.getNodeParameter('quantity', i),
			0,
			99999,
		),
	};
}

/** What one size's code means for its item: a result, or an error (-14, -16, -20 and anything unknown). */
function outcomeOf(ctx: IExecuteFunctions, p: Planned, code: number, script: string): BatchOutcome {
	const json: IDataObject = {
		reference: p.reference,
		sizeReference: p.sizeReference,
		quantity: p.quantity,
		code,
		meaning: codeMeaning(code),
		script,
	};
	if (code === 1 || code === STOCK_UNCHANGED) {
		return {
			itemIndex: p.itemIndex,
			json: {
				...json,
				success: true,
				result: code === 1 ? 'updated' : 'unchanged',
				offline: p.quantity === 0,
			},
		};
	}
	return {
		itemIndex: p.itemIndex,
		error: new NodeOperationError(
			ctx.getNode(),
			`Spartoo did not set the stock of ${p.reference}${p.sizeReference ? ` size ${p.sizeReference}` : ''} to ${p.quantity}: code ${code}, ${codeMeaning(code)}`,
			{ itemIndex: p.itemIndex },
		),
	};
}

/** The catalogue `xml_maj_stock_batch` takes (S-D5b): products with their sizes, or `product_quantity` without. */
export function stockBatchXml(products: Map<string, Planned[]>): string {
	return buildXml(
		xmlElement('catalogue', {}, [
			xmlElement(
				'products',
				{},
				[...products.entries()].map(([reference, sizes]) =>
					xmlElement('product', {}, [
						xmlElement('reference_partenaire', {}, [reference]),
						sizes[0].sizeReference === null
							? xmlElement('product_quantity', {}, [sizes[0].quantity])
							: xmlElement(
									'size_list',
									{},
									sizes.map((s) =>
										xmlElement('size', {}, [
											xmlElement('size_reference', {}, [s.sizeReference]),
											xmlElement('size_quantity', {}, [s.quantity]),
										]),
									),
								),
					]),
				),
			),
		]),
	);
}

async function single(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	p: Planned,
): Promise<BatchOutcome> {
	const answer = await client.post({
		script: SCRIPTS.stock,
		form: {
			reference_partenaire: p.reference,
			products_size_reference: p.sizeReference,
			products_quantity: p.quantity,
		},
		operation: `set the stock of ${p.reference} size ${p.sizeReference}`,
		itemIndex: p.itemIndex,
		accept: [-14, -16, STOCK_UNCHANGED, -20],
	});
	return outcomeOf(ctx, p, answer.code, SCRIPTS.stock);
}

async function batch(
	ctx: IExecuteFunctions,
	client: SpartooClient,
	chunk: Map<string, Planned[]>,
): Promise<BatchOutcome[]> {
	const all = [...chunk.values()].flat();
	let answer;
	try {
		answer = await client.post({
			script: SCRIPTS.stockBatch,
			form: { xml: stockBatchXml(chunk) },
			operation: `set the stock of ${all.length} size(s) of ${chunk.size} product(s)`,
			itemIndex: all[0].itemIndex,
		});
	} catch (error) {
		return all.map((p) => ({ itemIndex: p.itemIndex, error: error as Error }));
	}
	const results = readBatchStockResults(answer.root);
	const hasList = child(answer.root, 'products') !== undefined;
	return all.map((p) => {
		const found =
			results.find((r) => r.reference === p.reference && r.sizeReference === p.sizeReference) ??
			results.find((r) => r.reference === p.reference && r.sizeReference === null);
		if (found) return outcomeOf(ctx, p, found.code, SCRIPTS.stockBatch);
		// an answer without a list: the global code stands for every size [unverified]
		if (!hasList)
			return outcomeOf(ctx, p, codeOf(child(answer.root, 'errors')) ?? 1, SCRIPTS.stockBatch);
		return {
			itemIndex: p.itemIndex,
			error: new NodeOperationError(
				ctx.getNode(),
				`Spartoo's answer has no result for ${p.reference}${p.sizeReference ? ` size ${p.sizeReference}` : ''}: its stock may or may not have been set`,
				{ itemIndex: p.itemIndex },
			),
		};
	});
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	const client = await spartooClient(this);
	return await runBatch.call(
		this,
		async (indexes) => {
			const { planned, outcomes } = planEach(indexes, (i) => plan(this, i));
			// one entry per product and size: a second item for the same size, or a product both with and without sizes,
			// is refused before anything is sent
			const products = new Map<string, Planned[]>();
			const valid: Planned[] = [];
			for (const p of planned) {
				const sizes = products.get(p.reference) ?? [];
				const v = validator(this, p.itemIndex);
				try {
					if (sizes.some((s) => s.sizeReference === p.sizeReference))
						v.fail(
							{ label: 'Size Reference', name: 'sizeReference' },
							p.sizeReference ?? '',
							`a size not listed before in this run (${p.reference} ${p.sizeReference ?? 'without size'} is already item ${sizes.find((s) => s.sizeReference === p.sizeReference)?.itemIndex})`,
						);
					if (sizes.length > 0 && (sizes[0].sizeReference === null) !== (p.sizeReference === null))
						v.fail(
							{ label: 'Size Reference', name: 'sizeReference' },
							p.sizeReference ?? '',
							`the same kind as the other items of product ${p.reference}: all with a size reference, or one item without`,
						);
				} catch (error) {
					outcomes.push({ itemIndex: p.itemIndex, error: error as Error });
					continue;
				}
				sizes.push(p);
				products.set(p.reference, sizes);
				valid.push(p);
			}
			if (valid.length === 1 && valid[0].sizeReference !== null) {
				try {
					outcomes.push(await single(this, client, valid[0]));
				} catch (error) {
					outcomes.push({ itemIndex: valid[0].itemIndex, error: error as Error });
				}
				return outcomes;
			}
			const entries = [...products.entries()];
			for (let start = 0; start < entries.length; start += STOCK_BATCH_MAX_PRODUCTS) {
				const chunk = new Map(entries.slice(start, start + STOCK_BATCH_MAX_PRODUCTS));
				outcomes.push(...(await batch(this, client, chunk)));
			}
			return outcomes;
		},
		'stock updates',
	);
}
