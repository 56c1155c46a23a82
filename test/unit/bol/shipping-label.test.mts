import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { LABEL_TYPES } from '../../../nodes/BolRetailer/constants';
import { description } from '../../../nodes/BolRetailer/actions/shippingLabel/create';
import { BOL_BASE, V10, mockToken, problem } from '../../helpers/bol.mts';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import { earlierStatuses, processStatus, specOrder } from './fixtures.mts';
import { runNode } from './run.mts';

useNockAndFakeClock();

const LABEL_ID = '5f2c1d8e-3b1a-4c0e-9f5e-2a7b9c4d6e8f';
const POSTNL = '027b79fa-5743-40f0-94c7-0eac761af611';
const DHL = '3d1c6a2e-0f4b-4a8e-9d7c-5b2e1f0a9c8d';
const MAILBOX = '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d';

function option(
	id: string,
	extra: { transporterCode: string; labelType: string; price: number; recommended?: boolean },
	meetsCustomerExpectation = true,
) {
	return {
		shippingLabelOfferId: id,
		recommended: extra.recommended ?? false,
		validUntilDate: '2026-11-24',
		transporterCode: extra.transporterCode,
		labelType: extra.labelType,
		labelDisplayName: `${extra.transporterCode} & bol.com - ${extra.labelType}`,
		labelPrice: { totalPrice: extra.price },
		packageRestrictions: { maxWeight: '10 kg', maxDimensions: '100 x 50 x 50 cm' },
		handoverDetails: {
			meetsCustomerExpectation,
			earliestHandoverDateTime: '2026-11-23T08:00:00+01:00',
			latestHandoverDateTime: '2026-11-23T22:00:00+01:00',
			collectionMethod: 'DROP_OFF',
		},
	};
}

/** bol's options for the order's open item: PostNL recommended at 4.95, DHL at 4.60, a mailbox at 3.05 (late). */
const OPTIONS = [
	option(POSTNL, { transporterCode: 'TNT', labelType: 'PARCEL', price: 4.95, recommended: true }),
	option(DHL, { transporterCode: 'DHL', labelType: 'PARCEL', price: 4.6 }),
	option(MAILBOX, { transporterCode: 'TNT', labelType: 'MAILBOX', price: 3.05 }, false),
];

const buy = (extra: Record<string, unknown> = {}) => ({
	resource: 'shippingLabel',
	operation: 'create',
	orderId: 'A2K8290LP8',
	itemsMode: 'allOpen',
	labelChoice: 'recommended',
	options: {},
	...extra,
});

/** The order, no earlier purchase, the options; records the delivery-options and purchase bodies. */
function serveOptions(bodies: { options: unknown[]; labels: unknown[] }) {
	mockToken();
	earlierStatuses('2012345678', 'CREATE_SHIPPING_LABEL');
	return nock(BOL_BASE)
		.get('/retailer/orders/A2K8290LP8')
		.reply(200, specOrder())
		.post('/retailer/shipping-labels/delivery-options', (b) => (bodies.options.push(b), true))
		.matchHeader('content-type', V10)
		.reply(200, { deliveryOptions: OPTIONS });
}

function label(status: 'PENDING' | 'SUCCESS' | 'FAILURE', extra: Record<string, unknown> = {}) {
	return processStatus(status, '88', {
		eventType: 'CREATE_SHIPPING_LABEL',
		entityId: status === 'SUCCESS' ? LABEL_ID : '2012345678',
		...extra,
	});
}

/** The order, no earlier purchase, the options, and a purchase bol finishes: records the bodies. */
function servePurchase(bodies: { options: unknown[]; labels: unknown[] }) {
	serveOptions(bodies)
		.post('/retailer/shipping-labels', (b) => (bodies.labels.push(b), true))
		.reply(202, label('PENDING'))
		.get('/shared/process-status/88')
		.reply(200, label('SUCCESS'));
}

