import { describe, expect, it } from 'vitest';

import { parseLineRequests, selectLines } from '../../nodes/shared/lines';
import { InputValidator } from '../../nodes/shared/validation';
import { line } from './rules/fixtures.mts';

const v = new InputValidator(
	{ id: '1', name: 'Marketplace', type: 't', typeVersion: 1, position: [0, 0], parameters: {} },
	0,
);
const field = { label: 'Items to Ship (JSON)', name: 'items' };
const ship = { ...field, verb: 'ship' };

/** Two lines of the same product (one partly shipped), one other product, one line with nothing open. */
const order = {
	orderId: 'A2K8290LP8',
	lines: [
		line({
			lineId: '11',
			sku: 'SHIRT',
			merchantReference: 'BOL-SHIRT',
			ean: '8712345678906',
			quantity: 3,
			quantityShipped: 1,
			quantityOpen: 2,
		}),
		line({ lineId: '12', sku: 'SHIRT', merchantReference: 'BOL-SHIRT', ean: '8712345678906' }),
		line({ lineId: '13', sku: 'CAP', merchantReference: null, ean: '0000007740404', quantity: 2 }),
		line({
			lineId: '14',
			sku: 'SOCKS',
			ean: null,
			quantity: 1,
			quantityCancelled: 1,
			quantityOpen: 0,
		}),
	],
};

const select = (json: unknown) => selectLines(v, order, parseLineRequests(v, json, field), ship);
const picked = (json: unknown) => select(json).map((s) => [s.lineId, s.quantity]);

describe('line selection: all open lines', () => {
	it('takes every line with something open, with all that is open', () => {
		expect(selectLines(v, order, undefined, ship).map((s) => [s.lineId, s.quantity])).toEqual([
			['11', 2],
			['12', 1],
			['13', 2],
		]);
	});
});

describe('line selection: listed lines', () => {
	it('finds lines by lineId, by sku or merchant reference, and by EAN as a GTIN', () => {
		expect(picked('[{"lineId": "13", "quantity": 1}]')).toEqual([['13', 1]]);
		expect(picked([{ sku: 'CAP' }])).toEqual([['13', 2]]);
		expect(picked([{ sku: 'BOL-SHIRT', quantity: 1 }])).toEqual([['11', 1]]);
		// EAN-13 0000007740404 and GTIN-14 00000007740404 are the same product
		expect(picked([{ ean: '00000007740404' }])).toEqual([['13', 2]]);
		expect(picked([{ lineId: 13 }])).toEqual([['13', 2]]);
	});

	it('gives the same product to the next line once the first has nothing left, and adds up repeated lines', () => {
		expect(picked([{ sku: 'SHIRT' }, { sku: 'SHIRT' }])).toEqual([
			['11', 2],
			['12', 1],
		]);
		expect(
			picked([
				{ lineId: '11', quantity: 1 },
				{ lineId: '11', quantity: 1 },
			]),
		).toEqual([['11', 2]]);
	});

	it('names the identifier of an unknown line and lists the order lines', () => {
		expect(() => select([{ sku: 'HAT' }])).toThrow(
			'Invalid value for "Items to Ship (JSON)" (items[].sku): got "HAT". Allowed: a sku of a line of order A2K8290LP8: 11 (sku SHIRT, reference BOL-SHIRT, ean 8712345678906, 2 open); 12 (sku SHIRT, reference BOL-SHIRT, ean 8712345678906, 1 open); 13 (sku CAP, ean 0000007740404, 2 open); 14 (sku SOCKS, reference BOL-SKU-1-NL, 0 open).',
		);
		expect(() => select([{ lineId: '99' }])).toThrow('(items[].lineId): got "99"');
	});

	it('says both numbers when a quantity is above what is open', () => {
		expect(() => select([{ lineId: '11', quantity: 3 }])).toThrow(
			'Invalid value for "Items to Ship (JSON)" (items[].quantity): got 3. Allowed: a whole number from 1 to 2 (the open quantity of line 11).',
		);
		expect(() =>
			select([
				{ lineId: '13', quantity: 1 },
				{ lineId: '13', quantity: 2 },
			]),
		).toThrow(
			'got 2. Allowed: a whole number from 1 to 1 (the open quantity of line 13, 1 already listed)',
		);
	});

	it('refuses a line with nothing left, saying why', () => {
		expect(() => select([{ lineId: '14' }])).toThrow(
			'(items[].lineId): got "14". Allowed: a line with something left to ship: line 14 of order A2K8290LP8 has none (ordered 1, shipped 0, cancelled 1).',
		);
	});

	it('leaves lines the marketplace fulfils alone, unless told otherwise', () => {
		const mixed = {
			orderId: 'A2K8290LP8',
			lines: [
				line({ lineId: '21' }),
				line({ lineId: '22', sku: 'FBB', fulfilment: 'marketplace' }),
			],
		};
		expect(selectLines(v, mixed, undefined, ship).map((s) => s.lineId)).toEqual(['21']);
		expect(() => selectLines(v, mixed, [{ sku: 'FBB' }], ship)).toThrow(
			'(items[].sku): got "FBB". Allowed: a line you fulfil yourself: line 22 of order A2K8290LP8 is fulfilled by the marketplace.',
		);
		expect(
			selectLines(v, mixed, undefined, { ...ship, includeMarketplaceFulfilled: true }).map(
				(s) => s.lineId,
			),
		).toEqual(['21', '22']);
	});

	it('reads what is left of a line from the caller, for other operations', () => {
		const cancellable = selectLines(v, order, [{ lineId: '11' }], {
			...field,
			verb: 'cancel',
			open: (l) => l.quantity - l.quantityShipped - l.quantityCancelled,
		});
		expect(cancellable.map((s) => s.quantity)).toEqual([2]);
	});
});

describe('line selection: checks before any request', () => {
	it('checks the EAN check digit, naming the field and the value', () => {
		expect(() => parseLineRequests(v, [{ ean: '8712345678907' }], field)).toThrow(
			'Invalid value for "Items to Ship (JSON)" (items[].ean): got "8712345678907". Allowed: an EAN/GTIN of 8, 12, 13 or 14 digits with a valid check digit.',
		);
		expect(parseLineRequests(v, [{ ean: ' 96385074 ' }], field)).toEqual([{ ean: '96385074' }]);
	});

	it('refuses bad JSON, empty lists, entries without an identifier and bad quantities', () => {
		expect(() => parseLineRequests(v, '[{lineId: 1}]', field)).toThrow(
			'(items): got "[{lineId: 1}]". Allowed: a JSON array like [{"lineId": "...", "quantity": 1}]',
		);
		expect(() => parseLineRequests(v, [], field)).toThrow('Allowed: an array of 1 to 100 items');
		expect(() => parseLineRequests(v, [{ quantity: 1 }], field)).toThrow(
			'Allowed: items that each have a lineId, sku or ean.',
		);
		expect(() => parseLineRequests(v, ['11'], field)).toThrow('got "11"');
		expect(() => parseLineRequests(v, [{ lineId: '11', quantity: 0 }], field)).toThrow(
			'(items[].quantity): got 0. Allowed: a whole number from 1 to 9999',
		);
	});

	it('says which identifiers a marketplace lines carry', () => {
		expect(() =>
			parseLineRequests(v, [{ ean: '8712345678906' }], {
				...field,
				identifiers: ['lineId', 'sku'],
			}),
		).toThrow('Allowed: items that each have a lineId or sku (these lines carry no ean).');
	});
});
