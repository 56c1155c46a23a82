import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

import { OpenApiValidator, type OpenApiOperation, type SpecViolation } from '../core/openapi.mts';
import { specFile } from '../specs/index.mts';

/**
 * The official SP-API models (Swagger 2.0) and feed schemas (JSON Schema draft-07), byte-identical copies in
 * `sandbox/emulators/specs/amazon/` (amzn/selling-partner-api-models @ 34dc93fe45f37c9a0b2e56823c808f68b4f81754).
 *
 * The core validator reads OpenAPI 3.0 documents. Until it reads Swagger 2.0 itself, each model is rewritten into
 * the OpenAPI 3.0 layout the core reads (parameters with `schema`, `requestBody`, `content` per response) in a cache
 * folder; schemas and `#/definitions/...` references stay exactly as Amazon wrote them.
 */
export const AMAZON_MODELS = {
	'orders_2026-01-01.json': '4bd47126b466b94ccb04d822e3b94edee1fa7977a8b376a8c329852ef61be431',
	'ordersV0.json': '027ac6f5c97126647c6925db9be09f78c7c741cd1d8727a5367374a1846bedc5',
	'feeds_2021-06-30.json': 'ab235b4a0e5ce21083b885dd4f2b8cae7a6f597d7adf2647b47b90d6f5098a16',
	'listingsItems_2021-08-01.json':
		'ddba7322661a227b6148dabadaf93da15dde6dfe0eb828c04e9f8b653b8d2557',
	'reports_2021-06-30.json': 'd72db9e5280262a92933a0e45e2207c150272f1d66177b2517c20671d69c732c',
	'tokens_2021-03-01.json': '3cd09ae7f218c83f32536a894cb8c42f2191c94b9c27f6bcf0a164442089b061',
} as const;

export const AMAZON_SCHEMAS = {
	'listings-feed-schema-v2.json':
		'9f6c00a109f086c269427ae1bc4afe1f9ba49ff8df46de9de939fa2c9f00e1ef',
	'listings-feed-processing-report-schema-v2.json':
		'03daac9d3fa97d729efb3f3c2836c664036a8ef32a9829363d8026bb097178fd',
} as const;

export type AmazonModel = keyof typeof AMAZON_MODELS;

type Json = Record<string, unknown>;

export function amazonSpecPath(name: string): string {
	return specFile('amazon', name);
}

export function readAmazonSpec<T = Json>(name: string): T {
	return JSON.parse(readFileSync(amazonSpecPath(name), 'utf8')) as T;
}

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const PARAMETER_KEYS = new Set([
	'name',
	'in',
	'required',
	'description',
	'collectionFormat',
	'allowEmptyValue',
	'schema',
]);

/** A Swagger 2.0 parameter's inline type (`type`, `items`, `enum`, ...) as an OpenAPI 3 `schema`. */
function parameterSchema(parameter: Json): Json {
	const schema: Json = {};
	for (const [key, value] of Object.entries(parameter)) {
		if (!PARAMETER_KEYS.has(key) && !key.startsWith('x-')) schema[key] = value;
	}
	return schema;
}

/** Swagger 2.0 -> the OpenAPI 3.0 layout the core validator reads. */
export function swaggerToOpenApi(doc: Json): Json {
	const consumes = (doc.consumes as string[] | undefined) ?? ['application/json'];
	const produces = (doc.produces as string[] | undefined) ?? ['application/json'];
	const paths: Record<string, Json> = {};
	const convertParameters = (list: Json[]) =>
		list
			.filter((p) => p.in !== 'body')
			.map((p) => ({
				name: p.name,
				in: p.in,
				required: p.required === true,
				schema: parameterSchema(p),
			}));
	for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
		const out: Json = {};
		if (Array.isArray(item.parameters))
			out.parameters = convertParameters(item.parameters as Json[]);
		for (const method of HTTP_METHODS) {
			const op = item[method] as Json | undefined;
			if (!op) continue;
			const parameters = (op.parameters ?? []) as Json[];
			const body = parameters.find((p) => p.in === 'body');
			const opConsumes = (op.consumes as string[] | undefined) ?? consumes;
			const opProduces = (op.produces as string[] | undefined) ?? produces;
			const responses: Json = {};
			for (const [status, response] of Object.entries(
				(op.responses ?? {}) as Record<string, Json>,
			)) {
				responses[status] = {
					description: response.description ?? '',
					...(response.schema
						? {
								content: Object.fromEntries(
									opProduces.map((type) => [type, { schema: response.schema }]),
								),
							}
						: {}),
				};
			}
			out[method] = {
				operationId: op.operationId,
				deprecated: op.deprecated === true,
				parameters: convertParameters(parameters),
				...(body
					? {
							requestBody: {
								required: body.required === true,
								content: Object.fromEntries(
									opConsumes.map((type) => [type, { schema: body.schema }]),
								),
							},
						}
					: {}),
				responses,
			};
		}
		paths[template] = out;
	}
	return { openapi: '3.0.0', info: doc.info, paths, definitions: doc.definitions ?? {} };
}

