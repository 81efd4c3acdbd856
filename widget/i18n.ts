import { en, type Messages } from './locales/en.ts';
import { fr } from './locales/fr.ts';
import { ptBR } from './locales/pt-BR.ts';
import { sw } from './locales/sw.ts';

export type { Messages };

export const SUPPORTED_LOCALES = ['en', 'pt-BR', 'sw', 'fr'] as const;

/** Every locale the element speaks, by tag: the built-in ones and those an integrator registered. */
const locales = new Map<string, Messages>([
  ['en', en],
  ['pt-BR', ptBR],
  ['sw', sw],
  ['fr', fr],
]);

/**
 * Adds a locale, or changes some strings of one (a built-in one too): `messages` go over what the
 * tag already has, else over English, so a new locale may start with a few strings. The tag then
 * takes part in `resolveLocale` like the built-in ones, and elements already shown draw again.
 */
export function registerLocale(tag: string, messages: Partial<Messages>): void {
  const known = [...locales.keys()].find((key) => key.toLowerCase() === tag.toLowerCase());
  locales.set(known ?? tag, { ...(locales.get(known ?? tag) ?? en), ...messages });
  for (const listener of listeners) listener();
}

const listeners = new Set<() => void>();

/** Calls `listener` after every `registerLocale`, until the returned function is called. */
export function onLocalesChanged(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * The closest locale the element speaks: a registered tag exactly, else its language (`fr-CI` → fr,
 * `sw-TZ` → sw), else Portuguese as pt-BR (`pt-PT` → pt-BR), else en.
 */
export function resolveLocale(requested: string | null | undefined): string {
  const tag = (requested ?? '').toLowerCase();
  const language = tag.split('-')[0];
  const keys = [...locales.keys()];
  const found = keys.find((key) => key.toLowerCase() === tag) ?? keys.find((key) => key.toLowerCase() === language);
  if (found) return found;
  return language === 'pt' ? 'pt-BR' : 'en';
}

export function messagesFor(locale: string | null | undefined): Messages {
  return locales.get(resolveLocale(locale)) ?? en;
}
