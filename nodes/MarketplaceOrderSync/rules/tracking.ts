import {
	MARKETPLACE_IDS,
	MARKETPLACE_REGISTRY,
	type MarketplaceId,
	type TrackingField,
} from '../../shared/marketplaces';

/**
 * What a shipment needs before the marketplace takes it, from the marketplace registry (`shared/marketplaces.ts`):
 * Zalando needs both a tracking code and a return tracking code (Koongo emails the merchant when one is missing); Bol,
 * Amazon and Spartoo need a tracking code; Miinto's shipping payload is not public, so a tracking code is asked for as
 * with the others.
 */

export const TRACKING_FIELDS = [
	'trackingCode',
	'returnTrackingCode',
] as const satisfies readonly TrackingField[];
export type { TrackingField };

export const TRACKING_REQUIREMENTS = Object.fromEntries(
	MARKETPLACE_IDS.map((id) => [id, [...MARKETPLACE_REGISTRY[id].trackingRequired]]),
) as Record<MarketplaceId, TrackingField[]>;

/** Letters, digits and - _ . / (as carriers issue them and marketplaces accept them). */
export const TRACKING_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9\-_./]*$/;

export interface TrackingCheck {
	complete: boolean;
	marketplace: string | null;
	required: TrackingField[];
	/** Required codes that are empty. */
	missing: TrackingField[];
	/** Codes that are given but are not a valid tracking code (only when the format is checked). */
	invalid: TrackingField[];
	trackingCode: string | null;
	returnTrackingCode: string | null;
	reason: string;
}

const LABELS: Record<TrackingField, string> = {
	trackingCode: 'tracking code',
	returnTrackingCode: 'return tracking code',
};

/** A code from a text or a list of texts (the first non-empty one). */
export function codeOf(value: unknown): string | null {
	const list = Array.isArray(value) ? value : [value];
	for (const entry of list) {
		if ((typeof entry === 'string' || typeof entry === 'number') && String(entry).trim() !== '')
			return String(entry).trim();
	}
	return null;
}

/** All non-empty codes of a text or a list. */
export function codesOf(value: unknown): string[] {
	return (Array.isArray(value) ? value : [value])
		.filter(
			(entry) =>
				(typeof entry === 'string' || typeof entry === 'number') && String(entry).trim() !== '',
		)
		.map((entry) => String(entry).trim());
}

export function checkTracking(
	marketplace: string | null,
	codes: { trackingCode: string | null; returnTrackingCode: string | null },
	required: TrackingField[],
	checkFormat: boolean,
): TrackingCheck {
	const missing = required.filter((field) => codes[field] === null);
	const invalid = checkFormat
		? TRACKING_FIELDS.filter(
				(field) => codes[field] !== null && !TRACKING_CODE_PATTERN.test(codes[field] as string),
			)
		: [];
	const complete = missing.length === 0 && invalid.length === 0;
	const where = marketplace ? ` for ${marketplace}` : '';
	const problems = [
		...missing.map((field) => `${LABELS[field]} missing`),
		...invalid.map(
			(field) =>
				`${LABELS[field]} "${codes[field]}" is not a valid tracking code (letters, digits and - _ . / only)`,
		),
	];
	const reason = complete
		? `complete${where}: ${required.length ? required.map((field) => LABELS[field]).join(' and ') + ' present' : 'nothing required'}`
		: `incomplete${where}: ${problems.join('; ')}`;
	return { complete, marketplace, required, missing, invalid, ...codes, reason };
}
