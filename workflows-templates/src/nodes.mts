/**
 * Node specs for the templates: n8n's built-in nodes at the versions the pinned n8n ships (checked by
 * scripts/validate-templates.mts) and this package's nodes. Credentials are referenced by type and a display name
 * only: importing a template asks for the user's own credentials.
 */
import { stableUuid, type NodeSpec } from './builder.mts';

export const PACKAGE = 'n8n-nodes-marketplace-sync';

/** Credential display names the templates use (the user picks their own credential on import). */
export const CREDENTIAL_NAMES: Record<string, string> = {
	bolRetailerApi: 'Bol.com Retailer account',
	amazonSellingPartnerApi: 'Amazon Selling Partner account',
	zalandoZDirectApi: 'Zalando zDirect account',
	wooCommerceApi: 'WooCommerce account',
	magento2Api: 'Magento 2 account',
	shopifyAccessTokenApi: 'Shopify access token',
	smtp: 'SMTP account',
};

/** A credential reference without id or secret: n8n asks for the credential when the template is imported. */
export function credential(type: string): NodeSpec['credentials'] {
	const name = CREDENTIAL_NAMES[type];
	if (!name) throw new Error(`no display name for credential type ${type}`);
	return { [type]: { id: '', name } };
}

/** `={{ ... }}` */
export const expr = (code: string) => `={{ ${code} }}`;

/** An expression reading a field of the Settings node. */
export const setting = (field: string) => `$('Settings').first().json.${field}`;

// ---------------------------------------------------------------- conditions (If 2.2, Filter 2.2, Switch 3.2)

export interface Condition {
	leftValue: string;
	rightValue: string | number | boolean;
	operator: { type: string; operation: string; singleValue?: boolean };
}

export const isTrue = (code: string): Condition => ({
	leftValue: expr(code),
	rightValue: '',
	operator: { type: 'boolean', operation: 'true', singleValue: true },
});

export const isFalse = (code: string): Condition => ({
	leftValue: expr(code),
	rightValue: '',
	operator: { type: 'boolean', operation: 'false', singleValue: true },
});

export const equals = (code: string, value: string): Condition => ({
	leftValue: expr(code),
	rightValue: value,
	operator: { type: 'string', operation: 'equals' },
});

export const notEmpty = (code: string): Condition => ({
	leftValue: expr(code),
	rightValue: '',
	operator: { type: 'string', operation: 'notEmpty', singleValue: true },
});

export const isEmpty = (code: string): Condition => ({
	leftValue: expr(code),
	rightValue: '',
	operator: { type: 'string', operation: 'empty', singleValue: true },
});

function filterValue(seed: string, conditions: Condition[], combinator: 'and' | 'or') {
	return {
		options: { caseSensitive: true, leftValue: '', typeValidation: 'loose', version: 2 },
		conditions: conditions.map((condition, index) => ({
			id: stableUuid(`${seed}:${index}`),
			...condition,
		})),
		combinator,
	};
}

/** If (two outputs: true, false). */
export function ifNode(
	name: string,
	conditions: Condition[],
	combinator: 'and' | 'or' = 'and',
): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.if',
		typeVersion: 2.2,
		parameters: {
			conditions: filterValue(name, conditions, combinator),
			looseTypeValidation: true,
			options: {},
		},
	};
}

/** Filter (keeps the matching items). */
export function filterNode(
	name: string,
	conditions: Condition[],
	combinator: 'and' | 'or' = 'and',
): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.filter',
		typeVersion: 2.2,
		parameters: {
			conditions: filterValue(name, conditions, combinator),
			looseTypeValidation: true,
			options: {},
		},
	};
}

/** Switch in rules mode: one named output per rule; with `allMatching`, an item goes to every matching output. */
export function switchNode(
	name: string,
	rules: Array<{ output: string; when: Condition }>,
	allMatching = false,
): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.switch',
		typeVersion: 3.2,
		parameters: {
			rules: {
				values: rules.map((rule) => ({
					conditions: filterValue(`${name}:${rule.output}`, [rule.when], 'and'),
					renameOutput: true,
					outputKey: rule.output,
				})),
			},
			looseTypeValidation: true,
			options: allMatching ? { allMatchingOutputs: true } : {},
		},
	};
}

// ---------------------------------------------------------------- data shaping

