/**
 * Miinto vocabulary and protocol constants, from Miinto's own SDK (Signer), public clients and integrators' notes
 * (../shared/docs/zalando-miinto-spartoo.md §2). Miinto publishes no OpenAPI spec: every payload shape no public source
 * shows lives in `unverified.ts` (one module a merchant with Miinto's partner documentation corrects), the hosts no
 * source names are marked [unverified] in `transport/endpoints.ts`; the contract the node implements is
 * `docs/miinto-openapi.derived.yaml` (derived, not official).
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

/** The n8n credential type of every Miinto call. */
export const MIINTO_CREDENTIAL = 'miintoApi';

/** Position prices are integers in minor units: 100 to the currency unit (M-C5 divides by 100; Miinto's markets use
 * currencies of two decimals: DKK, SEK, NOK, EUR, PLN, CHF). */
export const MINOR_UNITS_PER_MAJOR = 100;

/** Transfer and order list filters (`status[]`), as public clients send them (M-C1, M-C5, M-C6). */
export const TRANSFER_PENDING_STATUS = 'pending';
export const ORDER_ACCEPTED_STATUS = 'accepted';
/** Newest first, as every client asks (§2.3, §2.5). */
export const LIST_SORT = '-createdAt';

/** Transfer and position ids are integers (§2.3, §2.4). */
export const NUMERIC_ID = /^\d{1,19}$/;

/** "From List" of the transfer, order and RMA pickers: records per page (one call each). */
export const LIST_PAGE_SIZE = 50;
