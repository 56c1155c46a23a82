import type { RateLimitProfile } from '../core/rate-limit.mts';

/**
 * [unverified] Miinto publishes no rate limits (§2.11; the "100 req/s" of repo M-X1 is not trustworthy). A
 * conservative assumption, the same the node paces itself by (nodes/Miinto/unverified.ts ASSUMED_RATE_LIMIT: 5 requests
 * a second, bursts of 10): a leaky bucket per Miinto Admin account (every channel of one login shares it), and few
 * channel openings per caller. Correct both places when Miinto's numbers are known; change at runtime with
 * PUT /__admin/rate-limits.
 */
const ASSUMED =
	"assumption (no source): the node's ASSUMED_RATE_LIMIT in nodes/Miinto/unverified.ts";

export const MIINTO_RATE_LIMITS: RateLimitProfile = {
	description: '[unverified] Miinto: no published limits; a conservative assumption',
	rules: [
		{
			id: 'channels',
			method: 'POST',
			path: '/auth/channels',
			limit: 10,
			windowSeconds: 60,
			verified: false,
			source: `${ASSUMED}; channel openings counted per caller address`,
		},
		{
			id: 'api',
			path: '/**',
			limit: 10,
			algorithm: 'leaky-bucket',
			leakPerSecond: 5,
			verified: false,
			source: ASSUMED,
		},
	],
};