export type FieldType = 'string' | 'number' | 'boolean' | 'array' | 'object';
export type Fields = Record<string, { type: FieldType; value: string | number | boolean }>;

/** Edit Fields (Set) 3.4. */
export function setNode(name: string, fields: Fields, includeOtherFields = false): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		parameters: {
			assignments: {
				assignments: Object.entries(fields).map(([field, { type, value }]) => ({
					id: stableUuid(`${name}:${field}`),
					name: field,
					value,
					type,
				})),
			},
			includeOtherFields,
			options: {},
		},
	};
}

/** Split Out: one item per entry of an array field, keeping `include` fields of the parent. */
export function splitOut(name: string, field: string, include: string[] = []): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.splitOut',
		typeVersion: 1,
		parameters: {
			fieldToSplitOut: field,
			include: include.length ? 'selectedOtherFields' : 'noOtherFields',
			...(include.length ? { fieldsToInclude: include.join(', ') } : {}),
			options: {},
		},
	};
}

/** Aggregate every item into one, as a list under `field`. */
export function aggregateAll(name: string, field: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.aggregate',
		typeVersion: 1,
		parameters: { aggregate: 'aggregateAllItemData', destinationFieldName: field, options: {} },
	};
}

/** Merge 3.2 by matching fields. */
export function mergeByFields(
	name: string,
	field1: string,
	field2: string,
	joinMode: 'keepMatches' | 'keepNonMatches' | 'enrichInput1',
	outputDataFrom?: 'input1' | 'input2' | 'both',
): NodeSpec {
	const parameters: Record<string, unknown> = {
		mode: 'combine',
		fieldsToMatchString: field1 === field2 ? field1 : undefined,
		joinMode,
		options: {},
	};
	if (field1 !== field2) {
		delete parameters.fieldsToMatchString;
		parameters.advanced = true;
		parameters.mergeByFields = { values: [{ field1, field2 }] };
	}
	if (outputDataFrom) parameters.outputDataFrom = outputDataFrom;
	return { name, type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters };
}

/** Merge 3.2: every item of input 1 combined with every item of input 2 (input 2 holds one item here). */
export function mergeAll(name: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.merge',
		typeVersion: 3.2,
		parameters: { mode: 'combine', combineBy: 'combineAll', options: {} },
	};
}

/** Merge 3.2: the items of every input one after the other. */
export function mergeAppend(name: string): NodeSpec {
	return { name, type: 'n8n-nodes-base.merge', typeVersion: 3.2, parameters: {} };
}

/** A Code node (JavaScript): once for all items (n8n's default), or once for each item with `eachItem`. */
export function codeNode(name: string, jsCode: string, eachItem = false): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		parameters: eachItem ? { mode: 'runOnceForEachItem', jsCode } : { jsCode },
	};
}

export function noOp(name: string): NodeSpec {
	return { name, type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} };
}

// ---------------------------------------------------------------- triggers, HTTP, email

export function scheduleTrigger(name: string, minutes: number): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.scheduleTrigger',
		typeVersion: 1.2,
		parameters: { rule: { interval: [{ field: 'minutes', minutesInterval: minutes }] } },
	};
}

/**
 * HTTP Request 4.2 with a store credential ("Predefined Credential Type"): the store's own authentication, for the
 * calls its n8n node lacks. `body` is an expression that yields the JSON body.
 */
export function httpRequest(
	name: string,
	options: {
		method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
		url: string;
		credentialType: string;
		body?: string;
		query?: Record<string, string>;
		headers?: Record<string, string>;
		/** The response is an array: one output item per element (the default of the node). */
		fullResponse?: boolean;
	},
): NodeSpec {
	const parameters: Record<string, unknown> = {
		method: options.method,
		url: options.url,
		authentication: 'predefinedCredentialType',
		nodeCredentialType: options.credentialType,
	};
	if (options.query) {
		parameters.sendQuery = true;
		parameters.queryParameters = {
			parameters: Object.entries(options.query).map(([name, value]) => ({ name, value })),
		};
	}
	if (options.headers) {
		parameters.sendHeaders = true;
		parameters.headerParameters = {
			parameters: Object.entries(options.headers).map(([name, value]) => ({ name, value })),
		};
	}
	if (options.body !== undefined) {
		parameters.sendBody = true;
		parameters.specifyBody = 'json';
		parameters.jsonBody = options.body;
	}
	parameters.options = {};
	return {
		name,
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.2,
		parameters,
		credentials: credential(options.credentialType),
	};
}

