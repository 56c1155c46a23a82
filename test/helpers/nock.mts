import nock from 'nock';
import { afterEach, beforeEach } from 'vitest';

import { installFakeClock, type FakeClock } from './clock.mts';

/**
 * The set-up of a unit test file that talks HTTP through nock on a fake clock: before each test a fresh fake clock
 * (and rate limiters) and no real network; after it, everything restored. Returns the current test's clock.
 */
export function useNockAndFakeClock(start?: number): () => FakeClock {
	let current: { clock: FakeClock; restore: () => void } | undefined;
	beforeEach(() => {
		current = installFakeClock(start);
		nock.disableNetConnect();
	});
	afterEach(() => {
		current?.restore();
		nock.cleanAll();
		nock.enableNetConnect();
	});
	return () => current!.clock;
}

/**
 * A dropped connection for nock's `replyWithError`: an Error with the socket's code, as Node's `http` raises it (nock
 * hands a plain object to `http.request` without ever failing the request).
 */
export const connectionReset = (message = 'socket hang up'): Error =>
	Object.assign(new Error(message), { code: 'ECONNRESET' });
