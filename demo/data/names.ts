/**
 * Person names by region, so a listener in Seoul is not called Kevin Smith.
 */
import type { Random } from './random.ts';

/** A pool of first and last names. */
export type NameRegion = 'en' | 'de' | 'pt' | 'hi' | 'fr' | 'ja' | 'sv' | 'es' | 'nl' | 'it' | 'ko' | 'ng' | 'pl' | 'za';

/** A person's name in parts. */
export interface PersonName {
  first: string;
  last: string;
}

interface NamePool {
  readonly first: readonly string[];
  readonly last: readonly string[];
}

const POOLS: Readonly<Record<NameRegion, NamePool>> = {
  en: {
    first: ['James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Ethan', 'Sophia', 'Mason', 'Isabella', 'Lucas', 'Mia', 'Owen', 'Harper', 'Caleb', 'Grace', 'Ruby', 'Jack', 'Chloe', 'Dylan', 'Maya', 'Aaron', 'Zoe', 'Nathan'],
    last: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Walker', 'Harris', 'Clarke', 'Lewis', 'Robinson', 'Wright', 'Thompson', 'Hughes', 'Murphy', 'Kelly', 'Bennett', 'Foster', 'Reed', 'Carter', 'Hayes', 'Morgan'],
  },
  de: {
    first: ['Lukas', 'Anna', 'Felix', 'Lena', 'Jonas', 'Marie', 'Leon', 'Sophie', 'Paul', 'Hannah', 'Maximilian', 'Clara', 'Tobias', 'Johanna', 'Moritz', 'Greta'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Hoffmann', 'Schulz', 'Koch', 'Richter', 'Wolf', 'Neumann'],
  },
  pt: {
    first: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Larissa', 'Rafael', 'Camila', 'Thiago', 'Fernanda', 'Matheus', 'Juliana', 'Gustavo', 'Letícia'],
    last: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Rodrigues', 'Lima', 'Carvalho', 'Ribeiro', 'Gomes', 'Barbosa'],
  },
  hi: {
    first: ['Aarav', 'Priya', 'Vivaan', 'Ananya', 'Arjun', 'Diya', 'Rohan', 'Ishita', 'Kabir', 'Meera', 'Aditya', 'Kavya', 'Vikram', 'Sneha', 'Rahul', 'Pooja'],
    last: ['Sharma', 'Patel', 'Gupta', 'Singh', 'Kumar', 'Iyer', 'Reddy', 'Nair', 'Mehta', 'Joshi', 'Chatterjee', 'Rao', 'Das', 'Kapoor'],
  },
  fr: {
    first: ['Louis', 'Chloé', 'Hugo', 'Camille', 'Jules', 'Léa', 'Arthur', 'Manon', 'Gabriel', 'Inès', 'Raphaël', 'Sarah', 'Théo', 'Juliette', 'Nathan', 'Élise'],
    last: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Garnier'],
  },
  ja: {
    first: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Yuto', 'Sakura', 'Kaito', 'Mio', 'Riku', 'Yuna', 'Daiki', 'Akari', 'Kenta', 'Nanami'],
    last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada', 'Sasaki', 'Matsumoto'],
  },
  sv: {
    first: ['Erik', 'Elsa', 'Oskar', 'Astrid', 'William', 'Maja', 'Axel', 'Ebba', 'Hugo', 'Alva', 'Nils', 'Freja', 'Viktor', 'Linnea', 'Gustav', 'Saga'],
    last: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Lindqvist', 'Berg', 'Lindström'],
  },
  es: {
    first: ['Mateo', 'Lucía', 'Santiago', 'Sofía', 'Diego', 'Valentina', 'Alejandro', 'Camila', 'Javier', 'Martina', 'Pablo', 'Daniela', 'Carlos', 'Elena', 'Andrés', 'Paula'],
    last: ['García', 'Rodríguez', 'Martínez', 'López', 'Hernández', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Torres', 'Flores', 'Romero', 'Navarro', 'Morales'],
  },
  nl: {
    first: ['Daan', 'Emma', 'Sem', 'Julia', 'Lars', 'Tess', 'Bram', 'Fleur', 'Thijs', 'Sanne', 'Jesse', 'Lotte', 'Ruben', 'Noor', 'Stijn', 'Femke'],
    last: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'Bos', 'Vos'],
  },
  it: {
    first: ['Francesco', 'Giulia', 'Alessandro', 'Chiara', 'Lorenzo', 'Martina', 'Matteo', 'Giorgia', 'Leonardo', 'Sara', 'Riccardo', 'Alessia', 'Marco', 'Francesca', 'Davide', 'Elisa'],
    last: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'Costa'],
  },
  ko: {
    first: ['Min-jun', 'Seo-yeon', 'Ji-ho', 'Ha-eun', 'Do-yun', 'Ji-woo', 'Joon-young', 'Soo-ah', 'Hyun-woo', 'Yuna', 'Tae-hyung', 'Da-eun', 'Sung-min', 'Eun-ji'],
    last: ['Kim', 'Lee', 'Park', 'Choi', 'Jung', 'Kang', 'Cho', 'Yoon', 'Jang', 'Lim', 'Han', 'Shin'],
  },
  ng: {
    first: ['Chinedu', 'Ngozi', 'Oluwaseun', 'Adaeze', 'Emeka', 'Funmilayo', 'Tunde', 'Chiamaka', 'Ifeanyi', 'Yetunde', 'Babajide', 'Amaka', 'Segun', 'Zainab', 'Obinna', 'Temitope'],
    last: ['Okafor', 'Adeyemi', 'Okonkwo', 'Balogun', 'Eze', 'Ogunleye', 'Nwosu', 'Afolabi', 'Ibrahim', 'Okeke', 'Bello', 'Adebayo', 'Onyeka', 'Oyelaran'],
  },
  pl: {
    first: ['Jakub', 'Zuzanna', 'Kacper', 'Julia', 'Szymon', 'Maja', 'Michał', 'Zofia', 'Łukasz', 'Aleksandra', 'Mateusz', 'Natalia', 'Wojciech', 'Karolina', 'Piotr', 'Agnieszka'],
    last: ['Nowak', 'Kowalski', 'Wiśniewski', 'Wójcik', 'Kowalczyk', 'Kamiński', 'Lewandowski', 'Zieliński', 'Szymański', 'Woźniak', 'Dąbrowski', 'Mazur'],
  },
  za: {
    first: ['Thabo', 'Lerato', 'Sipho', 'Naledi', 'Pieter', 'Anika', 'Kagiso', 'Zanele', 'Johan', 'Nomvula', 'Bongani', 'Palesa', 'Ruan', 'Thandiwe', 'Lwazi', 'Karabo'],
    last: ['Nkosi', 'Dlamini', 'van der Merwe', 'Botha', 'Mokoena', 'Naidoo', 'Khumalo', 'Pretorius', 'Ndlovu', 'Mahlangu', 'Venter', 'Molefe'],
  },
};

/** A person's name typical of a region. */
export function pickPersonName(random: Random, region: NameRegion): PersonName {
  const pool = POOLS[region];
  return { first: random.pick(pool.first), last: random.pick(pool.last) };
}

// Letters that Unicode normalization does not decompose into a base letter.
const TRANSLITERATIONS: Readonly<Record<string, string>> = { ł: 'l', ø: 'o', ß: 'ss', æ: 'ae', œ: 'oe', đ: 'd' };

// Unicode normalization is slow and names repeat; the pools bound this cache to a few hundred entries.
const SLUGS = new Map<string, string>();

/** A name reduced to lowercase ASCII letters, fit for an email's local part. */
export function asciiSlug(text: string): string {
  let slug = SLUGS.get(text);
  if (slug === undefined) {
    slug = text
      .toLowerCase()
      .replace(/[łøßæœđ]/g, (letter) => TRANSLITERATIONS[letter] ?? '')
      .normalize('NFD')
      .replace(/[^a-z0-9]/g, '');
    if (SLUGS.size < 10_000) SLUGS.set(text, slug);
  }
  return slug;
}
