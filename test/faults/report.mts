/**
 * The figures of the adversarial fault suite ("nothing lost, nothing twice"): every scenario measures what a user
 * would see, and the suite prints one table plus one summary line at the end:
 * `faults: <n> scenarios, <lost> lost, <duplicated> duplicated, <leaked> leaked, <stalls> stalls`.
 */
import { afterAll, expect, it } from 'vitest';

export interface Figures {
	/** Orders/items the user never sees again: not emitted, dropped from the output, or reported done but not done. */
	lost: number;
	/** Orders emitted twice by a trigger, or requests the marketplace accepted twice (shipments, cancellations, ...). */
	duplicated: number;
	/** Distinct secret values (credential secrets, tokens, pre-signed URL signatures) found in output or errors. */
	leaked: number;
	/** Backlogs not drained within the polls allowed, or calls that did not end in bounded time. */
	stalls: number;
	/** Results that say the opposite of the marketplace's state (done while pending, success while nothing happened). */
	misreported: number;
	notes: string[];
}

interface Row extends Figures {
	name: string;
	error?: string;
	/** Known open failure: why. */
	open?: string;
	ms: number;
}

const rows: Row[] = [];

/**
 * One scenario: `measure` fills the figures; the test fails unless all of them are 0 (and nothing threw).
 * `open`: a failure known and not fixed yet, with the reason. The scenario still runs and its figures count in the
 * table and the summary line, but its test asserts that it still fails, so the day it is fixed the suite says so and
 * the scenario must become a normal one.
 */
export function scenario(
	name: string,
	measure: (figures: Figures) => Promise<void>,
	timeout?: number,
	open?: string,
): void {
	it(
		name,
		async () => {
			const figures: Figures = {
				lost: 0,
				duplicated: 0,
				leaked: 0,
				stalls: 0,
				misreported: 0,
				notes: [],
			};
			const started = Date.now();
			let error: unknown;
			try {
				await measure(figures);
			} catch (e) {
				error = e;
			}
			rows.push({
				name,
				...figures,
				ms: Date.now() - started,
				error: error === undefined ? undefined : String((error as Error).message ?? error),
				open,
			});
			if (error !== undefined) throw error;
			if (open !== undefined) {
				const total =
					figures.lost + figures.duplicated + figures.leaked + figures.stalls + figures.misreported;
				expect(
					total,
					`known open failure now passes, make it a normal scenario: ${open}`,
				).toBeGreaterThan(0);
				return;
			}
			expect(
				{
					lost: figures.lost,
					duplicated: figures.duplicated,
					leaked: figures.leaked,
					stalls: figures.stalls,
					misreported: figures.misreported,
				},
				figures.notes.join('; '),
			).toEqual({ lost: 0, duplicated: 0, leaked: 0, stalls: 0, misreported: 0 });
		},
		timeout,
	);
}

function pad(text: string, width: number): string {
	return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function renderTable(): string {
	const header = ['scenario', 'lost', 'dup', 'leaked', 'stalls', 'misrep', 'result', 'ms', 'notes'];
	const body = rows.map((r) => {
		const failing =
			r.error !== undefined || r.lost + r.duplicated + r.leaked + r.stalls + r.misreported > 0;
		return [
			r.name,
			String(r.lost),
			String(r.duplicated),
			String(r.leaked),
			String(r.stalls),
			String(r.misreported),
			r.error !== undefined ? 'ERROR' : failing ? (r.open ? 'OPEN' : 'FAIL') : 'ok',
			String(r.ms),
			[
				...(r.error ? [`threw: ${r.error.slice(0, 160)}`] : []),
				...(r.open ? [`known open: ${r.open}`] : []),
				...r.notes,
			].join('; '),
		];
	});
	const widths = header.map((h, i) =>
		i === header.length - 1 ? 0 : Math.max(h.length, ...body.map((b) => b[i].length)),
	);
	return [header, ...body]
		.map((cols) => cols.map((c, i) => pad(c, widths[i])).join(' | '))
		.join('\n');
}

export function summaryLine(): string {
	const sum = (key: 'lost' | 'duplicated' | 'leaked' | 'stalls') =>
		rows.reduce((total, r) => total + r[key], 0);
	return `faults: ${rows.length} scenarios, ${sum('lost')} lost, ${sum('duplicated')} duplicated, ${sum('leaked')} leaked, ${sum('stalls')} stalls`;
}

/** Registers the printing of the table and the summary line after all scenarios of the file. */
export function reportAtEnd(): void {
	afterAll(() => {
		process.stdout.write(`\n${renderTable()}\n${summaryLine()}\n`);
	});
}
