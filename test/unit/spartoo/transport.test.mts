/**
 * Spartoo transport: the partner key only in the POST body (never a URL, error or output), numeric codes in HTTP 200
 * answers turned into errors with their meaning, the hourly quota (-429), and the XML readers on tricky input.
 */
import nock from 'nock';
import { describe, expect, it } from 'vitest';

import { SpartooApi, withPartnerKey } from '../../../credentials/SpartooApi.credentials';
import { spartooBaseUrl, SPARTOO_URL_EXPRESSION } from '../../../nodes/Spartoo/transport/endpoints';
import {
	envelopeCode,
	readBatchStockResults,
	readOrders,
	readReturns,
	readReturnUpdate,
} from '../../../nodes/Spartoo/transport/read';
import { nextHourWindow } from '../../../nodes/Spartoo/transport';
import { parseXml } from '../../../nodes/shared/xml';
import { useNockAndFakeClock } from '../../helpers/nock.mts';
import {
	everything,
	mockSpartoo,
	orderXml,
	ordersAnswer,
	returnUpdateAnswer,
	returnXml,
	runSpartoo,
	SPARTOO_BASE,
	S_KEY,
	statut,
	type SentForm,
} from '../../helpers/spartoo.mts';

const clock = useNockAndFakeClock();

const getOrder = { resource: 'order', operation: 'get', orderId: '12345678', options: {} };

describe('Spartoo credential', () => {
	it('puts the key in the form body as partner, never in the query, for string and object bodies', () => {
		const fromString = withPartnerKey(
			{ url: 'http://x/mp/a.php', body: 'oID=1&partenaire=old' },
			'k-123',
		);
		expect(new URLSearchParams(String(fromString.body)).get('partner')).toBe('k-123');
		expect(new URLSearchParams(String(fromString.body)).get('partenaire')).toBeNull();
		expect(fromString.qs).toBeUndefined();
		const fromObject = withPartnerKey({ url: 'http://x', body: { oID: '1' } }, 'k-123');
		expect(fromObject.body).toEqual({ oID: '1', partner: 'k-123' });
		expect(withPartnerKey({ url: 'http://x' }, 'k').body).toBe('partner=k');
	});

	it('the connection test posts a harmless export to the host the node calls, per site', () => {
		const test = new SpartooApi().test;
		expect(test.request.method).toBe('POST');
		expect(test.request.url).toBe('/mp/xml_export_orders.php');
		expect(String(test.request.body)).toBe('oID=0');
		expect(test.request.baseURL).toBe(SPARTOO_URL_EXPRESSION);
		const resolve = (credentials: Record<string, unknown>) =>
			String(
				new Function('$credentials', `return (${SPARTOO_URL_EXPRESSION.slice(3, -2)});`)(
					credentials,
				),
			);
		const cases: Array<Record<string, string>> = [
			{ environment: 'production', site: 'co.uk' },
			{ environment: 'production', site: 'de' },
			{ environment: 'custom', baseUrl: 'http://127.0.0.1:9/' },
		];
		for (const credentials of cases) expect(resolve(credentials)).toBe(spartooBaseUrl(credentials));
		expect(spartooBaseUrl({ environment: 'production', site: 'it' })).toBe(
			'https://sws.spartoo.it',
		);
		expect(spartooBaseUrl({ environment: 'production' })).toBe('https://sws.spartoo.com');
	});
});

