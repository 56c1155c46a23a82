import { describe, expect, it } from 'vitest';

import {
	attr,
	buildXml,
	child,
	children,
	childText,
	parseXml,
	requireChild,
	requireText,
	text,
	toPlain,
	xmlCdata,
	xmlElement,
	XmlError,
	type XmlElement,
	type XmlNode,
} from '../../nodes/shared/xml';

/** mulberry32: a tiny seeded generator, so a failing case is reproducible from its seed. */
function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T,>(items: readonly T[]): T => items[int(items.length)];
	return { next, int, pick };
}

const PIECES = [
	'a',
	'Z',
	' ',
	'&',
	'<',
	'>',
	'"',
	"'",
	']]>',
	']]',
	'é',
	'ß',
	'€',
	'😀',
	'𝄞',
	'\u{10FFFF}',
	'\uFFFD',
];
const PIECES_WS = [...PIECES, '\t', '\n', '\r', '\r\n'];
const NAMES = ['a', 'Order', 'ns:item', '_x', 'é', 'a-b.c', 'x1', 'Ωmega', '𐀀'];

function randomTree(seed: number): XmlElement {
	const r = random(seed);
	const str = (pool: string[]) => Array.from({ length: 1 + r.int(6) }, () => r.pick(pool)).join('');
	const element = (depth: number): XmlElement => {
		const attributes: Record<string, string> = {};
		for (let i = r.int(3); i > 0; i--) attributes[r.pick(NAMES)] = r.int(4) ? str(PIECES_WS) : '';
		const kids: XmlNode[] = [];
		let lastWasText = false;
		for (let i = depth < 4 ? r.int(5) : 0; i > 0; i--) {
			if (!lastWasText && r.int(2)) {
				kids.push(r.int(3) ? str(PIECES_WS) : xmlCdata(str(PIECES_WS)));
				lastWasText = true;
			} else {
				kids.push(element(depth + 1));
				lastWasText = false;
			}
		}
		return { name: r.pick(NAMES), attributes, children: kids };
	};
	return element(0);
}

/** What the reader gives back for a tree: CDATA is plain text, and "\r\n" / "\r" in CDATA read as "\n". */
function asRead(el: XmlElement): XmlElement {
	return {
		name: el.name,
		attributes: { ...el.attributes },
		children: el.children.map((c) =>
			typeof c === 'string' ? c : 'cdata' in c ? c.cdata : asRead(c),
		),
	};
}

function fails(source: string): XmlError {
	try {
		parseXml(source);
	} catch (error) {
		expect(error).toBeInstanceOf(XmlError);
		return error as XmlError;
	}
	throw new Error(`parsed: ${source}`);
}

describe('round trip (property-based)', () => {
	it('parseXml(buildXml(x)) equals x for 500 random trees', () => {
		for (let seed = 1; seed <= 500; seed++) {
			const tree = randomTree(seed);
			const xml = buildXml(tree, { declaration: seed % 2 === 0 });
			expect(parseXml(xml, { keepWhitespace: true }), `seed ${seed}: ${xml}`).toEqual(asRead(tree));
		}
	});

	it('indentation only adds whitespace the reader drops', () => {
		for (let seed = 1; seed <= 100; seed++) {
			const tree = randomTree(seed);
			const elementsOnly = (el: XmlElement): XmlElement => ({
				...el,
				children: el.children
					.filter((c): c is XmlElement => typeof c === 'object' && 'name' in c)
					.map(elementsOnly),
			});
			const shape = elementsOnly(tree);
			expect(parseXml(buildXml(shape, { indent: '  ', declaration: true }))).toEqual(shape);
		}
	});

	it('reads <a/> and <a></a> alike and writes an empty element as <a/>', () => {
		expect(parseXml('<a></a>')).toEqual(parseXml('<a/>'));
		expect(buildXml(xmlElement('a'))).toBe('<a/>');
	});
});

