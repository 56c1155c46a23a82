/**
 * The one strict XML reader and writer of the package (XML 1.0, no dependencies).
 *
 * Safe by construction against billion-laughs and XXE: a DOCTYPE is refused, so no entity is ever declared, expanded or
 * fetched; only the five predefined entities and numeric character references are decoded, and the parsed tree is
 * never larger than the input. `maxSize` and `maxDepth` bound what a hostile answer can make us hold.
 * Namespaces are not resolved: names keep their prefix (`ns:tag`); `*:tag` in the helpers matches any prefix.
 */

export interface XmlElement {
	name: string;
	attributes: Record<string, string>;
	children: XmlNode[];
}
/** Written as a CDATA section by `buildXml`; the reader returns every kind of text as a plain string. */
export interface XmlCdata {
	cdata: string;
}
export type XmlNode = XmlElement | string | XmlCdata;

export interface ParseOptions {
	/** Keep whitespace-only text between elements (default false: dropped). */
	keepWhitespace?: boolean;
	/** Largest accepted document, in UTF-16 code units (default 32 MiB). */
	maxSize?: number;
	/** Deepest accepted element nesting (default 256). */
	maxDepth?: number;
}

/** A malformed document or a missing element. `line`/`column` (1-based) and `offset` are set when known. */
export class XmlError extends Error {
	constructor(
		message: string,
		readonly line?: number,
		readonly column?: number,
		readonly offset?: number,
	) {
		super(message);
		this.name = 'XmlError';
	}
}

const START =
	':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