/** Send Email 2.1 (SMTP), plain text. */
export function sendEmail(name: string, subject: string, text: string): NodeSpec {
	return {
		name,
		type: 'n8n-nodes-base.emailSend',
		typeVersion: 2.1,
		parameters: {
			fromEmail: expr(setting('notificationFrom')),
			toEmail: expr(setting('notificationEmail')),
			subject,
			emailFormat: 'text',
			text,
			options: { appendAttribution: false },
		},
		credentials: credential('smtp'),
	};
}

// ---------------------------------------------------------------- this package

/**
 * The Settings field every marketplace node of a template reads as its Test Mode: `manual` (the default) makes runs
 * started in the editor describe their writes instead of sending them; active runs (triggers, webhooks, schedules)
 * send for real. `off`: editor runs send too; `always`: nothing is ever sent.
 */
export const TEST_MODE_SETTING: Fields = { testMode: { type: 'string', value: 'manual' } };

/** The Settings note line for TEST_MODE_SETTING. */
export const TEST_MODE_NOTE =
	'- **testMode** `manual` (default): a run you start in the editor (Execute Workflow, Execute Step) sends nothing that changes anything at the marketplace (no cancel, shipment, stock, return or refund); each such item says `status: test` and what it would have sent. Active executions act for real. `off`: editor runs act for real too; `always`: nothing is ever sent (a dry run while active). Store writes are not covered: an editor run still writes to your store (orders it creates, for instance), but what was not sent is never marked there as shipped, cancelled, refunded or sent (the **Sent? (...)** step after each marketplace call stops it), so the active workflow sends it later.';

/** A marketplace node's parameters: the Test Mode read from Settings (TEST_MODE_SETTING), then the operation's. */
export const marketplaceParameters = (parameters: Record<string, unknown>) => ({
	...parameters,
	testMode: expr(setting('testMode')),
});

/** A node of this package (`type`: its name) reading Test Mode from Settings, with `credentials` (a reference). */
export function packageNode(
	type: string,
	credentials: NodeSpec['credentials'],
	name: string,
	parameters: Record<string, unknown>,
): NodeSpec {
	return {
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		parameters: marketplaceParameters(parameters),
		credentials,
	};
}

/** A polling trigger of this package (`type`: its name) every `minutes`, with its Event and Options. */
export function packageTrigger(
	type: string,
	credentials: NodeSpec['credentials'],
	name: string,
	event: string,
	minutes: number,
	options: Record<string, unknown> = {},
): NodeSpec {
	return {
		name,
		type: `${PACKAGE}.${type}`,
		typeVersion: 1,
		parameters: {
			pollTimes: { item: [{ mode: 'everyX', value: minutes, unit: 'minutes' }] },
			event,
			options,
		},
		credentials,
	};
}

export const bolRetailer = (name: string, parameters: Record<string, unknown>): NodeSpec =>
	packageNode('bolRetailer', credential('bolRetailerApi'), name, parameters);

export const bolTrigger = (
	name: string,
	event: 'newOrder' | 'orderChanged' | 'newReturn',
	minutes: number,
): NodeSpec =>
	packageTrigger('bolRetailerTrigger', credential('bolRetailerApi'), name, event, minutes);

export const zalandoNode = (name: string, parameters: Record<string, unknown>): NodeSpec =>
	packageNode('zalandoZDirect', credential('zalandoZDirectApi'), name, parameters);

/** The Zalando polling trigger; `options`: the trigger's Options (order types, product identification, ...). */
export const zalandoTrigger = (
	name: string,
	event: 'newOrder' | 'orderChanged' | 'newReturn',
	minutes: number,
	options: Record<string, unknown> = {},
): NodeSpec =>
	packageTrigger(
		'zalandoZDirectTrigger',
		credential('zalandoZDirectApi'),
		name,
		event,
		minutes,
		options,
	);

export function orderSync(
	name: string,
	operation: string,
	parameters: Record<string, unknown>,
): NodeSpec {
	return {
		name,
		type: `${PACKAGE}.marketplaceOrderSync`,
		typeVersion: 1,
		parameters: { operation, ...parameters },
	};
}
