/**
 * Spartoo Stock > Update: the single script for one size, the batch script (one XML catalogue) for more, split at 500
 * products; a code per size with its meaning (-18 unchanged is a success, -14/-16/-20 fail their item only).
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { parseXml, children, child, text } from '../../../nodes/shared/xml';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { errorsAnswer, mockSpartoo, runSpartoo, type SentForm } from '../../helpers/spartoo.mts';

useNockAndFakeClock();

type Row = { reference: string; sizeReference?: string; quantity: number };

function stockRun(rows: Row[], extra: Record<string, unknown> = {}, continueOnFail = true) {
	return runSpartoo(
		{
			resource: 'stock',
			operation: 'update',
			reference: (i: number) => rows[i].reference,
			sizeReference: (i: number) => rows[i].sizeReference ?? '',
			quantity: (i: number) => rows[i].quantity,
			...extra,
		},
		{ items: rows.map(() => ({ json: {} })), continueOnFail },
	);
}

/** The products and sizes of a batch catalogue as [reference, size or null, quantity]. */
function catalogue(xml: string): Array<[string, string | null, number]> {
	const root = parseXml(xml);
	const rows: Array<[string, string | null, number]> = [];
	for (const p of children(child(root, 'products')!, 'product')) {
		const reference = text(child(p, 'reference_partenaire')!);
		const list = child(p, 'size_list');
		if (!list) rows.push([reference, null, Number(text(child(p, 'product_quantity')!))]);
		else
			for (const s of children(list, 'size'))
				rows.push([
					reference,
					text(child(s, 'size_reference')!),
					Number(text(child(s, 'size_quantity')!)),
				]);
	}
	return rows;
}

