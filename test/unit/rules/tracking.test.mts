import { describe, expect, it } from 'vitest';

import {
	TRACKING_REQUIREMENTS,
	checkTracking,
	codeOf,
} from '../../../nodes/MarketplaceOrderSync/rules/tracking';
import { runNode } from './fixtures.mts';

const params = (extra: Record<string, unknown> = {}) => ({
	operation: 'checkTracking',
	marketplace: 'fromItem',
	// what the default expressions give for the input item: {{ $json.trackingCode || $json.trackAndTrace || "" }}
	trackingCode: (i: number) => shipments[i].trackingCode ?? '',
	returnTrackingCode: (i: number) => shipments[i].returnTrackingCode ?? '',
	requirements: 'marketplace',
	options: {},
	...extra,
});

let shipments: Array<Record<string, string | undefined>> = [];

describe('check tracking: rules', () => {
	it('knows what each marketplace requires', () => {
		expect(TRACKING_REQUIREMENTS).toEqual({
			bol: ['trackingCode'],
			amazon: ['trackingCode'],
			zalando: ['trackingCode', 'returnTrackingCode'],
			miinto: ['trackingCode'],
			spartoo: ['trackingCode'],
		});
	});

	it('Zalando needs both codes', () => {
		const both = checkTracking(
			'zalando',
			{ trackingCode: 'TRACK1', returnTrackingCode: 'RET1' },
			TRACKING_REQUIREMENTS.zalando,
			true,
		);
		expect(both).toMatchObject({
			complete: true,
			missing: [],
			reason: 'complete for zalando: tracking code and return tracking code present',
		});
		const noReturn = checkTracking(
			'zalando',
			{ trackingCode: 'TRACK1', returnTrackingCode: null },
			TRACKING_REQUIREMENTS.zalando,
			true,
		);
		expect(noReturn).toMatchObject({
			complete: false,
			missing: ['returnTrackingCode'],
			reason: 'incomplete for zalando: return tracking code missing',
		});
		const none = checkTracking(
			'zalando',
			{ trackingCode: null, returnTrackingCode: null },
			TRACKING_REQUIREMENTS.zalando,
			true,
		);
		expect(none.missing).toEqual(['trackingCode', 'returnTrackingCode']);
	});

	it('Bol and Amazon need a tracking code only', () => {
		for (const marketplace of ['bol', 'amazon'] as const) {
			expect(
				checkTracking(
					marketplace,
					{ trackingCode: 'T1', returnTrackingCode: null },
					TRACKING_REQUIREMENTS[marketplace],
					true,
				).complete,
			).toBe(true);
			expect(
				checkTracking(
					marketplace,
					{ trackingCode: null, returnTrackingCode: 'R1' },
					TRACKING_REQUIREMENTS[marketplace],
					true,
				),
			).toMatchObject({
				complete: false,
				missing: ['trackingCode'],
			});
		}
	});

	it('flags malformed codes as invalid when the format is checked', () => {
		const spaced = checkTracking(
			'bol',
			{ trackingCode: '3S BOL 123', returnTrackingCode: null },
			['trackingCode'],
			true,
		);
		expect(spaced).toMatchObject({ complete: false, missing: [], invalid: ['trackingCode'] });
		expect(spaced.reason).toBe(
			'incomplete for bol: tracking code "3S BOL 123" is not a valid tracking code (letters, digits and - _ . / only)',
		);
		expect(
			checkTracking(
				'bol',
				{ trackingCode: '3S BOL 123', returnTrackingCode: null },
				['trackingCode'],
				false,
			).complete,
		).toBe(true);
	});

	it('nothing required is complete', () => {
		expect(
			checkTracking(null, { trackingCode: null, returnTrackingCode: null }, [], true),
		).toMatchObject({ complete: true, reason: 'complete: nothing required' });
	});

	it('reads the first non-empty code of a list', () => {
		expect(codeOf(['', ' T1 ', 'T2'])).toBe('T1');
		expect(codeOf(12345)).toBe('12345');
		expect(codeOf('  ')).toBeNull();
		expect(codeOf(undefined)).toBeNull();
	});
});