describe('Spartoo transport', () => {
	it('sends a form POST with the key in the body only; the URL carries no parameter', async () => {
		const sent: SentForm[] = [];
		let contentType = '';
		nock(SPARTOO_BASE)
			.post('/mp/xml_export_orders.php')
			.reply(function (uri, body) {
				contentType = String(this.req.headers['content-type']);
				sent.push({
					script: 'xml_export_orders.php',
					url: uri,
					form: Object.fromEntries(new URLSearchParams(String(body))),
				});
				return [200, ordersAnswer(orderXml())];
			});
		const { items, fake } = await runSpartoo(getOrder);
		expect(items[0].json.orderId).toBe('12345678');
		expect(sent[0].url).toBe('/mp/xml_export_orders.php');
		expect(sent[0].form).toEqual({ oID: '12345678', partner: S_KEY });
		expect(contentType).toMatch(/application\/x-www-form-urlencoded/);
		expect(fake.http.every((h) => !h.url.includes(S_KEY))).toBe(true);
		expect(everything(items)).not.toContain(S_KEY);
	});

	it.each([
		[-2, /code -2, unknown partner: the partner key is wrong/],
		[-428, /code -428, the Spartoo account is deactivated/],
		[-1, /code -1, the partner key is missing/],
	])(
		'code %i in an HTTP 200 answer is a credential error with its meaning',
		async (code, meaning) => {
			const sent: SentForm[] = [];
			mockSpartoo(
				'xml_export_orders.php',
				[`<root>${statut(code, `partenaire ${S_KEY} inconnu`)}</root>`],
				sent,
			);
			const error = (await runSpartoo(getOrder).catch((e: Error) => e)) as Error & {
				description?: string;
			};
			expect(error).toBeInstanceOf(Error);
			expect(error.message).toMatch(meaning);
			expect(error.message).toContain('Partner Key (credential)');
			expect(error.description).toMatch(/Check the Partner Key and the Site/);
			expect(everything({ m: error.message, d: error.description, e: error })).not.toContain(S_KEY);
		},
	);

	it('an echoed key is redacted from errors with Continue On Fail too', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_maj_returns.php',
			[
				`<root><returns><return><partenaire>${S_KEY}</partenaire><errors/></return></returns>${statut(-24, `label_link trop long for ${S_KEY}`)}</root>`,
			],
			sent,
		);
		mockSpartoo(
			'xml_export_returns.php',
			[`<root><returns>${returnXml()}</returns>${statut(1)}</root>`],
			sent,
		);
		const { items } = await runSpartoo(
			{
				resource: 'return',
				operation: 'accept',
				returnId: '555',
				labelLink: 'https://l.example/x.pdf',
				options: {},
			},
			{ continueOnFail: true },
		);
		expect(items[0].json.error).toMatch(
			/code -24, the return label link is too long \[label_link\]/,
		);
		expect(everything(items)).not.toContain(S_KEY);
	});

	it('the key Spartoo echoes in a successful answer never reaches the output', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_returns.php',
			[`<root><returns>${returnXml()}</returns>${statut(1)}</root>`],
			sent,
		);
		mockSpartoo('xml_maj_returns.php', [returnUpdateAnswer('555')], sent);
		const { items } = await runSpartoo({
			resource: 'return',
			operation: 'accept',
			returnId: '555',
			options: {},
		});
		expect(items[0].json.accepted).toBe(true);
		expect(everything(items)).not.toContain(S_KEY);
	});

	it('-429: fails without resending when the next hour window is beyond Max Wait, saying when the quota frees up', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [`<root>${statut(-429)}</root>`], sent);
		const error = (await runSpartoo(getOrder).catch((e: Error) => e)) as Error & {
			description?: string;
		};
		expect(error.message).toMatch(/code -429, too many calls in the current one-hour window/);
		expect(error.description).toMatch(
			/frees up at the next full hour, about 2026-11-23T11:00:05Z \(in 61 min\)/,
		);
		expect(error.description).toMatch(/Max Wait/);
		expect(sent).toHaveLength(1);
		expect(clock().totalSlept).toBe(0);
	});

	it('-429: waits for the next hour window when Max Wait allows, then sends once more', async () => {
		clock().time = Date.parse('2026-11-23T10:58:00Z');
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[`<root>${statut(-429)}</root>`, ordersAnswer(orderXml())],
			sent,
		);
		const { items } = await runSpartoo(getOrder);
		expect(items[0].json.orderId).toBe('12345678');
		expect(sent).toHaveLength(2);
		expect(clock().totalSlept).toBe(125_000);
		expect(nextHourWindow(Date.parse('2026-11-23T10:58:00Z'))).toBe(
			Date.parse('2026-11-23T11:00:05Z'),
		);
	});

	it('-429 blocks the other calls of the same key until the window reopens', async () => {
		clock().time = Date.parse('2026-11-23T10:59:00Z');
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[`<root>${statut(-429)}</root>`, ordersAnswer(orderXml()), ordersAnswer(orderXml())],
			sent,
		);
		const { items } = await runSpartoo(getOrder, { items: [{ json: {} }, { json: {} }] });
		expect(items).toHaveLength(2);
		// one wait of 65 s for the window; the second item did not hit -429 again
		expect(sent).toHaveLength(3);
		expect(clock().sleeps).toEqual([65_000]);
	});

	it('after a -429 the other items of the key fail at once with the same advice, sending nothing', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [`<root>${statut(-429)}</root>`], sent);
		const { items } = await runSpartoo(getOrder, {
			items: [{ json: {} }, { json: {} }],
			continueOnFail: true,
		});
		expect(sent).toHaveLength(1);
		expect(items.map((i) => i.json.error)).toEqual([
			expect.stringMatching(/code -429/),
			expect.stringMatching(/code -429/),
		]);
		expect(items[1].json.errorDescription).toMatch(
			/frees up at the next full hour, about 2026-11-23T11:00:05Z/,
		);
	});

	it('counts calls against the hourly budget of the credential', async () => {
		const sent: SentForm[] = [];
		mockSpartoo(
			'xml_export_orders.php',
			[ordersAnswer(orderXml()), ordersAnswer(orderXml()), ordersAnswer(orderXml())],
			sent,
		);
		const { items } = await runSpartoo(getOrder, {
			items: [{ json: {} }, { json: {} }, { json: {} }],
			credentials: { apiKey: S_KEY, environment: 'custom', baseUrl: SPARTOO_BASE, hourlyBudget: 2 },
			parameters: { ...getOrder, requestOptions: { maxWaitSeconds: 3700 } },
		});
		expect(items).toHaveLength(3);
		// the third call waits for the first one to leave the hour window
		expect(clock().totalSlept).toBeGreaterThanOrEqual(3_600_000);
	});

	it('an answer that is not XML is an error quoting its start, not a success', async () => {
		nock(SPARTOO_BASE)
			.post('/mp/xml_export_orders.php')
			.reply(200, '<html><body>Maintenance</body>');
		const error = (await runSpartoo(getOrder).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(/not readable XML/);
	});

	it('an unknown order (-6) is an input error naming the field', async () => {
		const sent: SentForm[] = [];
		mockSpartoo('xml_export_orders.php', [`<root>${statut(-6)}</root>`], sent);
		const error = (await runSpartoo(getOrder).catch((e: Error) => e)) as Error;
		expect(error.message).toMatch(
			/Invalid value for "Order ID" \(orderId\): got "12345678"\. Allowed: the ID of an order of this Spartoo account/,
		);
	});
});

