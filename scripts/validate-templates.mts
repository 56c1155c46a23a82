/**
 * Validates every workflow template in workflows-templates/ without running n8n:
 *
 * - JSON shape: id (16-21 letters/digits), name, nodes (unique names and ids, type, typeVersion, position,
 *   parameters), connections, `executionOrder: v1`, no pinned data, no `CUSTOM.` types;
 * - node types and versions exist: this package's from the built package (`dist/`, as n8n loads it), n8n's own
 *   from the installed n8n-nodes-base (`dist/types/nodes.json`, the descriptions the editor loads);
 * - every parameter exists on the node version used and is shown for the other parameters' values (n8n's
 *   displayOptions), recursively into collections and fixed collections; option values are allowed values;
 * - credentials by type only (no ids, no data), of a registered type the node accepts;
 * - connections start and end at existing nodes and outputs that exist; `$('Node')` references name existing nodes;
 * - the templates' conventions: a "Settings" Set node that every trigger feeds, sticky notes, no secrets, no local
 *   URLs.
 *
 *   npx tsx scripts/validate-templates.mts [--require-n8n] [--json]
 *
 * Without a provisioned n8n (scripts/provision-n8n.sh) the n8n-nodes-base checks are skipped with a notice, unless
 * --require-n8n (or MPS_REQUIRE_N8N=1) is given; this package's checks always run. Exit code 1 on any problem.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const TEMPLATES_DIR = path.join(REPO_ROOT, 'workflows-templates');

// ---------------------------------------------------------------- descriptions

interface PropertyOption {
	name: string;
	value?: unknown;
	displayName?: string;
	values?: Property[];
	type?: string;
	[extra: string]: unknown;
}

export interface Property {
	name: string;
	type: string;
	default?: unknown;
	displayOptions?: { show?: Record<string, unknown[]>; hide?: Record<string, unknown[]> };
	options?: Array<PropertyOption | Property>;
	typeOptions?: Record<string, unknown>;
	[extra: string]: unknown;
}

export interface NodeDescription {
	name: string;
	version: number | number[];
	properties: Property[];
	credentials?: Array<{ name: string }>;
	polling?: boolean;
	group?: string[];
	outputs?: unknown;
	webhooks?: unknown[];
}

/** Node descriptions by full type name, one entry per version group; credential type names. */
export class Catalog {
	readonly nodes = new Map<string, NodeDescription[]>();
	readonly credentialTypes = new Set<string>();
	/** Type prefixes whose nodes are known (`n8n-nodes-base.`, this package). */
	readonly knownPrefixes = new Set<string>();

	addNodes(prefix: string, descriptions: NodeDescription[]): void {
		this.knownPrefixes.add(`${prefix}.`);
		for (const description of descriptions) {
			const type = `${prefix}.${description.name}`;
			const list = this.nodes.get(type) ?? [];
			list.push(description);
			this.nodes.set(type, list);
		}
	}

	/** The description of `type` at `version`, or undefined. */
	node(type: string, version: number): NodeDescription | undefined {
		return this.nodes.get(type)?.find((description) => versionsOf(description).includes(version));
	}

	versions(type: string): number[] {
		return (this.nodes.get(type) ?? []).flatMap(versionsOf).sort((a, b) => a - b);
	}
}

function versionsOf(description: NodeDescription): number[] {
	return Array.isArray(description.version) ? description.version : [description.version];
}

/** n8n adds this to every polling node (`NodeHelpers.applySpecialNodeParameters`). */
const POLL_TIMES: Property = {
	name: 'pollTimes',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: { item: [{ mode: 'everyMinute' }] },
	options: [
		{
			name: 'item',
			values: [
				{
					name: 'mode',
					type: 'options',
					options: [
						'everyMinute',
						'everyHour',
						'everyDay',
						'everyWeek',
						'everyMonth',
						'everyX',
						'custom',
					].map((value) => ({ name: value, value })),
				},
				{ name: 'hour', type: 'number' },
				{ name: 'minute', type: 'number' },
				{ name: 'dayOfMonth', type: 'number' },
				{
					name: 'weekday',
					type: 'options',
					options: ['0', '1', '2', '3', '4', '5', '6'].map((value) => ({ name: value, value })),
				},
				{ name: 'value', type: 'number' },
				{
					name: 'unit',
					type: 'options',
					options: ['minutes', 'hours'].map((value) => ({ name: value, value })),
				},
				{ name: 'cronExpression', type: 'string' },
			],
		},
	],
};

