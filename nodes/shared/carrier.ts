import type { IDataObject } from 'n8n-workflow';

import type { InputValidator } from './validation';

/**
 * Store carrier -> marketplace carrier code. ONE resolver, used by the Bol and Amazon shipment operations and by the
 * rules node's Map Carrier, with ONE precedence (the first hit wins):
 *
 * 1. the user's mapping, row by row in table order (`equals` compares normalized names, `contains` a normalized part,
 *    `regex` the name as given, ignoring case). A row's code is sent as given (a code the package does not list yet
 *    still works), spelled as the marketplace spells it when it is one of its codes;
 * 2. the marketplace's own codes, exactly after normalization ("dpd nl", "DPD_NL" -> `DPD-NL`);
 * 3. the marketplace's built-in aliases ("PostNL" -> `TNT` on bol, `PostNL` on Amazon);
 * 4. the default code.
 *
 * Nothing found: `matchedBy: 'none'` and the caller decides, before any request (see each marketplace's constants):
 * bol and Map Carrier fail the item naming the field and listing what is allowed (`allowedCarriers`); Amazon always has
 * a default (`Other` unless set) and sends the store carrier as typed in its free-text `carrierName`.
 *
 * Normalization (`normalizeCarrierName`): lower case, accents removed, spaces, dashes, underscores and dots removed.
 * No words are dropped: "Express", "Extra" or "Brief" name other services (bol `TNT` and `TNT-EXPRESS`), so "DHL
 * Express" becomes a code only where a mapping row or an alias says so.
 */

/** A marketplace's carrier vocabulary, kept in its `constants.ts` and given to the resolver as data. */
export interface CarrierVocabulary {
	/** What the codes are called in messages: "bol transporter code". */
	codeName: string;
	/** The marketplace's codes, spelled as it expects them. */
	codes: readonly string[];
	/** Store carrier names that are a code without configuration; keys are normalized on use. */
	aliases: Readonly<Record<string, string>>;
}

export const CARRIER_MATCH_TYPES = ['equals', 'contains', 'regex'] as const;
export type CarrierMatchType = (typeof CARRIER_MATCH_TYPES)[number];

/** One row of a user's carrier mapping. */
export interface CarrierRule {
	storeCarrier: string;
	carrierCode: string;
	/** Default: `equals`. */
	matchType?: CarrierMatchType;
}

export interface CarrierResolution {
	/** The store carrier as given (trimmed), null when empty. */
	input: string | null;
	carrierCode: string | null;
	/** `rule`: a mapping row; `code`: a marketplace code; `alias`: a built-in alias; `default`; `none`: nothing. */
	matchedBy: 'rule' | 'code' | 'alias' | 'default' | 'none';
	/** 1-based row of the mapping that matched, null otherwise. */
	ruleNumber: number | null;
	/** What happened, in words: `rule 2: "PostNL" (equals) -> TNT`. */
	rule: string;
}

/** "Post NL", "post-nl", "POST_NL" and "Pöst.NL" are the same carrier: "postnl". */
export function normalizeCarrierName(name: string): string {
	return name
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[\s_.-]+/g, '');
}

function ruleMatches(rule: CarrierRule, input: string): boolean {
	const type = rule.matchType ?? 'equals';
	if (type === 'regex') return new RegExp(rule.storeCarrier, 'i').test(input);
	const wanted = normalizeCarrierName(rule.storeCarrier);
	if (wanted === '') return false;
	const given = normalizeCarrierName(input);
	return type === 'contains' ? given.includes(wanted) : given === wanted;
}

/** The marketplace's spelling of a code ("dpd-nl" -> "DPD-NL"); anything else as given (trimmed). */
export function canonicalCarrierCode(code: string, vocabulary?: CarrierVocabulary): string {
	const key = normalizeCarrierName(code);
	return vocabulary?.codes.find((known) => normalizeCarrierName(known) === key) ?? code.trim();
}

function aliasOf(key: string, vocabulary: CarrierVocabulary): string | undefined {
	const entry = Object.entries(vocabulary.aliases).find(
		([alias]) => normalizeCarrierName(alias) === key,
	);
	return entry?.[1];
}