describe('check tracking: node', () => {
	it('splits shipments per marketplace into complete and incomplete, with missing[]', async () => {
		shipments = [
			{ marketplace: 'zalando', trackingCode: 'Z1', returnTrackingCode: 'ZR1' },
			{ marketplace: 'zalando', trackingCode: 'Z2' },
			{ marketplace: 'bol', trackingCode: '3SBOL1' },
			{ marketplace: 'amazon' },
			{ marketplace: 'Bol', trackingCode: '3SBOL2' },
		];
		const [complete, incomplete] = await runNode(params(), shipments);
		expect(complete.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 2 }, { item: 4 }]);
		expect(
			incomplete.map((i) => [
				i.pairedItem,
				(i.json.trackingCheck as { missing: string[] }).missing,
			]),
		).toEqual([
			[{ item: 1 }, ['returnTrackingCode']],
			[{ item: 3 }, ['trackingCode']],
		]);
		expect(incomplete[0].json).toMatchObject({
			marketplace: 'zalando',
			trackingCode: 'Z2',
			trackingCheck: { complete: false, marketplace: 'zalando' },
		});
	});

	it('uses a fixed marketplace over the item field', async () => {
		shipments = [{ marketplace: 'bol', trackingCode: 'T1' }];
		const [complete, incomplete] = await runNode(params({ marketplace: 'zalando' }), shipments);
		expect([complete.length, incomplete.length]).toEqual([0, 1]);
	});

	it('takes custom requirements without needing a marketplace', async () => {
		shipments = [{ trackingCode: 'T1' }, { returnTrackingCode: 'R1' }];
		const [complete, incomplete] = await runNode(
			params({
				requirements: 'custom',
				requireTrackingCode: false,
				requireReturnTrackingCode: true,
			}),
			shipments,
		);
		expect(complete.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(incomplete.map((i) => i.json.trackingCheck)).toEqual([
			expect.objectContaining({
				marketplace: null,
				required: ['returnTrackingCode'],
				missing: ['returnTrackingCode'],
			}),
		]);
	});

	it('reads the second code of a list as the return code when asked (Koongo Shopify rule)', async () => {
		shipments = [{ marketplace: 'zalando' }];
		const list = params({ trackingCode: ['TRACK1', 'RETURN1'], returnTrackingCode: '' });
		const [without] = await runNode(list, shipments);
		expect(without).toHaveLength(0);
		const [complete] = await runNode({ ...list, options: { secondCodeIsReturn: true } }, shipments);
		expect(complete[0].json.trackingCheck).toMatchObject({
			trackingCode: 'TRACK1',
			returnTrackingCode: 'RETURN1',
			complete: true,
		});
	});

	it('names the field and the allowed values', async () => {
		shipments = [{ marketplace: 'otto', trackingCode: 'T1' }];
		await expect(runNode(params(), shipments)).rejects.toThrow(
			'Invalid value for "Marketplace" (marketplace): got "otto". Allowed: one of bol, amazon, zalando, miinto, spartoo.',
		);
		shipments = [{ trackingCode: 'T1' }];
		await expect(runNode(params(), shipments)).rejects.toThrow(
			'Invalid value for "Marketplace" (marketplace): got nothing.',
		);
		await expect(runNode(params({ marketplace: 'ebay' }), shipments)).rejects.toThrow(
			'Allowed: one of fromItem, bol, amazon, zalando, miinto, spartoo.',
		);
		await expect(runNode(params({ requirements: 'strict' }), shipments)).rejects.toThrow(
			'Invalid value for "Requirements" (requirements): got "strict". Allowed: one of marketplace, custom.',
		);
		await expect(
			runNode(params({ marketplace: 'bol', trackingCode: { code: 'T1' } }), shipments),
		).rejects.toThrow(
			'Invalid value for "Tracking Code" (trackingCode): got {"code":"T1"}. Allowed: a tracking code (text), a list of tracking codes, or empty.',
		);
	});

	it('with Continue On Fail, a broken item lands in the incomplete output', async () => {
		shipments = [{ marketplace: 'otto' }, { marketplace: 'bol', trackingCode: 'T1' }];
		const [complete, incomplete] = await runNode(params(), shipments, { continueOnFail: true });
		expect(complete.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(incomplete[0]).toMatchObject({
			pairedItem: { item: 0 },
			json: { error: expect.stringContaining('"Marketplace"') },
		});
	});
});