describe('reader', () => {
	it.each([
		['&amp;lt;', '&lt;'],
		['&lt;&gt;&amp;&quot;&apos;', `<>&"'`],
		['&#233;&#xE9;&#x1F600;&#128512;', 'éé😀😀'],
		['a\r\nb\rc', 'a\nb\nc'],
		['a&#13;b', 'a\rb'],
		['<![CDATA[<&amp;>]]>', '<&amp;>'],
		['x<!-- c -->y<?pi data?>z', 'xyz'],
		['1 <![CDATA[2]]> 3', '1 2 3'],
	])('decodes %j as %j', (inner, expected) => {
		expect(text(parseXml(`<a>${inner}</a>`))).toBe(expected);
	});

	it('reads attributes in both quotes and normalizes their whitespace', () => {
		const el = parseXml(`<a x='1 "q"' y="&apos;2&apos;" z="a\tb\nc&#10;"/>`);
		expect(el.attributes).toEqual({ x: '1 "q"', y: "'2'", z: 'a b c\n' });
		expect(attr(el, 'x')).toBe('1 "q"');
		expect(attr(el, 'missing')).toBeUndefined();
		expect(attr(parseXml('<a/>'), 'toString')).toBeUndefined();
		expect(parseXml('<a __proto__="1"/>').attributes.__proto__).toBe('1');
	});

	it('accepts a BOM, a declaration, comments and processing instructions around the root', () => {
		const el = parseXml(
			'\uFEFF<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><?pi x?>\n<r>é</r>\n<!-- after -->\n',
		);
		expect(el).toEqual({ name: 'r', attributes: {}, children: ['é'] });
	});

	it('drops whitespace-only text between elements unless asked', () => {
		const xml = '<a>\n  <b> x </b>\n  <c><![CDATA[ ]]></c>\n</a>';
		expect(parseXml(xml).children).toEqual([
			{ name: 'b', attributes: {}, children: [' x '] },
			{ name: 'c', attributes: {}, children: [' '] },
		]);
		expect(parseXml(xml, { keepWhitespace: true }).children).toHaveLength(5);
	});

	it('keeps namespace prefixes and matches local names with *:', () => {
		const el = parseXml(
			'<s:Env xmlns:s="urn:x"><s:Body><m:R xmlns:m="urn:m">1</m:R><R>2</R></s:Body></s:Env>',
		);
		expect(el.name).toBe('s:Env');
		expect(child(el, 'Body')).toBeUndefined();
		expect(children(requireChild(el, 's:Body'), '*:R').map(text)).toEqual(['1', '2']);
		expect(childText(el, '*:Body/m:R')).toBe('1');
	});

	it.each([
		['', 1, 1, /empty document/],
		['  \n <!-- only a comment -->\n', 3, 1, /empty document/],
		['<a>\n<b></a>', 2, 4, /<\/a> does not close <b>/],
		['<a>\n  <b>', 2, 3, /unclosed element <b>/],
		['<a>x &nbsp; y</a>', 1, 6, /unknown entity &nbsp;/],
		['<a>x & y</a>', 1, 6, /bare "&"/],
		['<a>&#0;</a>', 1, 4, /not an XML character/],
		['<a>&#xD800;</a>', 1, 4, /not an XML character/],
		['<a>&#x110000;</a>', 1, 4, /not an XML character/],
		['<a x=1/>', 1, 6, /must be quoted/],
		['<a x="1" x="2"/>', 1, 10, /duplicate attribute x/],
		['<a\n x="1<2"/>', 2, 6, /"<" in the value/],
		['<a/>\ntext', 2, 1, /content after the root/],
		['<a/><b/>', 1, 5, /content after the root/],
		['hello', 1, 1, /text before the root/],
		['<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', 1, 1, /DOCTYPE is not allowed/],
		['<a>\u0001</a>', 1, 4, /U\+0001 is not allowed/],
		['<a>]]></a>', 1, 4, /"]]>" in text/],
		['<a><!-- a -- b --></a>', 1, 4, /"--" inside a comment/],
		['<a><![CDATA[x</a>', 1, 4, /unclosed CDATA/],
		['<a x="1"y="2"/>', 1, 9, /expected whitespace/],
		['<a>\n<?xml version="1.0"?></a>', 2, 1, /XML declaration not at the start/],
		['<1a/>', 1, 2, /expected an element name/],
		['<a>\n<😀/><b></a>', 2, 8, /<\/a> does not close <b>/],
		['<é>\n😀😀<b>', 2, 3, /unclosed element <b>/],
	])('refuses %j at line %i, column %i', (source, line, column, message) => {
		const error = fails(source);
		expect(error.message).toMatch(message);
		expect([error.line, error.column]).toEqual([line, column]);
	});

	it('refuses documents over the size and depth limits', () => {
		expect(text(parseXml(`<a>${'x'.repeat(100)}</a>`))).toHaveLength(100);
		expect(() => parseXml(`<a>${'x'.repeat(100)}</a>`, { maxSize: 50 })).toThrow(/larger than 50/);
		const deep = (n: number) => '<a>'.repeat(n) + '</a>'.repeat(n);
		expect(parseXml(deep(256)).name).toBe('a');
		expect(() => parseXml(deep(257))).toThrow(/deeper than 256/);
		expect(() => parseXml(deep(11), { maxDepth: 10 })).toThrow(/deeper than 10/);
	});
});