/** This package's nodes and credentials as n8n loads them: package.json `n8n` lists, classes from `dist/`. */
export function loadPackage(packageDir = REPO_ROOT): {
	name: string;
	nodes: NodeDescription[];
	credentials: string[];
} {
	const manifest = JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as {
		name: string;
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	if (!existsSync(path.join(packageDir, 'dist')))
		throw new Error('dist/ is missing: run `npm run build` first');
	const load = createRequire(path.join(packageDir, 'package.json'));
	const instantiate = (file: string): Record<string, unknown> => {
		const className = path.basename(file).split('.')[0];
		const exported = (load(path.join(packageDir, file)) as Record<string, unknown>)[className];
		if (typeof exported !== 'function')
			throw new Error(`${file} does not export the class ${className}`);
		return new (exported as new () => Record<string, unknown>)();
	};
	const nodes = (manifest.n8n?.nodes ?? []).map((file) => {
		const instance = instantiate(file) as {
			description: NodeDescription;
			nodeVersions?: Record<string, { description: NodeDescription }>;
		};
		if (instance.nodeVersions) {
			return Object.entries(instance.nodeVersions).map(([version, node]) => ({
				...instance.description,
				...node.description,
				version: Number(version),
			}));
		}
		const description = { ...instance.description };
		if (description.polling) description.properties = [POLL_TIMES, ...description.properties];
		return [description];
	});
	const credentials = (manifest.n8n?.credentials ?? []).map((file) =>
		String(instantiate(file).name),
	);
	return { name: manifest.name, nodes: nodes.flat(), credentials };
}

/** Where the pinned n8n is installed (scripts/env.sh + scripts/provision-n8n.sh), if it is. */
export function provisionedN8nBase(): string | undefined {
	let { MPS_CACHE: cache, MPS_N8N_VERSION: version } = process.env;
	if (!cache || !version) {
		// the defaults of scripts/env.sh
		const env = readFileSync(path.join(REPO_ROOT, 'scripts', 'env.sh'), 'utf8');
		version ??= /MPS_N8N_VERSION="\$\{MPS_N8N_VERSION:-([^}]+)\}"/.exec(env)?.[1];
		cache ??= path.join(
			process.env.XDG_CACHE_HOME ?? path.join(process.env.HOME ?? '/root', '.cache'),
			'n8n-nodes-marketplace-sync',
		);
	}
	const dir = path.join(cache, `n8n-${version}`);
	const base = path.join(dir, 'node_modules', 'n8n-nodes-base');
	if (
		!existsSync(path.join(dir, '.mps-provisioned')) ||
		!existsSync(path.join(base, 'dist', 'types', 'nodes.json'))
	)
		return undefined;
	return base;
}

export interface CatalogLoad {
	catalog: Catalog;
	packageName: string;
	/** Why n8n's own nodes were not checked, when they were not. */
	baseSkipped?: string;
}

export function loadCatalog(
	options: { requireN8n?: boolean; packageDir?: string } = {},
): CatalogLoad {
	const catalog = new Catalog();
	const pkg = loadPackage(options.packageDir);
	catalog.addNodes(pkg.name, pkg.nodes);
	for (const name of pkg.credentials) catalog.credentialTypes.add(name);
	const base = provisionedN8nBase();
	if (!base) {
		const reason =
			'n8n is not provisioned (bash scripts/provision-n8n.sh): n8n-nodes-base nodes and credentials were not checked';
		if (options.requireN8n) throw new Error(reason);
		return { catalog, packageName: pkg.name, baseSkipped: reason };
	}
	catalog.addNodes(
		'n8n-nodes-base',
		JSON.parse(
			readFileSync(path.join(base, 'dist', 'types', 'nodes.json'), 'utf8'),
		) as NodeDescription[],
	);
	for (const credential of JSON.parse(
		readFileSync(path.join(base, 'dist', 'types', 'credentials.json'), 'utf8'),
	) as Array<{ name: string }>) {
		catalog.credentialTypes.add(credential.name);
	}
	return { catalog, packageName: pkg.name };
}

// ---------------------------------------------------------------- displayOptions

const isExpression = (value: unknown): boolean =>
	typeof value === 'string' && value.startsWith('=');
const UNKNOWN = Symbol('unknown');

type Condition = { _cnd: Record<string, unknown> };

function matchesCondition(actual: unknown, wanted: unknown): boolean {
	if (actual === UNKNOWN) return true;
	if (wanted && typeof wanted === 'object' && '_cnd' in wanted) {
		const [[op, operand]] = Object.entries((wanted as Condition)._cnd);
		const n = Number(actual);
		switch (op) {
			case 'eq':
				return actual === operand;
			case 'not':
				return actual !== operand;
			case 'gte':
				return n >= Number(operand);
			case 'lte':
				return n <= Number(operand);
			case 'gt':
				return n > Number(operand);
			case 'lt':
				return n < Number(operand);
			case 'between': {
				const { from, to } = operand as { from: number; to: number };
				return n >= from && n <= to;
			}
			case 'startsWith':
				return typeof actual === 'string' && actual.startsWith(String(operand));
			case 'endsWith':
				return typeof actual === 'string' && actual.endsWith(String(operand));
			case 'includes':
				return typeof actual === 'string' && actual.includes(String(operand));
			case 'regex':
				return typeof actual === 'string' && new RegExp(String(operand)).test(actual);
			case 'exists':
				return actual !== undefined && actual !== null && actual !== '';
			default:
				return true;
		}
	}
	if (Array.isArray(actual)) return actual.some((entry) => entry === wanted);
	return actual === wanted;
}

interface Scope {
	/** Parameters of the level the property lives on (a collection entry, or the node). */
	level: Record<string, unknown>;
	/** Properties of that level (for defaults). */
	levelProperties: Property[];
	root: Record<string, unknown>;
	rootProperties: Property[];
	version: number;
	tool: boolean;
}

function valueIn(params: Record<string, unknown>, properties: Property[], name: string): unknown {
	if (name in params) return isExpression(params[name]) ? UNKNOWN : params[name];
	// several properties may share a name; the one displayed decides the default, but any default will do here
	const property = properties.find((candidate) => candidate.name === name);
	return property ? property.default : undefined;
}

function lookup(scope: Scope, key: string): unknown {
	if (key === '@version') return scope.version;
	if (key === '@tool') return scope.tool;
	if (key.startsWith('/')) return valueIn(scope.root, scope.rootProperties, key.slice(1));
	return valueIn(scope.level, scope.levelProperties, key);
}

export function isDisplayed(property: Property, scope: Scope): boolean {
	const { show, hide } = property.displayOptions ?? {};
	for (const [key, wanted] of Object.entries(show ?? {})) {
		const actual = lookup(scope, key);
		if (!wanted.some((value) => matchesCondition(actual, value))) return false;
	}
	for (const [key, wanted] of Object.entries(hide ?? {})) {
		const actual = lookup(scope, key);
		if (actual === UNKNOWN) continue;
		if (wanted.some((value) => matchesCondition(actual, value))) return false;
	}
	return true;
}

// ---------------------------------------------------------------- parameters

const STATIC_OPTIONS = (property: Property) =>
	!property.typeOptions?.loadOptionsMethod &&
	!property.typeOptions?.loadOptions &&
	!property.typeOptions?.loadOptionsDependsOn;

function checkValue(
	property: Property,
	value: unknown,
	where: string,
	scope: Scope,
	problems: string[],
): void {
	if (isExpression(value) || value === undefined || value === null) return;
	switch (property.type) {
		case 'options': {
			if (!STATIC_OPTIONS(property)) return;
			const allowed = (property.options ?? []).map((option) => (option as PropertyOption).value);
			if (!allowed.some((option) => option === value)) {
				problems.push(
					`${where}: "${String(value)}" is not an allowed value (${allowed.map(String).join(', ')})`,
				);
			}
			return;
		}
		case 'multiOptions': {
			if (!STATIC_OPTIONS(property)) return;
			const allowed = (property.options ?? []).map((option) => (option as PropertyOption).value);
			for (const entry of Array.isArray(value) ? value : [value]) {
				if (!allowed.includes(entry))
					problems.push(`${where}: "${String(entry)}" is not an allowed value`);
			}
			return;
		}
		case 'boolean':
			if (typeof value !== 'boolean')
				problems.push(`${where}: expected true or false, got ${JSON.stringify(value)}`);
			return;
		case 'number':
			if (typeof value !== 'number')
				problems.push(`${where}: expected a number, got ${JSON.stringify(value)}`);
			return;
		case 'collection': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				problems.push(`${where}: expected an object (collection)`);
				return;
			}
			checkLevel(
				value as Record<string, unknown>,
				(property.options ?? []) as Property[],
				where,
				scope,
				problems,
			);
			return;
		}
		case 'fixedCollection': {
			if (typeof value !== 'object' || Array.isArray(value)) {
				problems.push(`${where}: expected an object (fixed collection)`);
				return;
			}
			const multiple = property.typeOptions?.multipleValues === true;
			for (const [groupName, groupValue] of Object.entries(value as Record<string, unknown>)) {
				const group = (property.options ?? []).find((option) => option.name === groupName) as
					| PropertyOption
					| undefined;
				if (!group?.values) {
					const known = (property.options ?? []).map((option) => option.name).join(', ');
					problems.push(`${where}: unknown group "${groupName}" (known: ${known})`);
					continue;
				}
				const entries = multiple ? groupValue : [groupValue];
				if (!Array.isArray(entries)) {
					problems.push(`${where}.${groupName}: expected a list of entries`);
					continue;
				}
				entries.forEach((entry, index) => {
					if (isExpression(entry)) return;
					if (typeof entry !== 'object' || entry === null) {
						problems.push(`${where}.${groupName}[${index}]: expected an object`);
						return;
					}
					checkLevel(
						entry as Record<string, unknown>,
						group.values!,
						`${where}.${groupName}${multiple ? `[${index}]` : ''}`,
						scope,
						problems,
					);
				});
			}
			return;
		}
		default:
			return;
	}
}

