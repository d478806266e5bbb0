// Interface language: loads /i18n/<lang>.json, looks strings up with t(key, vars), remembers the choice.
// Every string a person reads goes through t(); names from the server go through localName().

export const LANGUAGES = ['en', 'hi'];
const STORAGE_KEY = 'ky_lang';
const dictionaries = new Map();
let current = 'en';

/** The language chosen before (localStorage), else the browser's if we speak it, else English. */
export function preferredLanguage() {
  let stored = null;
  try { stored = localStorage.getItem(STORAGE_KEY); } catch (_) { /* storage blocked */ }
  if (LANGUAGES.includes(stored)) return stored;
  const browser = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return LANGUAGES.includes(browser) ? browser : 'en';
}

async function load(lang) {
  if (dictionaries.has(lang)) return dictionaries.get(lang);
  const res = await fetch(`/i18n/${lang}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`i18n/${lang}.json: HTTP ${res.status}`);
  const dict = await res.json();
  dictionaries.set(lang, dict);
  return dict;
}

/** Makes `lang` current: loads its strings, sets <html lang>, stores the choice. Throws if the file fails. */
export async function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) lang = 'en';
  await load(lang);
  current = lang;
  document.documentElement.lang = lang;
  try { localStorage.setItem(STORAGE_KEY, lang); } catch (_) { /* storage blocked: choice lasts this page */ }
}

export function language() {
  return current;
}

/** The locale for Intl formatting of dates and numbers. */
export function locale() {
  return current === 'hi' ? 'hi-IN' : 'en-IN';
}

export function has(key) {
  const dict = dictionaries.get(current);
  return Boolean(dict && Object.prototype.hasOwnProperty.call(dict, key));
}

/** The string for `key` with {name} placeholders filled from `vars`; the key itself if it is missing. */
export function t(key, vars) {
  const dict = dictionaries.get(current) || {};
  const text = Object.prototype.hasOwnProperty.call(dict, key) ? dict[key] : key;
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A record's name in the current language: `name_hi` in Hindi when the record has one, else `name`. */
export function localName(record) {
  if (!record) return '';
  if (current === 'hi' && record.name_hi) return record.name_hi;
  return record.name || '';
}
