import type { Random } from '../core/random.mts';

/** Customers and addresses for NL and BE, deliberately full of what breaks naive code: diacritics, ligatures,
 * apostrophes, Turkish and Polish letters, house-number extensions, pickup points. */

export type CountryCode = 'NL' | 'BE';
export type Salutation = 'MALE' | 'FEMALE' | 'UNKNOWN';

export interface Person {
	salutation: Salutation;
	firstName: string;
	surname: string;
	email: string;
	phone: string;
	company?: string;
	vatNumber?: string;
	kvkNumber?: string;
	language: 'nl' | 'nl-BE' | 'fr' | 'fr-BE';
}

export interface Address {
	streetName: string;
	houseNumber: string;
	houseNumberExtension?: string;
	extraAddressInformation?: string;
	zipCode: string;
	city: string;
	countryCode: CountryCode;
}

export interface PickupPoint extends Address {
	name: string;
}

const FIRST_NAMES: ReadonlyArray<readonly [string, Salutation]> = [
	['Zoë', 'FEMALE'],
	['Çağlar', 'MALE'],
	['Anouk', 'FEMALE'],
	['Jérôme', 'MALE'],
	['Noël', 'MALE'],
	['Fleur', 'FEMALE'],
	['Daan', 'MALE'],
	['Siobhán', 'FEMALE'],
	['Łukasz', 'MALE'],
	['Renée', 'FEMALE'],
	['Bram', 'MALE'],
	['Ömer', 'MALE'],
	['Chloë', 'FEMALE'],
	['Thijs', 'MALE'],
	['Inès', 'FEMALE'],
	['Maëlle', 'FEMALE'],
	['Søren', 'MALE'],
	['Aïcha', 'FEMALE'],
	['Kim', 'UNKNOWN'],
	['Robin', 'UNKNOWN'],
];

const SURNAMES = [
	'Ørsted-Müller',
	'de Vries',
	'van den Berg',
	'Jansen',
	'Peeters',
	'Janssens',
	'Yılmaz',
	'El Amrani',
	'Dubois',
	'Van Damme',
	"'t Hart",
	'Özdemir',
	'Kowalczyk',
	'Bakker',
	'Lambrechts',
	'Vermeulen',
	'Smits',
	'Nguyễn',
	'Gonçalves',
	"D'Hondt",
];

const COMPANIES = [
	'Bakkerij Ünal B.V.',
	'Fietsenmakerij De Ĳzeren Ros',
	'Brasserie Chez Hélène BV',
	'Studio Ærø VOF',
];

interface CityInfo {
	city: string;
	zipPrefixes: string[];
	streets: string[];
}

const CITIES: Record<CountryCode, CityInfo[]> = {
	NL: [
		{
			city: 'Amsterdam',
			zipPrefixes: ['1011', '1017', '1054', '1071'],
			streets: ['Keizersgracht', 'Overtoom', 'Ĳburglaan'],
		},
		{
			city: 'Utrecht',
			zipPrefixes: ['3511', '3521', '3581'],
			streets: ['Oudegracht', 'Biltstraat', 'Twijnstraat'],
		},
		{
			city: 'Rotterdam',
			zipPrefixes: ['3011', '3024', '3062'],
			streets: ['Coolsingel', 'Witte de Withstraat'],
		},
		{
			city: "'s-Hertogenbosch",
			zipPrefixes: ['5211', '5223'],
			streets: ['Hinthamerstraat', 'Orthenseweg'],
		},
		{ city: 'Groningen', zipPrefixes: ['9711', '9726'], streets: ['Grote Markt', 'Herestraat'] },
		{
			city: 'Maastricht',
			zipPrefixes: ['6211', '6221'],
			streets: ['Rechtstraat', 'Tongersestraat'],
		},
	],
	BE: [
		{
			city: 'Antwerpen',
			zipPrefixes: ['2000', '2018', '2060'],
			streets: ['Meir', 'De Keyserlei', 'Sint-Jansvliet'],
		},
		{
			city: 'Gent',
			zipPrefixes: ['9000', '9050'],
			streets: ['Sint-Pietersnieuwstraat', 'Korenmarkt'],
		},
		{
			city: 'Bruxelles',
			zipPrefixes: ['1000', '1050'],
			streets: ['Rue de la Loi', 'Chaussée de Waterloo', 'Rue Haute'],
		},
		{
			city: 'Liège',
			zipPrefixes: ['4000', '4020'],
			streets: ['Rue Saint-Gilles', 'Quai de la Batte'],
		},
		{ city: 'Leuven', zipPrefixes: ['3000', '3010'], streets: ['Naamsestraat', 'Tiensestraat'] },
	],
};

const NL_EXTENSIONS = ['A', 'B', 'bis', '2hg', '-3', 'III', 'zw'];
const BE_EXTENSIONS = ['bus 5', 'bte 12', 'B', '/101'];

const PICKUP_POINTS: Record<CountryCode, string[]> = {
	NL: [
		'Albert Heijn: UTRECHT',
		'PostNL-punt Primera Oudegracht',
		'DHL ServicePoint Bruna',
		'Jumbo pakketpunt Zuid',
	],
	BE: [
		'bpost punt Carrefour Express Gent',
		'Point Poste Delhaize Bruxelles',
		'PostNL-punt Standaard Boekhandel',
	],
};

function fold(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9]+/g, '')
		.toLowerCase();
}

export function generateAddress(random: Random, countryCode: CountryCode): Address {
	const info = random.pick(CITIES[countryCode]);
	const zipCode =
		countryCode === 'NL'
			? `${random.pick(info.zipPrefixes)}${random.chars(2, 'ABCDEGHJKLMNPRSTVWXZ')}`
			: random.pick(info.zipPrefixes);
	const address: Address = {
		streetName: random.pick(info.streets),
		houseNumber: String(random.int(1, 240)),
		zipCode,
		city: info.city,
		countryCode,
	};
	if (random.chance(0.3))
		address.houseNumberExtension = random.pick(
			countryCode === 'NL' ? NL_EXTENSIONS : BE_EXTENSIONS,
		);
	if (random.chance(0.08))
		address.extraAddressInformation = random.pick([
			'Achterom',
			'Appartement 4',
			'Bel aan bij de buren',
		]);
	return address;
}

export function generatePickupPoint(random: Random, countryCode: CountryCode): PickupPoint {
	return {
		...generateAddress(random, countryCode),
		houseNumberExtension: undefined,
		name: random.pick(PICKUP_POINTS[countryCode]),
	};
}

export function generatePerson(random: Random, countryCode: CountryCode): Person {
	const [firstName, salutation] = random.pick(FIRST_NAMES);
	const surname = random.pick(SURNAMES);
	const person: Person = {
		salutation,
		firstName,
		surname,
		email: `${fold(firstName)}.${fold(surname)}.${random.chars(6, 'abcdefghijklmnopqrstuvwxyz0123456789')}@verkopen.test2.bol.com`,
		phone: countryCode === 'NL' ? `06${random.digits(8)}` : `04${random.digits(8)}`,
		language: countryCode === 'NL' ? 'nl' : random.pick(['nl-BE', 'fr-BE'] as const),
	};
	if (random.chance(0.1)) {
		person.company = random.pick(COMPANIES);
		person.vatNumber = countryCode === 'NL' ? `NL${random.digits(9)}B01` : `BE0${random.digits(9)}`;
		if (countryCode === 'NL') person.kvkNumber = random.digits(8);
	}
	return person;
}
