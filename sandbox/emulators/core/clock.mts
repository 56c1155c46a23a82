/**
 * Emulated time. Every timestamp, token expiry, rate-limit window and process delay of an emulator is read from one
 * of these clocks. `timeScale` makes emulated time pass faster than real time (60 = one emulated minute per real
 * second); `advance()` jumps forward at once (admin `POST /__admin/clock`).
 */
export interface ClockOptions {
	/** 1 = real time; 60 = one emulated minute per real second. Must be > 0. */
	timeScale?: number;
	/** Emulated epoch milliseconds at start; default: the real current time. */
	start?: number;
	/** Source of real time (tests may inject one). */
	realNow?: () => number;
}

export interface ClockSnapshot {
	now: string;
	epochMs: number;
	timeScale: number;
}

export class EmulatedClock {
	private readonly realNow: () => number;
	private baseReal: number;
	private baseEmulated: number;
	private scale: number;

	constructor(options: ClockOptions = {}) {
		this.realNow = options.realNow ?? Date.now;
		this.baseReal = this.realNow();
		this.baseEmulated = options.start ?? this.baseReal;
		this.scale = EmulatedClock.checkScale(options.timeScale ?? 1);
	}

	private static checkScale(scale: number): number {
		if (!Number.isFinite(scale) || scale <= 0)
			throw new RangeError(`timeScale must be a positive number, got ${scale}`);
		return scale;
	}

	/** Emulated epoch milliseconds. */
	now(): number {
		return Math.floor(this.baseEmulated + (this.realNow() - this.baseReal) * this.scale);
	}

	get timeScale(): number {
		return this.scale;
	}

	setTimeScale(scale: number): void {
		const now = this.now();
		this.scale = EmulatedClock.checkScale(scale);
		this.baseEmulated = now;
		this.baseReal = this.realNow();
	}

	/** Jump forward (or, with a negative value, backward) by `ms` emulated milliseconds. */
	advance(ms: number): void {
		if (!Number.isFinite(ms)) throw new RangeError('advance needs a finite number of milliseconds');
		this.baseEmulated += ms;
	}

	/** Set the emulated time to an absolute epoch value. */
	set(epochMs: number): void {
		if (!Number.isFinite(epochMs)) throw new RangeError('set needs a finite epoch value');
		this.baseEmulated = epochMs;
		this.baseReal = this.realNow();
	}

	/** Real milliseconds that correspond to `emulatedMs` of emulated time. */
	toRealMs(emulatedMs: number): number {
		return emulatedMs / this.scale;
	}

	/**
	 * Real seconds that correspond to `emulatedMs`: the unit of the rate-limit headers. In real time they are whole
	 * seconds rounded up, as marketplaces send them; on a scaled clock they keep millisecond precision (rounded up),
	 * since a whole second could be many emulated minutes and a client pacing from the header would wait far too long.
	 */
	toRealSeconds(emulatedMs: number): number {
		const realMs = Math.max(0, this.toRealMs(emulatedMs));
		return this.scale === 1 ? Math.ceil(realMs / 1000) : Math.ceil(realMs) / 1000;
	}

	snapshot(): ClockSnapshot {
		const epochMs = this.now();
		return { now: new Date(epochMs).toISOString(), epochMs, timeScale: this.scale };
	}
}