export function resolveCarrier(
	carrier: string | null | undefined,
	settings: {
		rules?: readonly CarrierRule[];
		vocabulary?: CarrierVocabulary;
		defaultCode?: string;
	},
): CarrierResolution {
	const { rules = [], vocabulary } = settings;
	const input = typeof carrier === 'string' && carrier.trim() !== '' ? carrier.trim() : null;
	if (input !== null) {
		const index = rules.findIndex((rule) => ruleMatches(rule, input));
		if (index >= 0) {
			const rule = rules[index];
			const code = canonicalCarrierCode(rule.carrierCode, vocabulary);
			return {
				input,
				carrierCode: code,
				matchedBy: 'rule',
				ruleNumber: index + 1,
				rule: `rule ${index + 1}: "${rule.storeCarrier}" (${rule.matchType ?? 'equals'}) -> ${code}`,
			};
		}
		if (vocabulary) {
			const key = normalizeCarrierName(input);
			const code = vocabulary.codes.find((known) => normalizeCarrierName(known) === key);
			if (code) {
				return {
					input,
					carrierCode: code,
					matchedBy: 'code',
					ruleNumber: null,
					rule: `"${input}" is the ${vocabulary.codeName} ${code}`,
				};
			}
			const alias = aliasOf(key, vocabulary);
			if (alias) {
				return {
					input,
					carrierCode: alias,
					matchedBy: 'alias',
					ruleNumber: null,
					rule: `"${input}" is a known name of the ${vocabulary.codeName} ${alias}`,
				};
			}
		}
	}
	const what = vocabulary ? 'no rule, code or known name' : 'no rule';
	const why = input === null ? 'no store carrier given' : `${what} matches "${input}"`;
	const defaultCode =
		settings.defaultCode && settings.defaultCode.trim() !== ''
			? canonicalCarrierCode(settings.defaultCode, vocabulary)
			: undefined;
	if (defaultCode) {
		return {
			input,
			carrierCode: defaultCode,
			matchedBy: 'default',
			ruleNumber: null,
			rule: `${why}: default shipping service ${defaultCode}`,
		};
	}
	return {
		input,
		carrierCode: null,
		matchedBy: 'none',
		ruleNumber: null,
		rule: `${why} and no default shipping service is set`,
	};
}

/** The "Allowed:" part of the error for a carrier nothing matches: the codes, the known names, the ways out. */
export function allowedCarriers(
	vocabulary: CarrierVocabulary,
	mappingHint: string,
	defaultHint: string,
): string {
	const article = /^[aeiou]/i.test(vocabulary.codeName) ? 'an' : 'a';
	return `${article} ${vocabulary.codeName} (${vocabulary.codes.join(', ')}), a known carrier name (${Object.keys(
		vocabulary.aliases,
	).join(', ')}), ${mappingHint}, or ${defaultHint}`;
}

/**
 * The rows of a shipment operation's "Carrier Mapping" option (`{ mapping: [{ storeCarrier, <codeField> }] }`). Empty
 * rows are skipped; a row with only one side fails, naming the row, so a half-filled row never silently maps nothing.
 */
export function carrierMappingRows(
	v: InputValidator,
	value: unknown,
	codeField: { name: string; label: string },
): CarrierRule[] {
	const rows = (value as IDataObject | undefined)?.mapping ?? [];
	if (!Array.isArray(rows))
		v.fail(
			{ label: 'Carrier Mapping', name: 'options.carrierMapping' },
			value,
			'a list of mapping rows',
		);
	const text = (x: unknown) =>
		typeof x === 'string' || typeof x === 'number' ? String(x).trim() : '';
	const result: CarrierRule[] = [];
	(rows as unknown[]).forEach((row, index) => {
		const record = (row ?? {}) as IDataObject;
		const storeCarrier = text(record.storeCarrier);
		const carrierCode = text(record[codeField.name]);
		if (storeCarrier === '' && carrierCode === '') return;
		const at = (label: string, name: string) => ({
			label: `Carrier Mapping row ${index + 1}: ${label}`,
			name: `options.carrierMapping.mapping[${index}].${name}`,
		});
		if (storeCarrier === '')
			v.fail(at('Store Carrier', 'storeCarrier'), record.storeCarrier, 'a store carrier name');
		if (carrierCode === '')
			v.fail(
				at(codeField.label, codeField.name),
				record[codeField.name],
				`the code "${storeCarrier}" becomes`,
			);
		result.push({ storeCarrier, carrierCode, matchType: 'equals' });
	});
	return result;
}
