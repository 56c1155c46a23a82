/**
 * Store carrier / shipping method -> marketplace carrier code (Koongo "Default Shipping Service - store shipment").
 * The shared resolver (`shared/carrier.ts`) with its one precedence: the rule table in order (first match wins), then,
 * when a marketplace is chosen, its own codes and built-in aliases, then the default. Names are compared normalized
 * (case, accents, spaces, dashes, underscores and dots ignored).
 */
import {
	CARRIER_MATCH_TYPES,
	resolveCarrier,
	type CarrierMatchType,
	type CarrierResolution,
	type CarrierVocabulary,
} from '../../shared/carrier';

export const MATCH_TYPES = CARRIER_MATCH_TYPES;
export type MatchType = CarrierMatchType;

export interface CarrierRule {
	storeCarrier: string;
	carrierCode: string;
	matchType: MatchType;
}

export type CarrierMapping = CarrierResolution;

export function mapCarrier(
	carrier: string | null | undefined,
	rules: CarrierRule[],
	defaultCode: string | undefined,
	vocabulary?: CarrierVocabulary,
): CarrierMapping {
	return resolveCarrier(carrier, { rules, defaultCode, vocabulary });
}
