/**
 * Store carrier / shipping method -> marketplace carrier code (Koongo "Default Shipping Service - store shipment").
 * Rules are tried in table order; the first one that matches wins. Matching ignores case and white space.
 */

export const MATCH_TYPES = ['equals', 'contains', 'regex'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export interface CarrierRule {
	storeCarrier: string;
	carrierCode: string;
	matchType: MatchType;
}

export interface CarrierMapping {
	/** The store carrier as given (trimmed), null when empty. */
	input: string | null;
	carrierCode: string | null;
	/** `rule`: a table row matched; `default`: the default shipping service; `none`: nothing matched and no default. */
	matchedBy: 'rule' | 'default' | 'none';
	/** 1-based row of the table that matched, null otherwise. */
	ruleNumber: number | null;
	/** What happened, in words: `rule 2: "PostNL" (equals) -> TNT`. */
	rule: string;
}

/** Lower case, no white space: "Post NL " and "postnl" are the same carrier. */
export function normalizeCarrier(name: string): string {
	return name.toLowerCase().replace(/\s+/g, '');
}

function matches(rule: CarrierRule, input: string): boolean {
	if (rule.matchType === 'regex') return new RegExp(rule.storeCarrier, 'i').test(input);
	const wanted = normalizeCarrier(rule.storeCarrier);
	if (wanted === '') return false;
	const given = normalizeCarrier(input);
	return rule.matchType === 'contains' ? given.includes(wanted) : given === wanted;
}

export function mapCarrier(
	carrier: string | null | undefined,
	rules: CarrierRule[],
	defaultCode: string | undefined,
): CarrierMapping {
	const input = typeof carrier === 'string' && carrier.trim() !== '' ? carrier.trim() : null;
	if (input !== null) {
		const index = rules.findIndex((rule) => matches(rule, input));
		if (index >= 0) {
			const rule = rules[index];
			return {
				input,
				carrierCode: rule.carrierCode,
				matchedBy: 'rule',
				ruleNumber: index + 1,
				rule: `rule ${index + 1}: "${rule.storeCarrier}" (${rule.matchType}) -> ${rule.carrierCode}`,
			};
		}
	}
	const why = input === null ? 'no store carrier given' : `no rule matches "${input}"`;
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