describe('Spartoo XML reading', () => {
	it('reads one order and a list of orders the same; Unicode, entities, references and CDATA decoded', () => {
		const one = readOrders(parseXml(ordersAnswer(orderXml({ id: '1' }))));
		const two = readOrders(
			parseXml(ordersAnswer(orderXml({ id: '1' }), orderXml({ id: '2', relay: true }))),
		);
		expect(one).toHaveLength(1);
		expect(two.map((o) => o.order.orders_id)).toEqual(['1', '2']);
		expect(one[0].customers.customers_street_address).toBe("12 rue de l'Église & fils");
		expect(one[0].customers.customers_city).toBe('Saint-Étienne');
		expect(one[0].delivery.delivery_company).toBe('Atelier & Cie');
		expect(one[0].relay).toBeNull();
		expect(two[1].relay?.relay_name).toBe('Tabac de la Gare');
		expect(one[0].products).toHaveLength(1);
	});

	it('reads a BOM, an empty list and CDATA with markup-like text', () => {
		const bom = `\uFEFF${ordersAnswer(orderXml({ street: 'a <b> ]] & c' }))}`;
		expect(readOrders(parseXml(bom))[0].customers.customers_street_address).toBe('a <b> ]] & c');
		expect(readOrders(parseXml('<root><orders/><statut><id>1</id></statut></root>'))).toEqual([]);
		expect(readOrders(parseXml('<root><statut><id>1</id></statut></root>'))).toEqual([]);
	});

	it('reads each envelope: statut, errors as a number, errors/error', () => {
		expect(envelopeCode(parseXml('<root><errors>-18</errors></root>'))).toEqual({
			code: -18,
			description: '',
		});
		expect(
			envelopeCode(
				parseXml('<root><statut><id>-7</id><description>Chronologie</description></statut></root>'),
			),
		).toEqual({ code: -7, description: 'Chronologie' });
		expect(
			envelopeCode(
				parseXml(
					'<root><errors><error><id>-15</id><description>XML</description></error></errors></root>',
				),
			),
		).toEqual({ code: -15, description: 'XML' });
		expect(envelopeCode(parseXml('<root><orders/></root>')).code).toBe(1);
	});

	it('reads returns (single and list) and drops the echoed partner key from an update', () => {
		const list = readReturns(
			parseXml(
				`<root><returns>${returnXml({ id: '1' })}${returnXml({ id: '2', status: 4 })}</returns>${statut(1)}</root>`,
			),
		);
		expect(list.map((r) => [r.fields.return_id, r.fields.return_status])).toEqual([
			['1', '2'],
			['2', '4'],
		]);
		expect(list[0].fields.return_reason).toBe('Trop petit & serré');
		const update = readReturnUpdate(
			parseXml(returnUpdateAnswer('555', 1, 'https://x/y?a=1&amp;b=2')),
		);
		expect(update.fields).toEqual({
			rID: '555',
			label_link: 'https://x/y?a=1&b=2',
			label_file: '',
		});
	});

	it('reads per-size stock codes; a size without its own code takes its product code', () => {
		const results = readBatchStockResults(
			parseXml(`<root><products>
				<product><reference_partenaire>A</reference_partenaire><errors>1</errors><size_list>
					<size><size_reference>A-1</size_reference><errors>-18</errors></size>
					<size><size_reference>A-2</size_reference></size>
				</size_list></product>
				<product><reference_partenaire>B &amp; C</reference_partenaire><errors>-14</errors></product>
			</products><errors>1</errors></root>`),
		);
		expect(results).toEqual([
			{ reference: 'A', sizeReference: 'A-1', code: -18 },
			{ reference: 'A', sizeReference: 'A-2', code: 1 },
			{ reference: 'B & C', sizeReference: null, code: -14 },
		]);
	});

	it('malformed XML is refused with a position', () => {
		expect(() => parseXml('<root><orders></root>')).toThrow(/line 1, column/);
	});
});