describe('shipping label: get delivery options', () => {
	it("asks bol for the labels of the order's open items (FBB items left out) and puts them out flat", async () => {
		const bodies = { options: [] as unknown[], labels: [] as unknown[] };
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.post('/retailer/shipping-labels/delivery-options', (b) => (bodies.options.push(b), true))
			.reply(200, { deliveryOptions: OPTIONS });
		const { items } = await runNode({
			resource: 'shippingLabel',
			operation: 'getDeliveryOptions',
			orderId: 'A2K8290LP8',
			itemsMode: 'allOpen',
		});
		expect(bodies.options).toEqual([{ orderItems: [{ orderItemId: '2012345678', quantity: 2 }] }]);
		expect(items).toHaveLength(1);
		const json = items[0].json as Record<string, any>;
		expect(json.lines).toEqual([{ lineId: '2012345678', quantity: 2 }]);
		expect(json.deliveryOptions).toHaveLength(3);
		expect(json.recommended).toMatchObject({
			shippingLabelOfferId: POSTNL,
			transporterCode: 'TNT',
			labelType: 'PARCEL',
			price: 4.95,
			meetsCustomerExpectation: true,
			latestHandoverAt: '2026-11-23T22:00:00+01:00',
		});
		expect(json.deliveryOptions[2]).toMatchObject({
			labelType: 'MAILBOX',
			meetsCustomerExpectation: false,
		});
		expect(nock.isDone()).toBe(true);
	});

	it('lists a named item by id and quantity without reading the order', async () => {
		mockToken();
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.post('/retailer/shipping-labels/delivery-options', (b) => (bodies.push(b), true))
			.reply(200, {});
		const { items } = await runNode({
			resource: 'shippingLabel',
			operation: 'getDeliveryOptions',
			orderId: 'A2K8290LP8',
			itemsMode: 'list',
			items: '[{"lineId": "2012345678", "quantity": 1}]',
		});
		expect(bodies).toEqual([{ orderItems: [{ orderItemId: '2012345678', quantity: 1 }] }]);
		expect(items[0].json).toMatchObject({ deliveryOptions: [], recommended: null });
	});
});