const NAME_CHARS = `${START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F\\u2040`;
// eslint-disable-next-line no-misleading-character-class -- XML's Name production: ZWNJ, ZWJ, combining marks are single code points
const NAME = new RegExp(`[${START}][${NAME_CHARS}]*`, 'uy');
// eslint-disable-next-line no-misleading-character-class -- as above
const IS_NAME = new RegExp(`^[${START}][${NAME_CHARS}]*$`, 'u');
const INVALID_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const WS = /[ \t\r\n]*/y;
const BLANK = /^[ \t\r\n]*$/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const REFERENCE = /&(#x[0-9a-fA-F]+|#[0-9]+|[^\s&;<]*)(;?)|\r\n?|[\t\n]/g;

/** Where each parsed element starts, for the errors of `requireChild`/`requireText`. */
const origins = new WeakMap<XmlElement, { source: string; offset: number }>();

function located(message: string, source: string, offset: number): XmlError {
	const lines = source.slice(0, offset).split(/\r\n?|\n/);
	const line = lines.length;
	const column = [...lines[line - 1]].length + 1;
	const excerpt = source.slice(offset, offset + 30).replace(/\s+/g, ' ');
	return new XmlError(
		`${message} at line ${line}, column ${column} near "${excerpt}"`,
		line,
		column,
		offset,
	);
}

/** Reads a document and returns its root element. Throws `XmlError` with the position of the first problem. */
export function parseXml(source: string, options: ParseOptions = {}): XmlElement {
	const { keepWhitespace = false, maxSize = 32 * 1024 * 1024, maxDepth = 256 } = options;
	const fail = (message: string, at: number): never => {
		throw located(message, source, at);
	};
	if (source.length > maxSize) fail(`document larger than ${maxSize} characters`, maxSize);
	const bad = INVALID_CHAR.exec(source);
	if (bad) {
		const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		fail(`character U+${code} is not allowed in XML`, bad.index);
	}
	let pos = source.charCodeAt(0) === 0xfeff ? 1 : 0;
	const at = (s: string) => source.startsWith(s, pos);
	const skipWs = () => {
		WS.lastIndex = pos;
		WS.exec(source);
		const moved = WS.lastIndex > pos;
		pos = WS.lastIndex;
		return moved;
	};
	const name = (what: string): string => {
		NAME.lastIndex = pos;
		const match = NAME.exec(source);
		if (!match) return fail(`expected ${what}`, pos);
		pos += match[0].length;
		return match[0];
	};
	const until = (end: string, what: string, from: number): string => {
		const stop = source.indexOf(end, pos);
		if (stop < 0) fail(`unclosed ${what}`, from);
		const body = source.slice(pos, stop);
		pos = stop + end.length;
		return body;
	};
	const decode = (raw: string, offset: number, attribute: boolean): string =>
		raw.replace(
			REFERENCE,
			(match: string, ref: string | undefined, semi: string, index: number) => {
				if (ref === undefined) return attribute ? ' ' : match[0] === '\r' ? '\n' : match;
				if (!semi || !ref) return fail(`bare "&" (write &amp;)`, offset + index);
				if (ref[0] !== '#') {
					if (ref in PREDEFINED) return PREDEFINED[ref];
					return fail(
						`unknown entity &${ref}; (only the five predefined entities)`,
						offset + index,
					);
				}
				const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
				const char = code <= 0x10ffff ? String.fromCodePoint(code) : '\0';
				if (INVALID_CHAR.test(char))
					fail(`character reference ${match} is not an XML character`, offset + index);
				return char;
			},
		);
	/** Comments, processing instructions; false when the cursor is at something else. */
	const misc = (prolog: boolean): boolean => {
		const from = pos;
		if (at('<!--')) {
			pos += 4;
			const body = until('-->', 'comment', from);
			if (body.includes('--') || body.endsWith('-')) fail('"--" inside a comment', from);
		} else if (at('<?')) {
			pos += 2;
			const target = name('a processing instruction target');
			if (
				target.toLowerCase() === 'xml' &&
				(!prolog || from !== (source.charCodeAt(0) === 0xfeff ? 1 : 0))
			)
				fail('XML declaration not at the start of the document', from);
			until('?>', 'processing instruction', from);
		} else if (at('<!DOCTYPE')) {
			fail('DOCTYPE is not allowed (no DTDs, no entity declarations)', from);
		} else return false;
		return true;
	};

	while (skipWs() || misc(true));
	if (pos >= source.length) fail('empty document: no root element', pos);
	if (!at('<')) fail('text before the root element', pos);

	const stack: XmlElement[] = [];
	let root: XmlElement | undefined;
	let text = '';
	let cdata = false;
	const flush = () => {
		if (text && (keepWhitespace || cdata || !BLANK.test(text)))
			stack[stack.length - 1].children.push(text);
		text = '';
		cdata = false;
	};
	const startTag = () => {
		const from = pos;
		pos += 1;
		const element: XmlElement = { name: name('an element name'), attributes: {}, children: [] };
		origins.set(element, { source, offset: from });
		for (;;) {
			const spaced = skipWs();
			if (at('/>') || at('>')) break;
			if (pos >= source.length) fail(`unclosed start tag <${element.name}>`, from);
			if (!spaced) fail('expected whitespace, ">" or "/>"', pos);
			const attrAt = pos;
			const key = name('an attribute name');
			skipWs();
			if (!at('=')) fail(`expected "=" after attribute ${key}`, pos);
			pos += 1;
			skipWs();
			const quote = source[pos];
			if (quote !== '"' && quote !== "'") fail(`value of attribute ${key} must be quoted`, pos);
			pos += 1;
			const valueAt = pos;
			const raw = until(quote, `value of attribute ${key}`, attrAt);
			const lt = raw.indexOf('<');
			if (lt >= 0) fail(`"<" in the value of attribute ${key}`, valueAt + lt);
			if (hasOwn(element.attributes, key)) fail(`duplicate attribute ${key}`, attrAt);
			define(element.attributes, key, decode(raw, valueAt, true));
		}
		if (stack.length) {
			flush();
			stack[stack.length - 1].children.push(element);
		} else root = element;
		if (at('/>')) pos += 2;
		else {
			pos += 1;
			if (stack.length >= maxDepth) fail(`elements nested deeper than ${maxDepth}`, from);
			stack.push(element);
		}
	};

	startTag();
	while (stack.length) {
		const next = source.indexOf('<', pos);
		const raw = source.slice(pos, next < 0 ? source.length : next);
		const cdataEnd = raw.indexOf(']]>');
		if (cdataEnd >= 0) fail('"]]>" in text', pos + cdataEnd);
		text += decode(raw, pos, false);
		if (next < 0) {
			const open = origins.get(stack[stack.length - 1])!;
			fail(`unclosed element <${stack[stack.length - 1].name}>`, open.offset);
		}
		pos = next;
		if (at('</')) {
			const from = pos;
			pos += 2;
			const closing = name('an element name');
			skipWs();
			if (!at('>')) fail('expected ">"', pos);
			pos += 1;
			const open = stack[stack.length - 1];
			if (closing !== open.name) fail(`</${closing}> does not close <${open.name}>`, from);
			flush();
			stack.pop();
		} else if (at('<![CDATA[')) {
			const from = pos;
			pos += 9;
			text += until(']]>', 'CDATA section', from).replace(/\r\n?/g, '\n');
			cdata = true;
		} else if (!misc(false)) {
			if (at('<!')) fail('unexpected markup declaration', pos);
			startTag();
		}
	}
	while (skipWs() || misc(false));
	if (pos < source.length) fail('content after the root element', pos);
	return root!;
}

function hasOwn(target: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(target, key);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

// ---------------------------------------------------------------- navigation

/** The part of a name after its prefix: `localName('ns2:Result') === 'Result'`. */
export function localName(name: string): string {
	return name.slice(name.indexOf(':') + 1);
}

/** `name` matches exactly; `*:name` matches `name` with any prefix or none. */
export function nameMatches(actual: string, wanted: string): boolean {
	return wanted.startsWith('*:') ? localName(actual) === wanted.slice(2) : actual === wanted;
}

/** Every child element named `name` (every child element without a name), in order; always an array. */
export function children(el: XmlElement, name?: string): XmlElement[] {
	return el.children.filter(
		(c): c is XmlElement =>
			typeof c === 'object' && 'name' in c && (name === undefined || nameMatches(c.name, name)),
	);
}

/** The first child element named `name`, or undefined. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
	return children(el, name)[0];
}

/** The element's own text (text and CDATA children concatenated, entities decoded), untrimmed; not descendants'. */
export function text(el: XmlElement): string {
	return el.children.map((c) => (typeof c === 'string' ? c : 'cdata' in c ? c.cdata : '')).join('');
}

/** The value of attribute `name`, or undefined. */
export function attr(el: XmlElement, name: string): string | undefined {
	return hasOwn(el.attributes, name) ? el.attributes[name] : undefined;
}

/** Splits `a/b/c` on slashes, or `a.b.c` on dots when there is no slash. */
function steps(path: string): string[] {
	return path.split(path.includes('/') ? '/' : '.').filter(Boolean);
}

/** The element at `path` (first match at each step), or undefined. */
export function descendant(el: XmlElement, path: string): XmlElement | undefined {
	let current: XmlElement | undefined = el;
	for (const step of steps(path)) current = current && child(current, step);
	return current;
}

/** The text of the element at `path` (see `descendant`), or undefined when it is missing. */
export function childText(el: XmlElement, path: string): string | undefined {
	const found = descendant(el, path);
	return found && text(found);
}

function missing(el: XmlElement, path: string, what: string): XmlError {
	const message = `${what} <${steps(path).join('/')}> in <${el.name}>`;
	const origin = origins.get(el);
	return origin ? located(message, origin.source, origin.offset) : new XmlError(message);
}

/** The element at `path`; throws an XmlError naming the path (and where the parent starts) when it is missing. */
export function requireChild(el: XmlElement, path: string): XmlElement {
	const found = descendant(el, path);
	if (!found) throw missing(el, path, 'missing element');
	return found;
}

/** The trimmed text at `path`; throws an XmlError naming the path when the element is missing or blank. */
export function requireText(el: XmlElement, path: string): string {
	const value = text(requireChild(el, path)).trim();
	if (!value) throw missing(el, path, 'empty element');
	return value;
}

export type XmlPlain = string | { [key: string]: XmlPlain | XmlPlain[] };

/**
 * A plain object of the element: a childless, attribute-less element is its text; otherwise attributes are `@name`,
 * non-blank text is `#text`, and each child is a key. A child whose path (from `el`, excluded, e.g. `Message/Result`
 * or `Message.Result`) is listed in `arrays` is ALWAYS an array (`[]` when absent); any other repeated child is an
 * XmlError, never a silent "sometimes an array".
 */
export function toPlain(el: XmlElement, options: { arrays?: string[] } = {}): XmlPlain {
	const arrays = new Set((options.arrays ?? []).map((p) => steps(p).join('/')));
	const convert = (node: XmlElement, path: string): XmlPlain => {
		const kids = children(node);
		const names = Object.keys(node.attributes);
		const own = text(node);
		const arrayKeys = [...arrays].filter(
			(p) => p.startsWith(path) && !p.slice(path.length).includes('/'),
		);
		if (!kids.length && !names.length && !arrayKeys.length) return own;
		const out: Record<string, XmlPlain | XmlPlain[]> = {};
		for (const key of names) define(out, `@${key}`, node.attributes[key]);
		if (!BLANK.test(own)) define(out, '#text', own);
		for (const key of arrayKeys) define(out, key.slice(path.length), []);
		for (const kid of kids) {
			const value = convert(kid, `${path}${kid.name}/`);
			const list = hasOwn(out, kid.name) ? out[kid.name] : undefined;
			if (arrays.has(path + kid.name)) (list as XmlPlain[]).push(value);
			else if (list !== undefined)
				throw missing(node, kid.name, 'repeated element not declared in arrays:');
			else define(out, kid.name, value);
		}
		return out;
	};
	return convert(el, '');
}

// ---------------------------------------------------------------- writer

export type XmlChild = XmlNode | number | boolean | null | undefined;

/** An element; attributes that are undefined or null are left out, children null/undefined/false are left out. */
export function xmlElement(
	name: string,
	attributes: Record<string, string | number | boolean | null | undefined> = {},
	content: XmlChild[] = [],
): XmlElement {
	const attrs: Record<string, string> = {};
	for (const [key, value] of Object.entries(attributes))
		if (value != null) define(attrs, key, String(value));
	const kids = content.filter((c) => c != null && c !== false);
	return {
		name,
		attributes: attrs,
		children: kids.map((c) => (typeof c === 'object' ? c : String(c))),
	};
}

/** Text written as a CDATA section (a `]]>` inside is split across two sections). */
export function xmlCdata(value: string): XmlCdata {
	return { cdata: value };
}

function checked(value: string, where: string): string {
	const bad = INVALID_CHAR.exec(value);
	if (bad) {
		const code = bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		throw new XmlError(`character U+${code} is not allowed in XML (${where})`);
	}
	return value;
}

const TEXT_ESCAPES: Record<string, string> = {
	'&': '&amp;',
	'<': '&lt;',
	'>': '&gt;',
	'\r': '&#xD;',
};
const ATTR_ESCAPES: Record<string, string> = {
	...TEXT_ESCAPES,
	'"': '&quot;',
	"'": '&apos;',
	'\t': '&#x9;',
	'\n': '&#xA;',
};

/** Serializes `el`; refuses invalid names and characters. Default: no declaration, no indentation. */
export function buildXml(
	el: XmlElement,
	options: { declaration?: boolean; indent?: string } = {},
): string {
	const { declaration = false, indent } = options;
	const nl = indent === undefined ? '' : '\n';
	const write = (node: XmlElement, depth: number, path: string): string => {
		const where = `${path}<${node.name}>`;
		if (!IS_NAME.test(node.name))
			throw new XmlError(`invalid element name "${node.name}" (${path || 'root'})`);
		let out = `<${node.name}`;
		for (const [key, value] of Object.entries(node.attributes)) {
			if (!IS_NAME.test(key)) throw new XmlError(`invalid attribute name "${key}" (${where})`);
			out += ` ${key}="${checked(value, where).replace(/[&<>"'\t\n\r]/g, (c) => ATTR_ESCAPES[c])}"`;
		}
		if (!node.children.length) return `${out}/>`;
		const elementsOnly = node.children.every((c) => typeof c === 'object' && 'name' in c);
		const pad = elementsOnly && indent !== undefined ? indent.repeat(depth + 1) : '';
		const inner = node.children.map((c) => {
			if (typeof c === 'string')
				return checked(c, where).replace(/[&<>\r]/g, (ch) => TEXT_ESCAPES[ch]);
			if ('cdata' in c) {
				const body = checked(c.cdata, where)
					.replace(/]]>/g, ']]]]><![CDATA[>')
					.replace(/\r/g, ']]>&#xD;<![CDATA[');
				return `<![CDATA[${body}]]>`;
			}
			return `${elementsOnly ? nl + pad : ''}${write(c, depth + 1, where)}`;
		});
		const close = elementsOnly && indent !== undefined ? nl + indent.repeat(depth) : '';
		return `${out}>${inner.join('')}${close}</${node.name}>`;
	};
	const head = declaration ? `<?xml version="1.0" encoding="UTF-8"?>${nl}` : '';
	return head + write(el, 0, '');
}
