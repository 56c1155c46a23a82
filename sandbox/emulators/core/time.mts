/** Local date-times in a named time zone, for APIs that print local time with (bol) or without (WooCommerce) offset. */

const formats = new Map<string, Intl.DateTimeFormat>();

/** The zone's UTC offset at `epochMs`, e.g. `+01:00` for Europe/Amsterdam in winter. */
export function zoneOffset(epochMs: number, timeZone: string): string {
	let format = formats.get(timeZone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
		formats.set(timeZone, format);
	}
	const name =
		format.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
	return /GMT([+-]\d{2}:\d{2})/.exec(name)?.[1] ?? '+00:00';
}

function offsetMinutes(offset: string): number {
	const sign = offset.startsWith('-') ? -1 : 1;
	const [h, m] = offset.slice(1).split(':').map(Number);
	return sign * ((h ?? 0) * 60 + (m ?? 0));
}

/** `2017-02-09T12:39:48+01:00` */
export function zonedDateTime(epochMs: number, timeZone: string): string {
	const offset = zoneOffset(epochMs, timeZone);
	return `${new Date(epochMs + offsetMinutes(offset) * 60_000).toISOString().slice(0, 19)}${offset}`;
}

/** `2017-02-09T12:39:48` (local, no offset) */
export function localDateTime(epochMs: number, timeZone: string): string {
	return zonedDateTime(epochMs, timeZone).slice(0, 19);
}

/** `2017-02-09T11:39:48` (UTC, no offset, no milliseconds) */
export function utcDateTime(epochMs: number): string {
	return new Date(epochMs).toISOString().slice(0, 19);
}

/** `2017-02-09 11:39:48` (UTC, as Magento prints) */
export function sqlDateTime(epochMs: number): string {
	return utcDateTime(epochMs).replace('T', ' ');
}
