/** A small seeded PRNG (mulberry32): the same seed always gives the same sequence. */
export class Random {
	private state: number;

	constructor(seed: number) {
		this.state = Random.normalizeSeed(seed);
	}

	static normalizeSeed(seed: number): number {
		if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
		return Math.trunc(seed) >>> 0;
	}

	/** A derived, independent generator (e.g. one per seeded entity family). */
	fork(label: string): Random {
		let hash = this.state ^ 0x9e3779b9;
		for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
		return new Random(hash >>> 0);
	}

	/** Uniform in [0, 1). */
	next(): number {
		this.state = (this.state + 0x6d2b79f5) >>> 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	}

	/** Integer in [min, max] (both inclusive). */
	int(min: number, max: number): number {
		return min + Math.floor(this.next() * (max - min + 1));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		if (items.length === 0) throw new RangeError('pick from an empty list');
		return items[Math.floor(this.next() * items.length)] as T;
	}

	/** Picks by weight: `[[value, weight], ...]`. */
	weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
		const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
		let roll = this.next() * total;
		for (const [value, weight] of entries) {
			roll -= weight;
			if (roll < 0) return value;
		}
		return (entries[entries.length - 1] as readonly [T, number])[0];
	}

	digits(length: number): string {
		let out = String(this.int(1, 9));
		while (out.length < length) out += String(this.int(0, 9));
		return out;
	}

	chars(length: number, alphabet: string): string {
		let out = '';
		for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.next() * alphabet.length)];
		return out;
	}

	/** A version-4 shaped UUID drawn from this generator (reproducible, unlike crypto.randomUUID). */
	uuid(): string {
		const hex = this.chars(32, '0123456789abcdef').split('');
		hex[12] = '4';
		hex[16] = '89ab'[Math.floor(this.next() * 4)] as string;
		const s = hex.join('');
		return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
	}
}
