/**
 * Spartoo's clocks: `xml_export_orders` takes `date=YYYY-MM-DD:hh:mm:ss` and the order / return XML carries
 * `YYYY-MM-DD hh:mm:ss`, both Europe/Paris wall-clock time [unverified: no page names the zone; Spartoo is French];
 * `xml_export_returns` takes a Unix timestamp in seconds (S-D3). Daylight saving through Intl, no fixed offset.
 */
export const SPARTOO_TIME_ZONE = 'Europe/Paris';

const formatter = new Intl.DateTimeFormat('en-US', {
	timeZone: SPARTOO_TIME_ZONE,
	hourCycle: 'h23',
	year: 'numeric',
	month: '2-digit',
	day: '2-digit',
	hour: '2-digit',
	minute: '2-digit',
	second: '2-digit',
});

interface Wall {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

function wallOf(epochMs: number): Wall {
	const parts: Record<string, number> = {};
	for (const part of formatter.formatToParts(new Date(epochMs)))
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	return {
		year: parts.year as number,
		month: parts.month as number,
		day: parts.day as number,
		hour: (parts.hour as number) % 24,
		minute: parts.minute as number,
		second: parts.second as number,
	};
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD hh:mm:ss` in Paris time: dates inside the XML. */
export function parisDateTime(epochMs: number): string {
	const w = wallOf(epochMs);
	return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** `YYYY-MM-DD:hh:mm:ss` in Paris time: the `date` parameter of `xml_export_orders`. */
export function parisExportDate(epochMs: number): string {
	return parisDateTime(epochMs).replace(' ', ':');
}

/** Offset of Paris from UTC at an instant, in ms. */
function offsetAt(epochMs: number): number {
	const w = wallOf(epochMs);
	return (
		Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) -
		Math.floor(epochMs / 1000) * 1000
	);
}

const EXPORT_DATE = /^(\d{4})-(\d{2})-(\d{2}):(\d{2}):(\d{2}):(\d{2})$/;

/**
 * Reads `YYYY-MM-DD:hh:mm:ss` (Paris wall clock) into epoch ms; undefined for any other shape (a Unix timestamp, an
 * ISO date, a space instead of the colon) or an impossible date. A wall time repeated in autumn is its first pass.
 */
export function parseExportDate(value: string): number | undefined {
	const m = EXPORT_DATE.exec(value.trim());
	if (!m) return undefined;
	const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [
		number,
		number,
		number,
		number,
		number,
		number,
	];
	if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
		return undefined;
	const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
	const check = new Date(asUtc);
	if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
	// the offset before the wall time, then the one at the instant it gives (the repeated autumn hour: its first pass)
	const first = asUtc - offsetAt(asUtc - 3 * 3600_000);
	return Math.min(first, asUtc - offsetAt(first));
}

/** Reads a Unix timestamp in seconds (1 to 10 digits: a 13-digit millisecond value is refused). */
export function parseUnixSeconds(value: string): number | undefined {
	const trimmed = value.trim();
	return /^\d{1,10}$/.test(trimmed) ? Number(trimmed) * 1000 : undefined;
}
