import type { Rng } from '../random.js';

/**
 * Deterministic, realistic-looking people for the demo account. Every value comes from the seeded RNG,
 * so two demo sandboxes hold the same contacts (apart from generated ids).
 */
const FIRST = [
  'Ava',
  'Liam',
  'Maya',
  'Noah',
  'Zoe',
  'Ethan',
  'Aria',
  'Lucas',
  'Nora',
  'Mateo',
  'Ines',
  'Omar',
  'Priya',
  'Jonas',
  'Keiko',
  'Diego',
  'Lena',
  'Samir',
  'Chloe',
  'Tomas',
  'Hana',
  'Felix',
  'Rosa',
  'Malik',
  'Elif',
  'Owen',
  'Yara',
  'Bruno',
  'Sofia',
  'Arjun',
];
const LAST = [
  'Walker',
  'Okafor',
  'Lindqvist',
  'Moreau',
  'Tanaka',
  'Silva',
  'Kowalski',
  'Haddad',
  'Novak',
  'Fischer',
  'Reyes',
  'Chen',
  'Patel',
  'Murphy',
  'Rossi',
  'Nguyen',
  'Schmidt',
  'Garcia',
  'Cohen',
  'Larsen',
  'Ibrahim',
  'Dubois',
  'Kim',
  'Brennan',
  'Alvarez',
];
const COMPANIES = [
  'Northwind Outfitters',
  'Bluebird Bakery',
  'Summit Dental',
  'Harbor Yoga Studio',
  'Cedar & Pine Realty',
  'Lumen Analytics',
  'Riverbend Books',
  'Copperleaf Cafe',
  'Atlas Fitness',
  'Greenway Landscaping',
];
const TITLES = [
  'Owner',
  'Marketing Manager',
  'Office Manager',
  'Director of Sales',
  'Founder',
  'Operations Lead',
  'Event Coordinator',
  'Buyer',
];
const CITIES: readonly [string, string, string][] = [
  ['Boston', 'MA', '02108'],
  ['Portland', 'OR', '97205'],
  ['Austin', 'TX', '78701'],
  ['Denver', 'CO', '80202'],
  ['Madison', 'WI', '53703'],
  ['Asheville', 'NC', '28801'],
  ['Burlington', 'VT', '05401'],
  ['Santa Fe', 'NM', '87501'],
];
const STREETS = ['Maple Ave', 'Harbor St', 'Elm Row', 'Main St', 'Cedar Ln', 'Park Blvd', 'Mill Rd', 'Lakeview Dr'];
const PRODUCTS = ['Trail Jacket', 'Sourdough Club', 'Gift Card', 'Annual Membership', 'Starter Kit', 'Workshop Pass'];
const TIERS = ['Bronze', 'Silver', 'Gold'];

export interface DemoPerson {
  email: string;
  first_name: string;
  last_name: string;
  job_title: string;
  company_name: string;
  phone: string;
  mobile: string | undefined;
  street: string;
  city: string;
  state: string;
  zip: string;
  birthday: { month: number; day: number } | undefined;
  favoriteProduct: string;
  loyaltyTier: string;
}

export function demoPerson(rng: Rng, index: number): DemoPerson {
  const first = rng.pick(FIRST);
  const last = rng.pick(LAST);
  const [city, state, zip] = rng.pick(CITIES);
  const digits = (n: number): string => Array.from({ length: n }, () => rng.int(0, 9)).join('');
  return {
    email: `${first}.${last}.${index}@example.com`.toLowerCase(),
    first_name: first,
    last_name: last,
    job_title: rng.pick(TITLES),
    company_name: rng.pick(COMPANIES),
    phone: `${rng.int(200, 989)}-555-${digits(4)}`,
    mobile: rng.chance(0.6) ? `${rng.int(200, 989)}-555-${digits(4)}` : undefined,
    street: `${rng.int(1, 2400)} ${rng.pick(STREETS)}`,
    city,
    state,
    zip,
    birthday: rng.chance(0.4) ? { month: rng.int(1, 12), day: rng.int(1, 28) } : undefined,
    favoriteProduct: rng.pick(PRODUCTS),
    loyaltyTier: rng.pick(TIERS),
  };
}