/** Every key of `params` must be a property of `properties` that is displayed for the other values. */
function checkLevel(
	params: Record<string, unknown>,
	properties: Property[],
	where: string,
	parent: Scope,
	problems: string[],
): void {
	const scope: Scope = { ...parent, level: params, levelProperties: properties };
	for (const [name, value] of Object.entries(params)) {
		const candidates = properties.filter((property) => property.name === name);
		const label = where ? `${where}.${name}` : name;
		if (candidates.length === 0) {
			const known = [...new Set(properties.map((property) => property.name))].join(', ');
			problems.push(`parameter ${label} does not exist (known here: ${known})`);
			continue;
		}
		const displayed = candidates.filter((property) => isDisplayed(property, scope));
		if (displayed.length === 0) {
			problems.push(
				`parameter ${label} is not shown for the values of the other parameters (check resource/operation/mode)`,
			);
			continue;
		}
		// several displayed candidates (e.g. one `options` per operation): the value must fit one of them
		const attempts = displayed.map((property) => {
			const found: string[] = [];
			checkValue(property, value, label, scope, found);
			return found;
		});
		if (attempts.every((found) => found.length > 0)) problems.push(...attempts[0]);
	}
}

// ---------------------------------------------------------------- n8n's own check

type GetIssues = (
	properties: Property[],
	node: unknown,
	description: NodeDescription,
) => { parameters?: Record<string, string[]> } | null;
let getIssues: GetIssues | undefined;