describe('shipping label: create (buy)', () => {
	it('offers exactly the label types it accepts (Any, then every type bol sells)', () => {
		const options = description
			.find((property) => property.name === 'options')!
			.options!.find((option) => 'name' in option && option.name === 'labelType') as {
			options: Array<{ value: string }>;
		};
		expect(options.options.map((option) => option.value).sort()).toEqual(
			['', ...LABEL_TYPES].sort(),
		);
	});

	it("buys bol's recommended label once, waits for the purchase and returns the label id", async () => {
		const bodies = { options: [] as unknown[], labels: [] as unknown[] };
		servePurchase(bodies);
		const { items } = await runNode(buy());
		expect(bodies.labels).toEqual([
			{ orderItems: [{ orderItemId: '2012345678', quantity: 2 }], shippingLabelOfferId: POSTNL },
		]);
		expect(items[0].json).toMatchObject({
			orderId: 'A2K8290LP8',
			status: 'created',
			shippingLabelId: LABEL_ID,
			shippingLabelOfferId: POSTNL,
			label: { transporterCode: 'TNT', labelType: 'PARCEL', price: 4.95 },
			lines: [{ lineId: '2012345678', quantity: 2 }],
			adoptedProcessStatus: false,
		});
		expect(nock.isDone()).toBe(true);
	});

	it('buys the cheapest label allowed: a label with a strike risk only when allowed', async () => {
		for (const [allowStrikeRisk, expected] of [
			[false, DHL],
			[true, MAILBOX],
		] as const) {
			const bodies = { options: [] as unknown[], labels: [] as unknown[] };
			servePurchase(bodies);
			const { items } = await runNode(
				buy({ labelChoice: 'cheapest', options: { allowStrikeRisk } }),
			);
			expect(bodies.labels).toEqual([expect.objectContaining({ shippingLabelOfferId: expected })]);
			expect(items[0].json).toMatchObject({ status: 'created', shippingLabelId: LABEL_ID });
		}
	});

	it('takes the cheapest of the allowed type when bol recommends none of them', async () => {
		const bodies = { options: [] as unknown[], labels: [] as unknown[] };
		servePurchase(bodies);
		await runNode(buy({ options: { labelType: 'PARCEL' } }));
		expect(bodies.labels).toEqual([expect.objectContaining({ shippingLabelOfferId: POSTNL })]);
	});

	it('buys nothing when no label of the wanted type is allowed, naming every label bol offers', async () => {
		const bodies = { options: [] as unknown[], labels: [] as unknown[] };
		serveOptions(bodies);
		await expect(runNode(buy({ options: { labelType: 'MAILBOX' } }))).rejects.toThrow(
			/Label Type.*MAILBOX.*TNT & bol.com - MAILBOX \(MAILBOX, TNT, 3.05, strike risk\).*Allow Labels with a Strike Risk/,
		);
		// nothing bought: no purchase interceptor was set, and every request made was served
		expect(nock.isDone()).toBe(true);
	});

	it('buys the offer chosen from Get Delivery Options without asking for the options again', async () => {
		mockToken();
		earlierStatuses('2012345678', 'CREATE_SHIPPING_LABEL');
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.post('/retailer/shipping-labels', (b) => (bodies.push(b), true))
			.reply(202, label('PENDING'))
			.get('/shared/process-status/88')
			.reply(200, label('SUCCESS'));
		const { items } = await runNode(buy({ labelChoice: 'offerId', shippingLabelOfferId: DHL }));
		expect(bodies).toEqual([expect.objectContaining({ shippingLabelOfferId: DHL })]);
		expect(items[0].json).toMatchObject({ shippingLabelId: LABEL_ID, label: null });
	});

	it('returns a label bought for the items minutes ago instead of buying a second one (lost answer, re-run)', async () => {
		mockToken();
		const earlier = label('SUCCESS', { createTimestamp: '2026-11-23T10:55:00+01:00' });
		earlierStatuses('2012345678', 'CREATE_SHIPPING_LABEL', [earlier]);
		nock(BOL_BASE).get('/retailer/orders/A2K8290LP8').reply(200, specOrder());
		const { items } = await runNode(buy());
		expect(items[0].json).toMatchObject({
			status: 'created',
			shippingLabelId: LABEL_ID,
			adoptedProcessStatus: true,
			label: null,
		});
		expect(nock.isDone()).toBe(true);
	});

	it('waits for a purchase bol is still processing instead of buying again', async () => {
		mockToken();
		const pending = label('PENDING', { createTimestamp: '2026-11-23T10:59:00+01:00' });
		earlierStatuses('2012345678', 'CREATE_SHIPPING_LABEL', [pending]);
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.get('/shared/process-status/88')
			.reply(200, label('SUCCESS'));
		const { items } = await runNode(buy());
		expect(items[0].json).toMatchObject({ shippingLabelId: LABEL_ID, adoptedProcessStatus: true });
		expect(nock.isDone()).toBe(true);
	});

	it('buys another label for labelled items only when asked to (a second parcel)', async () => {
		mockToken();
		const bodies: unknown[] = [];
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.post('/retailer/shipping-labels/delivery-options')
			.reply(200, { deliveryOptions: OPTIONS })
			.post('/retailer/shipping-labels', (b) => (bodies.push(b), true))
			.reply(202, label('PENDING'))
			.get('/shared/process-status/88')
			.reply(200, label('SUCCESS'));
		await runNode(buy({ options: { anotherLabel: true } }));
		expect(bodies).toHaveLength(1);
		expect(nock.isDone()).toBe(true);
	});

	it('buys nothing when bol cannot say whether a label was bought already', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/orders/A2K8290LP8')
			.reply(200, specOrder())
			.get('/shared/process-status')
			.query(true)
			.reply(400, problem(400, 'Bad request', [{ name: 'entity-id', reason: 'invalid' }]));
		const { items } = await runNode(buy(), { continueOnFail: true });
		expect(items[0].json.error).toMatch(
			/Could not check whether order item 2012345678 was already given a label/,
		);
		expect(String(items[0].json.errorDescription)).toMatch(
			/Nothing was sent.*buy a second label for it/,
		);
		expect(nock.isDone()).toBe(true);
	});

	it("fails the item with bol's reason when the purchase fails", async () => {
		const bodies = { options: [] as unknown[], labels: [] as unknown[] };
		serveOptions(bodies)
			.post('/retailer/shipping-labels')
			.reply(202, label('PENDING'))
			.get('/shared/process-status/88')
			.reply(
				200,
				label('FAILURE', { entityId: '2012345678', errorMessage: 'Shipping label offer expired.' }),
			);
		const { items } = await runNode(buy(), { continueOnFail: true });
		expect(items[0].json.error).toMatch(
			/could not buy the shipping label: item 2012345678 \(Shipping label offer expired\.\)/,
		);
	});

	it('in test mode shows the label it would buy and buys nothing (the options are still asked: they cost nothing)', async () => {
		const bodies = { options: [] as unknown[], labels: [] as unknown[] };
		serveOptions(bodies);
		const { items } = await runNode(buy({ testMode: 'always' }));
		expect(items[0].json).toMatchObject({ status: 'test', testMode: true });
		expect(JSON.stringify(items[0].json.wouldSend)).toContain(POSTNL);
		expect(bodies.options).toHaveLength(1);
		expect(nock.isDone()).toBe(true);
	});

	it('names the field and the allowed values before any request', async () => {
		for (const [parameters, message] of [
			[{ labelChoice: 'offerId', shippingLabelOfferId: '' }, /Shipping Label Offer ID/],
			[{ labelChoice: 'fastest' }, /"Label" \(labelChoice\).*recommended, cheapest, offerId/],
			[
				{ options: { labelType: 'PALLET' } },
				/"Label Type" \(options.labelType\).*PARCEL, MAILBOX, MAILBOX_LIGHT/,
			],
			[{ itemsMode: 'list', items: '[{"ean": "8712345678907"}]' }, /ean/],
		] as const) {
			await expect(runNode(buy(parameters))).rejects.toThrow(message);
		}
	});
});

