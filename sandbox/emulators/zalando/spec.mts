import type { EmulatorRequest, EmulatorResponse } from '../core/http.mts';
import { jsonApiErrors } from '../core/jsonapi.mts';
import { oauthError } from '../core/oauth.mts';
import { OpenApiValidator, type SpecViolation } from '../core/openapi.mts';
import { specValidator } from '../specs/index.mts';

/**
 * zDirect's specs (`specs/zalando/`): orders (+ announced returns), sales channels, stocks. The orders and stocks
 * copies have their external Problem `$ref`s pointed at the local `problem-1.0.1.yaml` (specs/SOURCES.md).
 */
export function zalandoValidator(): OpenApiValidator {
	return specValidator(
		'zalando',
		[
			'zalando-orders-openapi.yml',
			'zalando-sales-channels-openapi.yml',
			'zalando-stocks-api-openapi.yml',
		],
		[['zalando', 'problem-1.0.1.yaml']],
	);
}

/** One thing wrong with a request, in the words of the endpoint's error format. */
export interface Issue {
	title: string;
	detail: string;
	code?: string;
	/** JSON pointer into the body (`/data/attributes/status`). */
	pointer?: string;
	/** Query or path parameter. */
	parameter?: string;
}

type Flavor = 'jsonapi' | 'json' | 'problem' | 'oauth';

/** Each API answers errors its own way (doc §1.14): orders JSON:API, stocks RFC 7807, sales channels plain JSON. */
function flavorOf(path: string): Flavor {
	if (path === '/auth/token') return 'oauth';
	if (/^\/merchants\/[^/]+\/stocks$/.test(path)) return 'problem';
	if (path.startsWith('/merchants/')) return 'jsonapi';
	return 'json';
}

export function errorResponse(path: string, status: number, issues: Issue[]): EmulatorResponse {
	const source = (i: Issue) =>
		i.pointer !== undefined
			? { source: { pointer: i.pointer } }
			: i.parameter !== undefined
				? { source: { parameter: i.parameter } }
				: {};
	const first = issues[0] ?? { title: 'Error', detail: 'Error' };
	switch (flavorOf(path)) {
		case 'oauth':
			return oauthError(
				status,
				status >= 500 ? 'server_error' : status === 401 ? 'invalid_client' : 'invalid_request',
				first.detail,
			);
		case 'problem':
			return {
				status,
				contentType: 'application/problem+json',
				body: {
					type: 'about:blank',
					title: first.title,
					status,
					detail: issues.map((i) => i.detail).join(' '),
					instance: path,
					...(issues.some((i) => i.pointer)
						? {
								violations: issues.map((i) => ({
									field: i.pointer ?? i.parameter ?? '',
									message: i.detail,
								})),
							}
						: {}),
				},
			};
		case 'json':
		case 'jsonapi':
			return jsonApiErrors(
				status,
				issues.map((i) => ({
					...(i.code === undefined ? {} : { code: i.code }),
					title: i.title,
					detail: i.detail,
					...source(i),
				})),
				flavorOf(path) === 'json' ? 'application/json' : undefined,
			);
	}
}

/** `items[0].ean` -> `/items/0/ean` */
function pointerOf(name: string): string {
	if (name === 'body') return '';
	return `/${name
		.replace(/\[(\d+)\]/g, '.$1')
		.split('.')
		.join('/')}`;
}

export function issueOf(v: SpecViolation): Issue {
	const where = v.location === 'body' ? { pointer: pointerOf(v.name) } : { parameter: v.name };
	return {
		title: 'Bad Request',
		code: 'invalid_request',
		detail: `${v.name}: ${v.location === 'body' && v.name === 'body' ? 'request body is missing' : v.message}`,
		...where,
	};
}

/**
 * Content-Type (415), malformed JSON (400), then parameters and body against the spec (400 naming every field).
 * Requests outside the specs (token, `/auth/me`) pass.
 */
export function checkZalandoRequest(
	validator: OpenApiValidator,
	req: EmulatorRequest,
): EmulatorResponse | undefined {
	const found = validator.find(req.method, req.path);
	if (!found) return undefined;
	const { operation, params } = found;
	if (operation.requestBody && (req.rawBody.length > 0 || operation.requestBody.required)) {
		const allowed = OpenApiValidator.requestMediaTypes(operation);
		if (!req.contentType || !allowed.includes(req.contentType)) {
			return errorResponse(req.path, 415, [
				{
					title: 'Unsupported Media Type',
					detail: `Content-Type must be ${allowed.join(' or ')}; got ${req.contentType ?? 'none'}.`,
				},
			]);
		}
		if (req.bodyError !== undefined)
			return errorResponse(req.path, 400, [
				{ title: 'Bad Request', detail: 'The request body is not valid JSON.', pointer: '' },
			]);
	}
	const violations = validator.validateEmulatorRequest(operation, params, req);
	return violations.length === 0
		? undefined
		: errorResponse(req.path, 400, violations.map(issueOf));
}
