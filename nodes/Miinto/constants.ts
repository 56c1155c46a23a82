/**
 * Miinto vocabulary and protocol constants, from Miinto's own SDK (Signer), public clients and integrators' notes
 * (../shared/docs/zalando-miinto-spartoo.md §2). Miinto publishes no OpenAPI spec: every fact no public source shows
 * is marked [unverified] here and nowhere else; the README lists them.
 */

/** The signature scheme of every call (`Miinto-Api-Auth-Type`). */
export const SIGNATURE_SCHEME = 'MNT-HMAC-SHA256-1-0';
/** `Miinto-Api-Control-Flavour`. */
export const CONTROL_FLAVOUR = 'Miinto-Generic';
/**
 * `Miinto-Api-Control-Version` of the Order API calls: clients send 2.2 or 2.6; channel returns need 2.5 or later.
 * The auth service is called with 1.0, as Miinto's own SDK does.
 */
export const ORDER_API_VERSION = '2.6';
export const AUTH_API_VERSION = '1.0';