function cacheDir(): string {
	const dir = path.join(tmpdir(), 'mps-amazon-specs');
	mkdirSync(dir, { recursive: true });
	return dir;
}

/** The converted copy of a model on disk (written once per content, atomically, so parallel test files can share it). */
function convertedFile(name: AmazonModel): string {
	const text = readFileSync(amazonSpecPath(name), 'utf8');
	const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
	const file = path.join(cacheDir(), `${name.replace(/\.json$/, '')}.${hash}.oas3.json`);
	const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
	writeFileSync(temp, JSON.stringify(swaggerToOpenApi(JSON.parse(text) as Json)));
	renameSync(temp, file);
	return file;
}

let validator: OpenApiValidator | undefined;

/** One validator over every Amazon model the emulator serves. */
export function amazonValidator(): OpenApiValidator {
	validator ??= OpenApiValidator.shared({
		files: (Object.keys(AMAZON_MODELS) as AmazonModel[]).map(convertedFile),
	});
	return validator;
}

export interface AmazonRequestInput {
	method: string;
	path: string;
	query: URLSearchParams;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
	contentType?: string;
}

export type CheckResult =
	| { operation: OpenApiOperation; violations: SpecViolation[] }
	| { operation: undefined; violations: [] };

/** Checks a request against the model that defines its operation; `operation` is undefined for unknown paths. */
export function checkAmazonRequest(input: AmazonRequestInput): CheckResult {
	const found = amazonValidator().find(input.method, input.path);
	if (!found) return { operation: undefined, violations: [] };
	const violations = amazonValidator().validateRequest(found.operation, {
		pathParams: found.params,
		query: input.query,
		headers: input.headers,
		body: input.body,
		contentType: input.contentType,
	});
	return { operation: found.operation, violations };
}

/** Amazon's wording for a schema violation. */
export function violationMessage(v: SpecViolation): string {
	const p = v.params;
	switch (v.keyword) {
		case 'missing':
		case 'required':
			return `${v.name} is required`;
		case 'enum':
			return `${v.name} has an invalid value '${String(v.value)}'; allowed: ${Array.isArray(p.allowedValues) ? p.allowedValues.join(', ') : ''}`;
		case 'format':
			return `${v.name} must be a valid ${String(p.format)}: '${String(v.value)}'`;
		case 'type':
			return `${v.name} must be of type ${String(p.type)}`;
		default:
			return `${v.name} ${v.message}`;
	}
}

let schemaValidators:
	| { feed: ValidateFunction; report: ValidateFunction; order: ValidateFunction }
	| undefined;

/** Validators of documents that are not requests: feed documents, processing reports, seeded orders. */
function feedSchemas() {
	if (!schemaValidators) {
		const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
		addFormats(ajv);
		ajv.addSchema(readAmazonSpec('orders_2026-01-01.json'), 'orders_2026-01-01');
		schemaValidators = {
			feed: ajv.compile(readAmazonSpec('listings-feed-schema-v2.json')),
			report: ajv.compile(readAmazonSpec('listings-feed-processing-report-schema-v2.json')),
			order: ajv.getSchema('orders_2026-01-01#/definitions/Order') as ValidateFunction,
		};
	}
	return schemaValidators;
}

/** An order against the Orders API v2026-01-01 `Order` definition: the problems (empty = valid). */
export function orderProblems(order: unknown): string[] {
	const { order: validate } = feedSchemas();
	return validate(order) ? [] : describeErrors(validate);
}

function describeErrors(validate: ValidateFunction): string[] {
	return (validate.errors ?? [])
		.filter((e) => !['oneOf', 'if'].includes(e.keyword))
		.map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
}

/** A JSON_LISTINGS_FEED document against listings-feed-schema-v2: the problems (empty = valid). */
export function listingsFeedProblems(document: unknown): string[] {
	const { feed } = feedSchemas();
	return feed(document) ? [] : describeErrors(feed);
}

/** A listings processing report against listings-feed-processing-report-schema-v2. */
export function processingReportProblems(report: unknown): string[] {
	const { report: validate } = feedSchemas();
	return validate(report) ? [] : describeErrors(validate);
}

export interface SandboxExample {
	request: { parameters: Record<string, { value: unknown }> };
	response: unknown;
}

/** The `x-amzn-api-sandbox` static request/response pairs of one operation response: the emulator's fixtures. */
export function sandboxExamples(
	model: AmazonModel,
	template: string,
	method: string,
	status: string,
): SandboxExample[] {
	const doc = readAmazonSpec<{
		paths: Record<string, Record<string, { responses: Record<string, Json> }>>;
	}>(model);
	const response = doc.paths[template]?.[method.toLowerCase()]?.responses?.[status];
	const sandbox = response?.['x-amzn-api-sandbox'] as { static?: SandboxExample[] } | undefined;
	return structuredClone(sandbox?.static ?? []);
}