/**
 * n8n's own pre-execution check (`NodeHelpers.getNodeParametersIssues`, run by `WorkflowExecute` before a run):
 * required parameters that are empty make n8n refuse the whole execution ("workflow has issues").
 */
function n8nParameterIssues(description: NodeDescription, node: TemplateNode): string | undefined {
	getIssues ??= (
		createRequire(path.join(REPO_ROOT, 'package.json'))('n8n-workflow') as {
			NodeHelpers: { getNodeParametersIssues: GetIssues };
		}
	).NodeHelpers.getNodeParametersIssues;
	const issues = getIssues(
		description.properties,
		{ ...node, parameters: node.parameters ?? {} },
		description,
	);
	if (!issues?.parameters) return undefined;
	return Object.values(issues.parameters).flat().join('; ');
}

// ---------------------------------------------------------------- workflows

export interface TemplateNode {
	id?: unknown;
	name: string;
	type: string;
	typeVersion: number;
	position?: unknown;
	parameters?: Record<string, unknown>;
	credentials?: Record<string, { id?: unknown; name?: unknown; [extra: string]: unknown }>;
	[extra: string]: unknown;
}

export interface TemplateWorkflow {
	id?: unknown;
	name?: unknown;
	nodes?: TemplateNode[];
	connections?: Record<
		string,
		Record<string, Array<Array<{ node?: unknown; type?: unknown; index?: unknown }> | null>>
	>;
	settings?: Record<string, unknown>;
	pinData?: Record<string, unknown>;
	[extra: string]: unknown;
}