describe('writer', () => {
	it('escapes text and attributes', () => {
		const el = xmlElement('a', { q: `<"&'>\t\n`, skip: undefined, n: 3 }, [
			'x<&>"\'y',
			7,
			null,
			false,
		]);
		expect(buildXml(el)).toBe(
			`<a q="&lt;&quot;&amp;&apos;&gt;&#x9;&#xA;" n="3">x&lt;&amp;&gt;"'y7</a>`,
		);
	});

	it('splits ]]> across CDATA sections', () => {
		const xml = buildXml(xmlElement('a', {}, [xmlCdata('x]]>y]]>')]));
		expect(xml).toBe('<a><![CDATA[x]]]]><![CDATA[>y]]]]><![CDATA[>]]></a>');
		expect(text(parseXml(xml))).toBe('x]]>y]]>');
	});

	it('writes the declaration and indents element-only content', () => {
		const el = xmlElement('r', {}, [xmlElement('a', {}, ['1']), xmlElement('b')]);
		expect(buildXml(el, { declaration: true, indent: '\t' })).toBe(
			'<?xml version="1.0" encoding="UTF-8"?>\n<r>\n\t<a>1</a>\n\t<b/>\n</r>',
		);
	});

	it.each([
		[xmlElement('1a'), /invalid element name "1a"/],
		[xmlElement('a b'), /invalid element name/],
		[xmlElement('a', { 'x y': '1' }), /invalid attribute name "x y"/],
		[xmlElement('a', {}, ['\u0000']), /U\+0000 is not allowed/],
		[xmlElement('a', { x: '\u001B' }), /U\+001B is not allowed/],
		[xmlElement('a', {}, [xmlCdata('\uD800')]), /U\+D800 is not allowed/],
		[xmlElement('a', {}, [xmlElement('b', {}, ['\u000C'])]), /U\+000C .*<a><b>/],
	])('refuses %j', (el, message) => {
		expect(() => buildXml(el)).toThrow(message);
	});
});

