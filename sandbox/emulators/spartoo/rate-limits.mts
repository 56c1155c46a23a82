import type { RateLimitProfile } from '../core/rate-limit.mts';

/**
 * Spartoo counts calls per partner key in "the current 1-hour window" and answers -429 beyond it (S-D1..S-D7); the
 * number is not published (C25). [unverified] 600 calls an hour, every script together, windows on clock hours
 * (10:00-11:00, ...): a conservative guess, the node's default budget (`DEFAULT_HOURLY_BUDGET`). Change it at runtime
 * with PUT /__admin/rate-limits.
 */
export const SPARTOO_HOURLY_LIMIT = 600;

export const SPARTOO_RATE_LIMITS: RateLimitProfile = {
	description:
		'Spartoo (assumed): 600 calls per partner key per clock hour, all scripts together; -429 beyond',
	rules: [
		{
			id: 'hourly',
			path: '/mp/**',
			limit: SPARTOO_HOURLY_LIMIT,
			windowSeconds: 3600,
			aligned: true,
			verified: false,
			source:
				'S-D1..S-D7: -429 "too many calls in the current 1-hour window"; the number (C25) and the window boundaries are assumptions',
		},
	],
};