describe('shipping label: get (download)', () => {
	it('downloads the label as a PDF file with its transporter and track & trace', async () => {
		mockToken();
		const pdf = Buffer.from('%PDF-1.4\n% a label\n%%EOF\n');
		nock(BOL_BASE)
			.get(`/retailer/shipping-labels/${LABEL_ID}`)
			.matchHeader('accept', 'application/vnd.retailer.v10+pdf')
			.reply(200, pdf, {
				'content-type': 'application/vnd.retailer.v10+pdf',
				'x-track-and-trace-code': '3SBOL0987654321',
				'x-transporter-code': 'TNT',
			});
		const { items } = await runNode({
			resource: 'shippingLabel',
			operation: 'get',
			shippingLabelId: LABEL_ID,
			binaryProperty: 'label',
		});
		expect(items[0].json).toMatchObject({
			shippingLabelId: LABEL_ID,
			transporterCode: 'TNT',
			trackAndTrace: '3SBOL0987654321',
			fileName: `bol-label-${LABEL_ID}.pdf`,
			bytes: pdf.length,
		});
		expect(items[0].binary?.label).toMatchObject({ mimeType: 'application/pdf' });
	});

	it('fails naming the label bol does not know', async () => {
		mockToken();
		nock(BOL_BASE)
			.get('/retailer/shipping-labels/unknown-label')
			.reply(404, problem(404, 'Not found'));
		await expect(
			runNode({ resource: 'shippingLabel', operation: 'get', shippingLabelId: 'unknown-label' }),
		).rejects.toThrow(/get shipping label unknown-label|Not found/);
	});
});