describe('Spartoo Stock > Update', () => {
	it('one size goes through xml_maj_stock.php with its form fields', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_maj_stock.php', [errorsAnswer(1)], sent);
		const { items } = await stockRun([
			{ reference: 'SKU-1', sizeReference: 'SKU-1-38', quantity: 4 },
		]);
		expect(sent[0].form).toMatchObject({
			reference_partenaire: 'SKU-1',
			products_size_reference: 'SKU-1-38',
			products_quantity: '4',
		});
		expect(items[0].json).toMatchObject({
			success: true,
			result: 'updated',
			code: 1,
			script: 'xml_maj_stock.php',
			offline: false,
		});
	});

	it('-18 (unchanged) is a success; 0 says the product goes offline', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_maj_stock.php', [errorsAnswer(-18)], sent);
		const { items } = await stockRun(
			[{ reference: 'SKU-1', sizeReference: 'SKU-1-38', quantity: 0 }],
			{},
			false,
		);
		expect(items[0].json).toMatchObject({
			success: true,
			result: 'unchanged',
			code: -18,
			meaning: 'quantity unchanged (not an error)',
			offline: true,
		});
	});

	it.each([
		[-14, /code -14, product or size not found at Spartoo/],
		[-16, /code -16, Spartoo cannot set this quantity/],
		[-20, /code -20, size no longer valid: Spartoo forced its stock to 0/],
	])('single size code %i fails the item with its meaning', async (code, meaning) => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_maj_stock.php', [errorsAnswer(code)], sent);
		const { items } = await stockRun([
			{ reference: 'SKU-1', sizeReference: 'SKU-1-38', quantity: 2 },
		]);
		expect(items[0].json.error).toMatch(meaning);
	});

	it('two or more sizes go in one batch catalogue with a result per size', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_maj_stock_batch.php',
			[
				`<root><products>
					<product><reference_partenaire>A &amp; B</reference_partenaire><size_list>
						<size><size_reference>AB-38</size_reference><errors>1</errors></size>
						<size><size_reference>AB-39</size_reference><errors>-18</errors></size>
					</size_list></product>
					<product><reference_partenaire>C</reference_partenaire><errors>-14</errors></product>
					<product><reference_partenaire>BAG</reference_partenaire><errors>1</errors></product>
				</products><errors>1</errors></root>`,
			],
			sent,
		);
		const { items } = await stockRun([
			{ reference: 'A & B', sizeReference: 'AB-38', quantity: 3 },
			{ reference: 'A & B', sizeReference: 'AB-39', quantity: 0 },
			{ reference: 'C', sizeReference: 'C-1', quantity: 1 },
			{ reference: 'BAG', quantity: 7 },
		]);
		expect(sent).toHaveLength(1);
		expect(sent[0].script).toBe('xml_maj_stock_batch.php');
		expect(catalogue(sent[0].form.xml)).toEqual([
			['A & B', 'AB-38', 3],
			['A & B', 'AB-39', 0],
			['C', 'C-1', 1],
			['BAG', null, 7],
		]);
		expect(sent[0].form.xml).toContain('<reference_partenaire>A &amp; B</reference_partenaire>');
		expect(items.map((i) => i.json.result ?? i.json.error)).toEqual([
			'updated',
			'unchanged',
			expect.stringMatching(/C size C-1 to 1: code -14/),
			'updated',
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
			{ item: 3 },
		]);
	});

	it('without Continue On Fail, a failed size fails the run naming it and saying the others were applied', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_maj_stock_batch.php',
			[
				`<root><products><product><reference_partenaire>A</reference_partenaire><size_list><size><size_reference>A-1</size_reference><errors>1</errors></size><size><size_reference>A-2</size_reference><errors>-16</errors></size></size_list></product></products><errors>1</errors></root>`,
			],
			sent,
		);
		const error = (await stockRun(
			[
				{ reference: 'A', sizeReference: 'A-1', quantity: 1 },
				{ reference: 'A', sizeReference: 'A-2', quantity: 99999 },
			],
			{},
			false,
		).catch((e: Error) => e)) as Error & { description?: string };
		expect(error.message).toMatch(/1 of 2 stock updates failed; the other 1 were applied/);
		expect(error.description).toMatch(/item 1: .*code -16/);
	});

	it('more than 500 products are split into several batch calls', async () => {
		const sent: SentForm[] = [];
		const answer = (form: Record<string, string>) =>
			`<root><products>${catalogue(form.xml)
				.map(
					([r, s]) =>
						`<product><reference_partenaire>${r}</reference_partenaire><size_list><size><size_reference>${s}</size_reference><errors>1</errors></size></size_list></product>`,
				)
				.join('')}</products><errors>1</errors></root>`;
		mockSpartoo('xml_maj_stock_batch.php', [answer, answer], sent);
		const rows = Array.from({ length: 501 }, (_, i) => ({
			reference: `P${i}`,
			sizeReference: `P${i}-1`,
			quantity: i % 5,
		}));
		const { items } = await stockRun(rows);
		expect(sent).toHaveLength(2);
		expect(catalogue(sent[0].form.xml)).toHaveLength(500);
		expect(catalogue(sent[1].form.xml)).toHaveLength(1);
		expect(items.every((i) => i.json.result === 'updated')).toBe(true);
	});

	it('a batch-level error (-15) fails every item of the call', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_maj_stock_batch.php', [errorsAnswer(-15)], sent);
		const { items } = await stockRun([
			{ reference: 'A', sizeReference: 'A-1', quantity: 1 },
			{ reference: 'B', sizeReference: 'B-1', quantity: 1 },
		]);
		expect(items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(/code -15, XML syntax error in the request \[xml\]/),
			expect.stringMatching(/code -15/),
		]);
	});

	it('bad input is refused per item before any request: quantity, duplicate size, mixed sized and unsized', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_maj_stock_batch.php',
			[
				`<root><products><product><reference_partenaire>A</reference_partenaire><size_list><size><size_reference>A-1</size_reference><errors>1</errors></size></size_list></product><product><reference_partenaire>D</reference_partenaire><errors>1</errors></product></products><errors>1</errors></root>`,
			],
			sent,
		);
		const { items } = await stockRun([
			{ reference: 'A', sizeReference: 'A-1', quantity: 1 },
			{ reference: 'A', sizeReference: 'A-1', quantity: 2 },
			{ reference: 'A', quantity: 2 },
			{ reference: 'B', sizeReference: 'B-1', quantity: -1 },
			{ reference: ' ', sizeReference: 'B-1', quantity: 1 },
			{ reference: 'D', quantity: 1 },
		]);
		expect(items.map((i) => i.json.result ?? i.json.error)).toEqual([
			'updated',
			expect.stringMatching(/"Size Reference" \(sizeReference\).*already item 0/),
			expect.stringMatching(/all with a size reference, or one item without/),
			expect.stringMatching(
				/"Quantity" \(quantity\): got -1\. Allowed: a whole number from 0 to 99999/,
			),
			expect.stringMatching(/"Product Reference" \(reference\)/),
			'updated',
		]);
		expect(catalogue(sent[0].form.xml)).toEqual([
			['A', 'A-1', 1],
			['D', null, 1],
		]);
	});

	it('Test Mode sends no stock and says what it would send', async () => {
		const { items } = await stockRun(
			[
				{ reference: 'A', sizeReference: 'A-1', quantity: 1 },
				{ reference: 'B', sizeReference: 'B-1', quantity: 1 },
			],
			{ testMode: 'always' },
		);
		expect(items.every((i) => i.json.testMode === true)).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
	});
});
