/**
 * Spartoo's clocks: the order export takes `date=YYYY-MM-DD:hh:mm:ss` and the XML carries `YYYY-MM-DD hh:mm:ss`, both
 * Europe/Paris wall-clock time [unverified, constants.ts]; the return export takes a Unix timestamp (UTC by
 * definition). Daylight saving time is handled through the runtime's time-zone database (Intl), no fixed offset.
 */
import { SPARTOO_TIME_ZONE } from './constants';

const FORMATTERS = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
	let f = FORMATTERS.get(timeZone);
	if (!f) {
		f = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		FORMATTERS.set(timeZone, f);
	}
	return f;
}

interface Wall {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

function wallOf(time: number, timeZone: string): Wall {
	const parts: Record<string, number> = {};
	for (const part of formatter(timeZone).formatToParts(new Date(time)))
		if (part.type !== 'literal') parts[part.type] = Number(part.value);
	return {
		year: parts.year,
		month: parts.month,
		day: parts.day,
		hour: parts.hour % 24,
		minute: parts.minute,
		second: parts.second,
	};
}

/** Offset of `timeZone` from UTC at instant `time`, in ms (Paris: +1 h in winter, +2 h in summer). */
function offsetAt(time: number, timeZone: string): number {
	const w = wallOf(time, timeZone);
	const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
	return asUtc - Math.floor(time / 1000) * 1000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DD:hh:mm:ss` in Paris time: the `date` parameter of `xml_export_orders`. */
export function toSpartooExportDate(time: Date, timeZone = SPARTOO_TIME_ZONE): string {
	const w = wallOf(time.getTime(), timeZone);
	return `${w.year}-${pad(w.month)}-${pad(w.day)}:${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
}

/** Unix seconds: the `date` parameter of `xml_export_returns`. */
export function toUnixSeconds(time: Date): number {
	return Math.floor(time.getTime() / 1000);
}

const WALL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T:](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A Spartoo date as ISO 8601 UTC: `YYYY-MM-DD hh:mm:ss` (or `YYYY-MM-DD:hh:mm:ss`, a bare date) in Paris time, a Unix
 * timestamp (seconds), or an ISO date with its own offset. Null when empty or unreadable.
 */
export function spartooDateToIso(
	value: string | undefined | null,
	timeZone = SPARTOO_TIME_ZONE,
): string | null {
	const text = (value ?? '').trim();
	if (text === '' || /^0{4}-0{2}-0{2}/.test(text)) return null;
	if (/^\d{9,11}$/.test(text)) return new Date(Number(text) * 1000).toISOString();
	if (/[zZ]$|[+-]\d{2}:?\d{2}$/.test(text) && text.includes('T')) {
		const parsed = Date.parse(text);
		return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
	}
	const m = WALL.exec(text);
	if (!m) return null;
	const [year, month, day, hour, minute, second] = [
		m[1],
		m[2],
		m[3],
		m[4] ?? '0',
		m[5] ?? '0',
		m[6] ?? '0',
	].map(Number);
	const guess = Date.UTC(year, month - 1, day, hour, minute, second);
	if (Number.isNaN(guess)) return null;
	// the offset at the wall time read as UTC, then once more at the corrected instant (daylight saving edges)
	let time = guess - offsetAt(guess, timeZone);
	time = guess - offsetAt(time, timeZone);
	return new Date(time).toISOString();
}
