import {
	acceptsMediaType,
	headerValue,
	type EmulatorRequest,
	type EmulatorResponse,
} from '../core/http.mts';
import { OpenApiValidator, type OpenApiOperation, type SpecViolation } from '../core/openapi.mts';
import { specValidator } from '../specs/index.mts';

export const V10 = 'application/vnd.retailer.v10+json';
export const V11 = 'application/vnd.retailer.v11+json';

export function bolValidator(): OpenApiValidator {
	return specValidator(
		'bol',
		['retailer-v10.json', 'shared-v10.json', 'offers-v11.yaml'],
		[['common', 'responses.yaml']],
	);
}

/** The media type family of a path: the Offers API v11 paths use v11, everything else (incl. v10 `/stock`) v10. */
export function familyMediaType(path: string): string {
	// a label's errors come as the label's media type, as the spec declares them (a Problem body all the same)
	if (/^\/retailer\/shipping-labels\/(?!delivery-options$)[^/]+$/.test(path))
		return 'application/vnd.retailer.v10+pdf';
	return /^\/retailer\/offers(\/[^/]+(\/not-for-sale-reasons)?)?$/.test(path) ? V11 : V10;
}

export interface Violation {
	name: string;
	reason: string;
}

export type ProblemFactory = (
	status: number,
	title: string,
	detail: string,
	violations?: Violation[],
) => EmulatorResponse;

function listValues(values: unknown): string {
	return Array.isArray(values) ? values.filter((v) => v !== null).join(', ') : String(values);
}

/** bol's wording for a schema violation (Java bean-validation style, as in the spec's Violation example). */
export function reasonFor(v: SpecViolation): string {
	const p = v.params;
	switch (v.keyword) {
		case 'missing':
			return v.location === 'body' && v.name === 'body'
				? 'Request body is missing.'
				: 'must not be null';
		case 'required':
			return 'must not be null';
		case 'enum':
			return `Request contains invalid value(s): '${String(v.value)}', allowed values: ${listValues(p.allowedValues)}.`;
		case 'type':
			return `Request contains invalid value(s): '${typeof v.value === 'object' ? JSON.stringify(v.value) : String(v.value)}', expected type: ${String(p.type)}.`;
		case 'minimum':
			return `must be greater than or equal to ${String(p.limit)}`;
		case 'maximum':
			return `must be less than or equal to ${String(p.limit)}`;
		case 'minItems':
		case 'minLength':
			return `size must be at least ${String(p.limit)}`;
		case 'maxItems':
		case 'maxLength':
			return `size must be at most ${String(p.limit)}`;
		case 'format':
			return `Request contains invalid value(s): '${String(v.value)}', expected format: ${String(p.format)}.`;
		default:
			return v.message;
	}
}

const REQUEST_TYPE_ALIASES: Record<string, string[]> = {
	// The spec declares application/json for create-return (every other body is vnd): accept both.
	'create-return': [V10],
};

export interface SelectedOperation {
	operation: OpenApiOperation;
	params: Record<string, string>;
}

/**
 * Picks the spec operation for a request. Where v10 (deprecated) and v11 both define a path, the Accept header
 * chooses, like bol's gateway. Returns a 406 Problem when the Accept header names none of the operation's types:
 * unlike Prism, `application/json`, `*\/*` or a missing Accept are not accepted.
 */
export function selectOperation(
	validator: OpenApiValidator,
	req: EmulatorRequest,
	problem: ProblemFactory,
): SelectedOperation | EmulatorResponse | undefined {
	const candidates = validator.operations.filter(
		(op) => op.method === req.method && op.regex.test(req.path),
	);
	if (candidates.length === 0) return undefined;
	const accept = headerValue(req, 'accept');
	for (const operation of candidates) {
		const types = OpenApiValidator.responseMediaTypes(operation);
		if (types.some((type) => acceptsMediaType(accept, type))) {
			return { operation, params: extractParams(operation, req.path) };
		}
	}
	const expected = familyMediaType(req.path);
	return problem(
		406,
		'Not Acceptable',
		`The Accept header must be ${expected}; got ${accept ?? 'none'}.`,
	);
}

function extractParams(operation: OpenApiOperation, path: string): Record<string, string> {
	const match = operation.regex.exec(path);
	const params: Record<string, string> = {};
	operation.pathParams.forEach((name, i) => {
		params[name] = decodeURIComponent(match?.[i + 1] ?? '');
	});
	return params;
}

/** Content-Type (415), then parameters and body against the spec (400 with violations naming each field). */
export function checkRequest(
	validator: OpenApiValidator,
	selected: SelectedOperation,
	req: EmulatorRequest,
	problem: ProblemFactory,
): EmulatorResponse | undefined {
	const { operation, params } = selected;
	if (operation.requestBody && (req.rawBody.length > 0 || operation.requestBody.required)) {
		const allowed = [
			...OpenApiValidator.requestMediaTypes(operation),
			...(REQUEST_TYPE_ALIASES[operation.operationId ?? ''] ?? []),
		];
		if (!req.contentType || !allowed.includes(req.contentType)) {
			return problem(
				415,
				'Unsupported Media Type',
				`Content-Type must be ${allowed.join(' or ')}; got ${req.contentType ?? 'none'}.`,
			);
		}
		if (req.bodyError !== undefined) {
			return problem(
				400,
				'Error validating request. Consult the bol.com API documentation for more information.',
				'Bad request',
				[{ name: 'body', reason: 'Request body is not valid JSON.' }],
			);
		}
	}
	const violations = validator.validateEmulatorRequest(operation, params, req);
	if (violations.length === 0) return undefined;
	return problem(
		400,
		'Error validating request. Consult the bol.com API documentation for more information.',
		'Bad request',
		violations.map((v) => ({ name: v.name, reason: reasonFor(v) })),
	);
}