describe('navigation and toPlain', () => {
	const report = (results: string) => `<?xml version="1.0" encoding="UTF-8"?>
<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">
	<Header>
		<DocumentVersion>1.02</DocumentVersion>
		<MerchantIdentifier>A1EXAMPLE</MerchantIdentifier>
	</Header>
	<MessageType>ProcessingReport</MessageType>
	<Message>
		<MessageID>1</MessageID>
		<ProcessingReport>
			<DocumentTransactionID>50018020000</DocumentTransactionID>
			<StatusCode>Complete</StatusCode>
			<ProcessingSummary>
				<MessagesProcessed>2</MessagesProcessed>
				<MessagesSuccessful>1</MessagesSuccessful>
				<MessagesWithError>1</MessagesWithError>
				<MessagesWithWarning>1</MessagesWithWarning>
			</ProcessingSummary>${results}
		</ProcessingReport>
	</Message>
</AmazonEnvelope>`;
	const result = (id: number, code: string, sku: string, description: string) => `
			<Result>
				<MessageID>${id}</MessageID>
				<ResultCode>${code}</ResultCode>
				<ResultMessageCode>${id === 1 ? 8560 : 18028}</ResultMessageCode>
				<ResultDescription>${description}</ResultDescription>
				<AdditionalInfo><SKU>${sku}</SKU></AdditionalInfo>
			</Result>`;

	it('reads an Amazon processing report with several Result elements', () => {
		const root = parseXml(
			report(
				result(1, 'Error', 'SHIRT-&amp;-CO', 'SKU SHIRT &lt;M&gt; is missing') +
					result(2, 'Warning', 'MUG', 'Price &quot;0&quot;'),
			),
		);
		const rep = requireChild(root, 'Message/ProcessingReport');
		expect(requireText(rep, 'ProcessingSummary.MessagesProcessed')).toBe('2');
		const issues = children(rep, 'Result').map((r) => ({
			id: childText(r, 'MessageID'),
			code: childText(r, 'ResultCode'),
			sku: childText(r, 'AdditionalInfo/SKU'),
			text: childText(r, 'ResultDescription'),
		}));
		expect(issues).toEqual([
			{ id: '1', code: 'Error', sku: 'SHIRT-&-CO', text: 'SKU SHIRT <M> is missing' },
			{ id: '2', code: 'Warning', sku: 'MUG', text: 'Price "0"' },
		]);
		expect(attr(root, 'xsi:noNamespaceSchemaLocation')).toBe('amzn-envelope.xsd');
	});

	it('keeps one Result and no Result as lists in toPlain, and refuses undeclared repeats', () => {
		const arrays = ['Message/ProcessingReport/Result'];
		const one = toPlain(parseXml(report(result(1, 'Error', 'A', 'bad'))), { arrays }) as any;
		expect(one.Message.ProcessingReport.Result).toEqual([
			{
				MessageID: '1',
				ResultCode: 'Error',
				ResultMessageCode: '8560',
				ResultDescription: 'bad',
				AdditionalInfo: { SKU: 'A' },
			},
		]);
		expect(one['@xsi:noNamespaceSchemaLocation']).toBe('amzn-envelope.xsd');
		const none = toPlain(parseXml(report('')), {
			arrays: ['Message.ProcessingReport.Result'],
		}) as any;
		expect(none.Message.ProcessingReport.Result).toEqual([]);
		const two = parseXml(report(result(1, 'Error', 'A', 'x') + result(2, 'Error', 'B', 'y')));
		expect(() => toPlain(two)).toThrow(
			/repeated element not declared in arrays: <Result> in <ProcessingReport>/,
		);
		expect((toPlain(two, { arrays }) as any).Message.ProcessingReport.Result).toHaveLength(2);
	});

	it('toPlain keeps attributes as @name and mixed text as #text', () => {
		expect(toPlain(parseXml('<a id="1">x<b/>y</a>'))).toEqual({ '@id': '1', '#text': 'xy', b: '' });
		expect(toPlain(parseXml('<a>plain</a>'))).toBe('plain');
	});

	it('reads a Spartoo error answer', () => {
		const root = parseXml(
			'<?xml version="1.0" encoding="UTF-8"?><root><code>-429</code><message>Quota d&#233;pass&#233;</message></root>',
		);
		expect(requireText(root, 'code')).toBe('-429');
		expect(requireText(root, 'message')).toBe('Quota dépassé');
		expect(() => requireText(root, 'orders/order')).toThrow(XmlError);
		try {
			requireChild(root, 'orders/order');
		} catch (error) {
			expect((error as XmlError).message).toMatch(
				/missing element <orders\/order> in <root> at line 1, column 39/,
			);
			expect((error as XmlError).line).toBe(1);
		}
		expect(() => requireChild(xmlElement('built'), 'x')).toThrow(/missing element <x> in <built>$/);
	});

	it('reads a Spartoo orders list with French names in CDATA', () => {
		const xml = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <code>1</code>
  <orders>
    <order id="SP-1001">
      <customer><firstname><![CDATA[Hélène]]></firstname><lastname><![CDATA[Lefèvre-Dubœuf]]></lastname></customer>
      <address><![CDATA[12 rue de l'Église & fils]]></address>
      <items><item sku="CHAUSS-42" qty="1"/></items>
    </order>
    <order id="SP-1002">
      <customer><firstname><![CDATA[François]]></firstname><lastname><![CDATA[Çelik]]></lastname></customer>
      <address><![CDATA[3 place du Marché]]></address>
      <items><item sku="BOTTE-39" qty="2"/><item sku="SAC" qty="1"/></items>
    </order>
  </orders>
</root>`;
		const orders = children(requireChild(parseXml(xml), 'orders'), 'order');
		expect(
			orders.map((o) => [
				attr(o, 'id'),
				childText(o, 'customer/firstname'),
				childText(o, 'customer.lastname'),
			]),
		).toEqual([
			['SP-1001', 'Hélène', 'Lefèvre-Dubœuf'],
			['SP-1002', 'François', 'Çelik'],
		]);
		expect(childText(orders[0], 'address')).toBe("12 rue de l'Église & fils");
		const plain = toPlain(parseXml(xml), {
			arrays: ['orders/order', 'orders/order/items/item'],
		}) as any;
		expect(plain.orders.order[0].items.item).toEqual([{ '@sku': 'CHAUSS-42', '@qty': '1' }]);
		expect(plain.orders.order[1].items.item).toHaveLength(2);
	});
});
