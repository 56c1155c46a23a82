import type { Handler } from './http.mts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteDefinition {
	method: HttpMethod;
	/**
	 * Path pattern: literal text plus `:name` parameters, each matching up to the next `/` or literal
	 * (`/orders/:id.json` gives `id`). A trailing `/*` matches any remainder (parameter `*`).
	 */
	path: string;
	handler: Handler;
	/** Default true: the service's `authenticate` hook runs first. */
	auth?: boolean;
	/** Free-form data for the service's hooks (e.g. the OpenAPI operation). */
	meta?: Record<string, unknown>;
}

interface CompiledRoute {
	route: RouteDefinition;
	regex: RegExp;
	names: string[];
}

export type RouteMatch =
	| { kind: 'found'; route: RouteDefinition; params: Record<string, string> }
	| { kind: 'method-not-allowed'; allowed: HttpMethod[] }
	| { kind: 'not-found' };

function compile(pattern: string): { regex: RegExp; names: string[] } {
	const names: string[] = [];
	let source = '';
	let rest = pattern;
	if (rest.endsWith('/*')) rest = rest.slice(0, -2);
	const tokens = rest.split(/(:[A-Za-z_][A-Za-z0-9_]*)/);
	for (const token of tokens) {
		if (token.startsWith(':')) {
			names.push(token.slice(1));
			source += '([^/]+?)';
		} else {
			source += token.replace(/[.+?^${}()|[\]\\*]/g, '\\$&');
		}
	}
	if (pattern.endsWith('/*')) {
		names.push('*');
		source += '/(.*)';
	}
	return { regex: new RegExp(`^${source}$`), names };
}

/** First-registered-wins router: register specific paths (`/orders/count.json`) before parameterised ones. */
export class Router {
	private readonly routes: CompiledRoute[] = [];

	constructor(routes: RouteDefinition[] = []) {
		routes.forEach((route) => this.add(route));
	}

	add(route: RouteDefinition): void {
		this.routes.push({ route, ...compile(route.path) });
	}

	match(method: string, path: string): RouteMatch {
		const allowed = new Set<HttpMethod>();
		for (const compiled of this.routes) {
			const result = compiled.regex.exec(path);
			if (!result) continue;
			if (compiled.route.method !== method.toUpperCase()) {
				allowed.add(compiled.route.method);
				continue;
			}
			const params: Record<string, string> = {};
			compiled.names.forEach((name, index) => {
				params[name] = decodeURIComponent(result[index + 1] ?? '');
			});
			return { kind: 'found', route: compiled.route, params };
		}
		return allowed.size > 0
			? { kind: 'method-not-allowed', allowed: [...allowed] }
			: { kind: 'not-found' };
	}
}
