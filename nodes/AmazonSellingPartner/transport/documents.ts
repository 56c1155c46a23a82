/**
 * Feed and report documents live in S3 behind pre-signed URLs. Amazon may GZIP them (`compressionAlgorithm`) and
 * writes flat-file reports in the marketplace's charset (often windows-1252 in Europe), named in `Content-Type`.
 * Both are handled with web-standard APIs (DecompressionStream, TextDecoder): no Node built-ins.
 */

export function toBytes(body: unknown): Uint8Array {
	if (body instanceof Uint8Array) return body;
	if (body instanceof ArrayBuffer) return new Uint8Array(body);
	if (ArrayBuffer.isView(body))
		return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
	if (typeof body === 'string') return new TextEncoder().encode(body);
	if (body === undefined || body === null) return new Uint8Array();
	return new TextEncoder().encode(JSON.stringify(body));
}

export async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([bytes.slice()]).stream().pipeThrough(new DecompressionStream('gzip'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The charset of a Content-Type header; UTF-8 when none is named or it is unknown. */
export function charsetOf(contentType: unknown): string {
	const match = /charset\s*=\s*"?([\w.:-]+)"?/i.exec(String(contentType ?? ''));
	const charset = match?.[1]?.toLowerCase() ?? 'utf-8';
	try {
		new TextDecoder(charset);
		return charset;
	} catch {
		return 'utf-8';
	}
}

export async function documentText(
	body: unknown,
	compression: string | undefined,
	contentType: unknown,
): Promise<string> {
	let bytes = toBytes(body);
	const gzipped = bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
	if (compression === 'GZIP' || gzipped) bytes = await gunzip(bytes);
	return new TextDecoder(charsetOf(contentType)).decode(bytes).replace(/^\uFEFF/, '');
}
