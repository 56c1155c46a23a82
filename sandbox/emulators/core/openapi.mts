import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse as parseYaml } from 'yaml';

import type { EmulatorRequest } from './http.mts';

/**
 * In-process request (and response) validation against OpenAPI 3.0 documents, with ajv over the spec's own schemas.
 * Handles what a plain JSON-Schema validator does not: `nullable`, `discriminator` mappings, parameter coercion
 * (query strings are text), relative cross-file `$ref`s (`../common/responses.yaml#/...`).
 * Unlike Prism, query parameter names are matched case-sensitively.
 */

type JsonObject = Record<string, unknown>;

export interface SpecViolation {
	/** Where: `query`, `path`, `header`, `body`. */
	location: 'query' | 'path' | 'header' | 'body';
	/** Field name as an API would print it: `orderItems[0].reasonCode`, `page`, `body`. */
	name: string;
	/** ajv keyword (`required`, `enum`, `type`, `maximum`, ...) or `missing` / `parse`. */
	keyword: string;
	params: Record<string, unknown>;
	/** The offending value, when there is one. */
	value?: unknown;
	message: string;
}

/** Compiles on first call; `errors` holds the last call's errors, as with ajv. */
export interface LazyValidator {
	(data: unknown): boolean;
	errors?: ErrorObject[] | null;
}

export interface OperationParameter {
	name: string;
	in: 'query' | 'path' | 'header' | 'cookie';
	required: boolean;
	schema: JsonObject;
	validate: LazyValidator;
}

