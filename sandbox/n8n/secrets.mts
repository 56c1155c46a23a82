/**
 * Credential data must never reach a log line, an error message or a test report. Every piece of text the
 * harness prints or throws that came from n8n passes through `SecretRedactor.redact`.
 */
import { isSecretKey, REDACTED, redactString } from '../../nodes/shared/redact';

const SECRET_FIELD = /secret|password|token|api[_-]?key|private[_-]?key|signature/i;
const MIN_SECRET_LENGTH = 4;

export class SecretRedactor {
	private readonly values = new Set<string>();

	/** Remembers every secret-looking field of a credential's data (clientSecret, apiKey, password, ...). */
	addCredentialData(data: Record<string, unknown>): void {
		for (const [key, value] of Object.entries(data)) {
			if (typeof value === 'string' && (isSecretKey(key) || SECRET_FIELD.test(key)))
				this.add(value);
		}
	}

	add(value: string): void {
		if (value.length >= MIN_SECRET_LENGTH) this.values.add(value);
	}

	redact(text: string): string {
		let result = text;
		// longest first, so a secret that contains another one is replaced whole
		for (const value of [...this.values].sort((a, b) => b.length - a.length)) {
			result = result.split(value).join(REDACTED);
		}
		return redactString(result);
	}
}