const STICKY = 'n8n-nodes-base.stickyNote';
const SECRET_PATTERNS: RegExp[] = [
	/\bshpat_[A-Za-z0-9]{8,}/,
	/\b(ck|cs)_[a-f0-9]{20,}/,
	/\bBearer\s+[A-Za-z0-9._-]{16,}/,
	/\bBasic\s+[A-Za-z0-9+/=]{16,}/,
	/-----BEGIN [A-Z ]*PRIVATE KEY-----/,
	/\bAtzr\|[A-Za-z0-9-_]{10,}/,
];
const LOCAL_URL = /\bhttps?:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?/;

function strings(value: unknown, out: string[] = []): string[] {
	if (typeof value === 'string') out.push(value);
	else if (Array.isArray(value)) value.forEach((entry) => strings(entry, out));
	else if (value && typeof value === 'object')
		Object.values(value).forEach((entry) => strings(entry, out));
	return out;
}

/** Node names an expression refers to: `$('Name')`, `$("Name")`, `$node["Name"]`. */
export function referencedNodes(text: string): string[] {
	const names: string[] = [];
	for (const match of text.matchAll(
		/\$\(\s*(['"])((?:\\.|(?!\1).)*)\1\s*\)|\$node\[\s*(['"])((?:\\.|(?!\3).)*)\3\s*\]/g,
	)) {
		names.push((match[2] ?? match[4]).replace(/\\(.)/g, '$1'));
	}
	return names;
}

function outputCount(node: TemplateNode, description: NodeDescription): number | undefined {
	const params = node.parameters ?? {};
	if (node.type === 'n8n-nodes-base.if') return 2;
	if (node.type === 'n8n-nodes-base.switch') {
		if (params.mode === 'expression') return Number(params.numberOutputs ?? 4);
		const rules = ((params.rules as { values?: unknown[] } | undefined)?.values ?? []).length;
		const fallback =
			(params.options as { fallbackOutput?: unknown } | undefined)?.fallbackOutput === 'extra'
				? 1
				: 0;
		return rules + fallback;
	}
	if (node.type.endsWith('.marketplaceOrderSync')) {
		return ['decideAcceptance', 'filterOrders', 'checkTracking'].includes(String(params.operation))
			? 2
			: 1;
	}
	if (Array.isArray(description.outputs))
		return description.outputs.length + (node.onError === 'continueErrorOutput' ? 1 : 0);
	return undefined;
}

function isTrigger(description: NodeDescription | undefined, type: string): boolean {
	return Boolean(
		description &&
			(description.group?.includes('trigger') || description.polling || type.endsWith('Trigger')),
	);
}

/** Problems of one template workflow; empty when it is sound. */
export function validateWorkflow(workflow: TemplateWorkflow, load: CatalogLoad): string[] {
	const { catalog, packageName } = load;
	const problems: string[] = [];
	if (typeof workflow.name !== 'string' || workflow.name.trim() === '')
		problems.push('the workflow has no name');
	if (typeof workflow.id !== 'string' || !/^[A-Za-z0-9]{16,21}$/.test(workflow.id)) {
		problems.push(
			'the workflow needs an id of 16 to 21 letters or digits (`n8n import:workflow` keeps it)',
		);
	}
	if (workflow.settings?.executionOrder !== 'v1')
		problems.push('settings.executionOrder must be "v1"');
	if (workflow.pinData && Object.keys(workflow.pinData).length > 0)
		problems.push('the workflow has pinned data (pinData); templates ship none');
	if (!Array.isArray(workflow.nodes) || workflow.nodes.length === 0)
		return [...problems, 'the workflow has no nodes'];
	if (!workflow.connections || typeof workflow.connections !== 'object')
		problems.push('the workflow has no connections object');

	const byName = new Map<string, TemplateNode>();
	const ids = new Set<unknown>();
	const descriptions = new Map<string, NodeDescription>();
	for (const node of workflow.nodes) {
		const label = `node "${node.name}"`;
		if (typeof node.name !== 'string' || node.name === '') problems.push('a node has no name');
		if (byName.has(node.name)) problems.push(`${label} appears twice`);
		byName.set(node.name, node);
		if (typeof node.id !== 'string' || ids.has(node.id))
			problems.push(`${label} needs a unique id`);
		ids.add(node.id);
		if (
			!Array.isArray(node.position) ||
			node.position.length !== 2 ||
			!node.position.every((n) => typeof n === 'number')
		) {
			problems.push(`${label} needs a position [x, y]`);
		}
		if (typeof node.type !== 'string') {
			problems.push(`${label} has no type`);
			continue;
		}
		if (node.type.startsWith('CUSTOM.')) {
			problems.push(
				`${label} uses the dev-mode type ${node.type}; installed packages use ${packageName}.<node>`,
			);
			continue;
		}
		const prefix = node.type.slice(0, node.type.indexOf('.') + 1);
		if (!catalog.knownPrefixes.has(prefix)) {
			if (prefix === 'n8n-nodes-base.' && load.baseSkipped) continue;
			problems.push(
				`${label} has the type ${node.type} of a package that is not checked (only ${[...catalog.knownPrefixes].join(', ')})`,
			);
			continue;
		}
		if (!catalog.nodes.has(node.type)) {
			problems.push(`${label} has the unknown node type ${node.type}`);
			continue;
		}
		const description = catalog.node(node.type, node.typeVersion);
		if (!description) {
			problems.push(
				`${label}: ${node.type} has no typeVersion ${String(node.typeVersion)} (known: ${catalog.versions(node.type).join(', ')})`,
			);
			continue;
		}
		descriptions.set(node.name, description);
		const params = node.parameters;
		if (!params || typeof params !== 'object') {
			problems.push(`${label} has no parameters object`);
			continue;
		}
		const scope: Scope = {
			level: params,
			levelProperties: description.properties,
			root: params,
			rootProperties: description.properties,
			version: node.typeVersion,
			tool: false,
		};
		const found: string[] = [];
		checkLevel(params, description.properties, '', scope, found);
		problems.push(
			...found.map((problem) => `${label} (${node.type} v${node.typeVersion}): ${problem}`),
		);
		// what n8n itself refuses to run ("workflow has issues"): required parameters left empty, and so on
		const issues = n8nParameterIssues(description, node);
		if (issues) problems.push(`${label}: n8n reports parameter issues: ${issues}`);

		// credentials: by type only, of a type the node accepts
		const accepted = new Set((description.credentials ?? []).map((credential) => credential.name));
		if (
			node.type === 'n8n-nodes-base.httpRequest' &&
			params.authentication === 'predefinedCredentialType'
		) {
			const type = String(params.nodeCredentialType ?? '');
			if (!catalog.credentialTypes.has(type))
				problems.push(`${label}: nodeCredentialType "${type}" is not a registered credential type`);
			accepted.add(type);
			if (!node.credentials?.[type])
				problems.push(
					`${label}: uses the ${type} credential but does not reference it in "credentials"`,
				);
		}
		for (const [type, reference] of Object.entries(node.credentials ?? {})) {
			if (!catalog.credentialTypes.has(type))
				problems.push(`${label} uses the unknown credential type ${type}`);
			else if (!accepted.has(type))
				problems.push(`${label}: ${node.type} does not accept credentials of type ${type}`);
			if (reference.id !== undefined && reference.id !== '' && reference.id !== null) {
				problems.push(
					`${label}: the ${type} credential carries an id; templates reference credentials by type only`,
				);
			}
			const extra = Object.keys(reference).filter((key) => key !== 'id' && key !== 'name');
			if (extra.length)
				problems.push(
					`${label}: the ${type} credential reference has extra fields (${extra.join(', ')})`,
				);
		}
		const required = (description.credentials ?? []).filter((credential) => {
			const withDisplay = credential as {
				required?: boolean;
				displayOptions?: Property['displayOptions'];
			};
			return (
				withDisplay.required &&
				isDisplayed(
					{
						name: credential.name,
						type: 'credentials',
						displayOptions: withDisplay.displayOptions,
					},
					scope,
				)
			);
		});
		for (const credential of required) {
			if (!node.credentials?.[credential.name])
				problems.push(`${label}: needs a ${credential.name} credential reference`);
		}
	}

	// connections
	for (const [source, outputs] of Object.entries(workflow.connections ?? {})) {
		const from = byName.get(source);
		if (!from) problems.push(`a connection starts at the missing node "${source}"`);
		for (const [kind, groups] of Object.entries(outputs ?? {})) {
			if (kind !== 'main')
				problems.push(
					`"${source}" has a "${kind}" connection; templates use main connections only`,
				);
			const count =
				from && descriptions.has(source) ? outputCount(from, descriptions.get(source)!) : undefined;
			if (count !== undefined && (groups ?? []).length > count) {
				problems.push(
					`"${source}" connects output ${(groups ?? []).length - 1}, but has ${count} output(s)`,
				);
			}
			for (const group of groups ?? []) {
				for (const target of group ?? []) {
					if (typeof target?.node !== 'string' || !byName.has(target.node)) {
						problems.push(
							`a connection from "${source}" goes to the missing node "${String(target?.node)}"`,
						);
					} else if (byName.get(target.node)!.type === STICKY) {
						problems.push(`a connection from "${source}" goes to a sticky note`);
					}
				}
			}
		}
	}

	// expressions name existing nodes; no secrets, no local URLs
	for (const node of workflow.nodes) {
		for (const text of strings(node.parameters)) {
			for (const name of referencedNodes(text)) {
				if (!byName.has(name))
					problems.push(
						`node "${node.name}" refers to the missing node "${name}" in an expression`,
					);
			}
			if (SECRET_PATTERNS.some((pattern) => pattern.test(text)))
				problems.push(`node "${node.name}" holds something that looks like a secret`);
			if (node.type !== STICKY && LOCAL_URL.test(text))
				problems.push(`node "${node.name}" points at a local URL (${LOCAL_URL.exec(text)![0]})`);
		}
	}

	// conventions: a Settings node that every trigger feeds, sticky notes
	const settings = byName.get('Settings');
	if (!settings || settings.type !== 'n8n-nodes-base.set') {
		problems.push('there is no "Settings" Set node (every setting a user changes goes in it)');
	} else {
		for (const node of workflow.nodes) {
			if (!isTrigger(descriptions.get(node.name), node.type)) continue;
			const targets = (workflow.connections?.[node.name]?.main ?? [])
				.flat()
				.map((target) => target?.node);
			if (!targets.includes('Settings'))
				problems.push(`the trigger "${node.name}" does not lead into "Settings"`);
		}
	}
	if (!workflow.nodes.some((node) => node.type === STICKY))
		problems.push('the workflow has no sticky notes explaining it');
	return problems;
}

export interface TemplateReport {
	file: string;
	workflow: string;
	problems: string[];
}

export function templateFiles(dir = TEMPLATES_DIR): string[] {
	if (!existsSync(dir)) return [];
	return readdirSync(dir, { withFileTypes: true })
		.flatMap((entry) =>
			entry.isDirectory()
				? templateFiles(path.join(dir, entry.name))
				: entry.name.endsWith('.json')
					? [path.join(dir, entry.name)]
					: [],
		)
		.sort();
}

export function validateTemplates(options: { requireN8n?: boolean; dir?: string } = {}): {
	reports: TemplateReport[];
	baseSkipped?: string;
} {
	const load = loadCatalog({ requireN8n: options.requireN8n });
	const reports: TemplateReport[] = [];
	for (const file of templateFiles(options.dir)) {
		const relative = path.relative(options.dir ?? TEMPLATES_DIR, file);
		let parsed: unknown;
		try {
			parsed = JSON.parse(readFileSync(file, 'utf8'));
		} catch (error) {
			reports.push({
				file: relative,
				workflow: '',
				problems: [`not valid JSON: ${(error as Error).message}`],
			});
			continue;
		}
		for (const workflow of (Array.isArray(parsed) ? parsed : [parsed]) as TemplateWorkflow[]) {
			reports.push({
				file: relative,
				workflow: String(workflow?.name ?? ''),
				problems: validateWorkflow(workflow, load),
			});
		}
	}
	return { reports, baseSkipped: load.baseSkipped };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	const requireN8n = process.argv.includes('--require-n8n') || process.env.MPS_REQUIRE_N8N === '1';
	const { reports, baseSkipped } = validateTemplates({ requireN8n });
	if (process.argv.includes('--json')) {
		console.log(JSON.stringify({ reports, baseSkipped }, null, 2));
	} else {
		if (baseSkipped) console.log(`notice: ${baseSkipped}`);
		for (const report of reports) {
			console.log(`${report.problems.length ? 'FAIL' : 'ok  '} ${report.file}: ${report.workflow}`);
			for (const problem of report.problems) console.log(`       - ${problem}`);
		}
		if (reports.length === 0) console.log('no templates found');
	}
	process.exit(reports.some((report) => report.problems.length > 0) ? 1 : 0);
}