export interface OpenApiOperation {
	operationId?: string;
	method: string;
	template: string;
	file: string;
	regex: RegExp;
	pathParams: string[];
	deprecated: boolean;
	parameters: OperationParameter[];
	requestBody?: { required: boolean; content: Record<string, LazyValidator> };
	/** status ('200', '4XX', 'default') -> media type -> validator (undefined when the media type has no schema). */
	responses: Record<string, Record<string, LazyValidator | undefined>>;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

function isObject(value: unknown): value is JsonObject {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Rewrites OpenAPI 3.0 schema dialect into JSON Schema that ajv understands, in place. */
function toJsonSchemaDialect(node: unknown): void {
	if (Array.isArray(node)) {
		node.forEach((item) => toJsonSchemaDialect(item));
		return;
	}
	if (!isObject(node)) return;
	Object.values(node).forEach((value) => toJsonSchemaDialect(value));
	const discriminator = node.discriminator;
	if (isObject(discriminator) && isObject(discriminator.mapping) && Array.isArray(node.oneOf)) {
		const property = String(discriminator.propertyName);
		const mapping = discriminator.mapping as Record<string, string>;
		delete node.oneOf;
		node.type = 'object';
		node.required = [...new Set([...((node.required as string[]) ?? []), property])];
		node.properties = {
			...((node.properties as JsonObject) ?? {}),
			[property]: { enum: Object.keys(mapping) },
		};
		node.allOf = Object.entries(mapping).map(([value, ref]) => ({
			if: { properties: { [property]: { const: value } } },
			then: { $ref: ref },
		}));
	}
	// OpenAPI 3.0 (JSON Schema draft 4) spells exclusive bounds as booleans next to minimum/maximum
	for (const [flag, bound] of [
		['exclusiveMaximum', 'maximum'],
		['exclusiveMinimum', 'minimum'],
	] as const) {
		if (typeof node[flag] !== 'boolean') continue;
		if (node[flag] === true && typeof node[bound] === 'number') {
			node[flag] = node[bound];
			delete node[bound];
		} else {
			delete node[flag];
		}
	}
	if (node.nullable === true) {
		delete node.nullable;
		if (typeof node.type === 'string') {
			node.type = [node.type, 'null'];
			if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
		} else {
			const inner: JsonObject = {};
			for (const key of ['allOf', 'oneOf', 'anyOf', '$ref', 'properties', 'required', 'items']) {
				if (key in node) {
					inner[key] = node[key];
					delete node[key];
				}
			}
			node.if = { type: 'null' };
			node.then = true;
			node.else = inner;
		}
	}
}

function escapePointer(segment: string): string {
	return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function getPointer(doc: unknown, pointer: string): unknown {
	if (pointer === '' || pointer === '/') return doc;
	return pointer
		.replace(/^\//, '')
		.split('/')
		.map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
		.reduce<unknown>(
			(node, key) =>
				isObject(node) || Array.isArray(node) ? (node as JsonObject)[key] : undefined,
			doc,
		);
}

/** `/orderItems/0/reasonCode` -> `orderItems[0].reasonCode` */
export function instancePathToName(instancePath: string, extra?: string): string {
	const parts = instancePath
		.split('/')
		.filter((p) => p !== '')
		.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
	if (extra !== undefined) parts.push(extra);
	return parts.reduce(
		(name, part) => (/^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part),
		'',
	);
}

function valueAt(root: unknown, instancePath: string): unknown {
	return getPointer(root, instancePath);
}

export interface LoadOptions {
	/** Documents whose paths (operations) are served. */
	files: string[];
	/** Extra documents that are only referenced (e.g. a stubbed `../common/responses.yaml`). */
	referencedFiles?: string[];
}

const cache = new Map<string, OpenApiValidator>();

export class OpenApiValidator {
	/** One validator per set of files for the whole process: emulators started by every test share it. */
	static shared(options: LoadOptions): OpenApiValidator {
		const key = JSON.stringify(
			[options.files, options.referencedFiles ?? []].map((l) => l.map((f) => path.resolve(f))),
		);
		let validator = cache.get(key);
		if (!validator) {
			validator = new OpenApiValidator(options);
			cache.set(key, validator);
		}
		return validator;
	}

	private readonly ajv: Ajv;
	private readonly docs = new Map<string, JsonObject>();
	readonly operations: OpenApiOperation[] = [];

	constructor(options: LoadOptions) {
		this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
		addFormats(this.ajv);
		for (const file of [...(options.referencedFiles ?? []), ...options.files])
			this.loadDocument(file);
		for (const file of options.files) this.collectOperations(path.resolve(file));
		// literal paths before templated ones, so /retailer/orders/cancellation wins over /retailer/orders/{order-id}
		this.operations.sort((a, b) => a.pathParams.length - b.pathParams.length);
	}

	private loadDocument(file: string): void {
		const absolute = path.resolve(file);
		const text = readFileSync(absolute, 'utf8');
		const doc = (
			absolute.endsWith('.json') ? JSON.parse(text) : parseYaml(text, { merge: true })
		) as JsonObject;
		toJsonSchemaDialect(doc);
		this.docs.set(absolute, doc);
		this.ajv.addSchema(doc, pathToFileURL(absolute).href);
	}

	/** Follows `$ref`s of non-schema objects (parameters, request bodies, responses) across files. */
	private resolve(
		node: unknown,
		file: string,
	): { value: JsonObject; file: string; pointer: string } | undefined {
		let current = node;
		let currentFile = file;
		let pointer = '';
		for (
			let guard = 0;
			guard < 20 && isObject(current) && typeof current.$ref === 'string';
			guard++
		) {
			const [target = '', fragment = ''] = current.$ref.split('#');
			if (target !== '') currentFile = path.resolve(path.dirname(currentFile), target);
			const doc = this.docs.get(currentFile);
			if (!doc) throw new Error(`OpenAPI $ref to an unloaded document: ${currentFile}`);
			pointer = fragment;
			current = getPointer(doc, fragment);
		}
		return isObject(current) ? { value: current, file: currentFile, pointer } : undefined;
	}

	/** A validator compiled on first use (compiling all 80 bol operations up front takes seconds). */
	private compileAt(file: string, pointer: string): LazyValidator {
		let compiled: ValidateFunction | undefined;
		const lazy = ((data: unknown) => {
			compiled ??= this.ajv.compile({ $ref: `${pathToFileURL(file).href}#${pointer}` });
			const ok = compiled(data) as boolean;
			lazy.errors = compiled.errors;
			return ok;
		}) as LazyValidator;
		return lazy;
	}

	private collectOperations(file: string): void {
		const doc = this.docs.get(file) as JsonObject;
		const paths = (doc.paths ?? {}) as Record<string, JsonObject>;
		for (const [template, item] of Object.entries(paths)) {
			const pathLevel = (item.parameters ?? []) as unknown[];
			for (const method of HTTP_METHODS) {
				const op = item[method];
				if (!isObject(op)) continue;
				const base = `/paths/${escapePointer(template)}/${method}`;
				this.operations.push(this.buildOperation(file, template, method, op, base, pathLevel));
			}
		}
	}

	private buildOperation(
		file: string,
		template: string,
		method: string,
		op: JsonObject,
		base: string,
		pathLevel: unknown[],
	): OpenApiOperation {
		const pathParams: string[] = [];
		const regexSource = template
			.replace(/[.+?^$()|[\]\\]/g, '\\$&')
			.replace(/\{([^}]+)\}/g, (_m, name: string) => {
				pathParams.push(name);
				return '([^/]+)';
			});
		const parameters: OperationParameter[] = [];
		const declared = [
			...pathLevel.map((p, i) => ({
				p,
				pointer: `/paths/${escapePointer(template)}/parameters/${i}`,
			})),
			...((op.parameters ?? []) as unknown[]).map((p, i) => ({
				p,
				pointer: `${base}/parameters/${i}`,
			})),
		];
		for (const { p, pointer } of declared) {
			const resolved = this.resolve(p, file);
			if (!resolved) continue;
			const location = resolved.pointer === '' ? { file, pointer } : resolved;
			const param = resolved.value;
			parameters.push({
				name: String(param.name),
				in: param.in as OperationParameter['in'],
				required: param.required === true,
				schema: (param.schema ?? {}) as JsonObject,
				validate: this.compileAt(location.file, `${location.pointer}/schema`),
			});
		}
		const result: OpenApiOperation = {
			operationId: op.operationId as string | undefined,
			method: method.toUpperCase(),
			template,
			file,
			regex: new RegExp(`^${regexSource}$`),
			pathParams,
			deprecated: op.deprecated === true,
			parameters,
			responses: {},
		};
		const body = this.resolve(op.requestBody, file);
		if (body) {
			const location = body.pointer === '' ? { file, pointer: `${base}/requestBody` } : body;
			const content: Record<string, LazyValidator> = {};
			for (const [mediaType, media] of Object.entries(
				(body.value.content ?? {}) as Record<string, JsonObject>,
			)) {
				if (isObject(media.schema)) {
					content[mediaType.toLowerCase()] = this.compileAt(
						location.file,
						`${location.pointer}/content/${escapePointer(mediaType)}/schema`,
					);
				}
			}
			result.requestBody = { required: body.value.required === true, content };
		}
		for (const [status, response] of Object.entries((op.responses ?? {}) as JsonObject)) {
			const resolved = this.resolve(response, file);
			if (!resolved) continue;
			const location =
				resolved.pointer === '' ? { file, pointer: `${base}/responses/${status}` } : resolved;
			const byType: Record<string, LazyValidator | undefined> = {};
			for (const [mediaType, media] of Object.entries(
				(resolved.value.content ?? {}) as Record<string, JsonObject>,
			)) {
				byType[mediaType.toLowerCase()] = isObject(media.schema)
					? this.compileAt(
							location.file,
							`${location.pointer}/content/${escapePointer(mediaType)}/schema`,
						)
					: undefined;
			}
			result.responses[status] = byType;
		}
		return result;
	}

	find(
		method: string,
		requestPath: string,
	): { operation: OpenApiOperation; params: Record<string, string> } | undefined {
		for (const operation of this.operations) {
			if (operation.method !== method.toUpperCase()) continue;
			const match = operation.regex.exec(requestPath);
			if (!match) continue;
			const params: Record<string, string> = {};
			operation.pathParams.forEach((name, i) => {
				params[name] = decodeURIComponent(match[i + 1] ?? '');
			});
			return { operation, params };
		}
		return undefined;
	}

	/** Media types the operation accepts as a request body. */
	static requestMediaTypes(operation: OpenApiOperation): string[] {
		return Object.keys(operation.requestBody?.content ?? {});
	}

	/** Media types of the operation's success responses (2XX). */
	static responseMediaTypes(operation: OpenApiOperation): string[] {
		return [
			...new Set(
				Object.entries(operation.responses)
					.filter(([status]) => status.startsWith('2'))
					.flatMap(([, content]) => Object.keys(content)),
			),
		];
	}

	validateRequest(
		operation: OpenApiOperation,
		input: {
			pathParams: Record<string, string>;
			query: URLSearchParams;
			headers: Record<string, string | string[] | undefined>;
			body: unknown;
			contentType?: string;
		},
	): SpecViolation[] {
		const violations: SpecViolation[] = [];
		for (const param of operation.parameters) {
			if (param.in === 'cookie') continue;
			const raw = OpenApiValidator.rawParam(param, input);
			if (raw === undefined) {
				if (param.required) {
					violations.push({
						location: param.in,
						name: param.name,
						keyword: 'missing',
						params: {},
						message: `required ${param.in} parameter '${param.name}' is missing`,
					});
				}
				continue;
			}
			const value = OpenApiValidator.coerce(param.schema, raw);
			if (!param.validate(value)) {
				violations.push(
					...OpenApiValidator.violations(param.validate.errors, value, param.in, param.name),
				);
			}
		}
		if (operation.requestBody) {
			if (input.body === undefined) {
				if (operation.requestBody.required) {
					violations.push({
						location: 'body',
						name: 'body',
						keyword: 'missing',
						params: {},
						message: 'request body is missing',
					});
				}
			} else {
				const validate =
					(input.contentType && operation.requestBody.content[input.contentType]) ||
					Object.values(operation.requestBody.content)[0];
				if (validate && !validate(input.body)) {
					violations.push(...OpenApiValidator.violations(validate.errors, input.body, 'body'));
				}
			}
		}
		return violations;
	}

	/** `validateRequest` for a request as the emulator core received it (path parameters as matched by `find`). */
	validateEmulatorRequest(
		operation: OpenApiOperation,
		pathParams: Record<string, string>,
		req: EmulatorRequest,
	): SpecViolation[] {
		return this.validateRequest(operation, {
			pathParams,
			query: req.query,
			headers: req.headers,
			body: req.body,
			contentType: req.contentType,
		});
	}

	/** Checks a response body against the spec; returns human-readable problems (empty when it conforms). */
	validateResponse(
		operation: OpenApiOperation,
		status: number,
		mediaType: string | undefined,
		body: unknown,
	): string[] {
		const byStatus =
			operation.responses[String(status)] ??
			operation.responses[`${String(status)[0]}XX`] ??
			operation.responses.default;
		if (!byStatus)
			return [`status ${status} is not declared for ${operation.method} ${operation.template}`];
		const types = Object.keys(byStatus);
		if (types.length === 0) return body === undefined ? [] : [`status ${status} declares no body`];
		if (mediaType === undefined || !(mediaType in byStatus)) {
			return body === undefined && status === 204
				? []
				: [`media type ${mediaType} is not one of ${types.join(', ')}`];
		}
		const validate = byStatus[mediaType];
		if (!validate || validate(body)) return [];
		return OpenApiValidator.violations(validate.errors, body, 'body').map(
			(v) => `${v.name}: ${v.message}`,
		);
	}

	private static rawParam(
		param: OperationParameter,
		input: {
			pathParams: Record<string, string>;
			query: URLSearchParams;
			headers: Record<string, string | string[] | undefined>;
		},
	): string[] | undefined {
		if (param.in === 'path') {
			const value = input.pathParams[param.name];
			return value === undefined ? undefined : [value];
		}
		if (param.in === 'header') {
			const value = input.headers[param.name.toLowerCase()];
			if (value === undefined) return undefined;
			return Array.isArray(value) ? value : [value];
		}
		const values = input.query.getAll(param.name);
		return values.length === 0 ? undefined : values;
	}

	private static scalar(schema: JsonObject, raw: string): unknown {
		const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
		if (types.includes('integer') && /^-?\d+$/.test(raw)) return Number(raw);
		if (types.includes('number') && raw.trim() !== '' && Number.isFinite(Number(raw)))
			return Number(raw);
		if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
		return raw;
	}

	/** Query strings are text: turn them into the types the schema asks for (arrays: repeated or comma-separated). */
	private static coerce(schema: JsonObject, raw: string[]): unknown {
		const types = Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
		if (types.includes('array')) {
			const items = (schema.items ?? {}) as JsonObject;
			return raw.flatMap((v) => v.split(',')).map((v) => OpenApiValidator.scalar(items, v));
		}
		return OpenApiValidator.scalar(schema, raw[0] as string);
	}

	private static violations(
		errors: ErrorObject[] | null | undefined,
		root: unknown,
		location: SpecViolation['location'],
		paramName?: string,
	): SpecViolation[] {
		const list = (errors ?? []).filter((e) => e.keyword !== 'if');
		const meaningful = list.some((e) => !['anyOf', 'oneOf'].includes(e.keyword))
			? list.filter((e) => !['anyOf', 'oneOf'].includes(e.keyword))
			: list;
		const out: SpecViolation[] = [];
		const seen = new Set<string>();
		for (const error of meaningful) {
			const missing =
				error.keyword === 'required' ? String(error.params.missingProperty) : undefined;
			const inner = instancePathToName(error.instancePath, missing);
			const name = paramName
				? inner
					? `${paramName}${inner.startsWith('[') ? '' : '.'}${inner}`
					: paramName
				: inner || 'body';
			const key = `${name}|${error.keyword}`;
			if (seen.has(key)) continue;
			seen.add(key);
			out.push({
				location,
				name,
				keyword: error.keyword,
				params: error.params as Record<string, unknown>,
				value: missing ? undefined : valueAt(root, error.instancePath),
				message: error.message ?? error.keyword,
			});
		}
		return out;
	}
}
