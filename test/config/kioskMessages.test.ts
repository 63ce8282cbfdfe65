/** @module kiosk messages config tests: overrides are checked at start-up (known texts, own slots) and templates fill their slots. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../config/loadConfig.ts';
import { messagesFor } from '../../scenes/kiosk/messageOverrides.ts';
import { MESSAGES } from '../../scenes/kiosk/messages.ts';
import { refusalOf } from '../helpers/refusalOf.ts';

const errorOf = (raw: unknown): string => refusalOf(() => parseConfig(raw));

describe('kiosk.messages', () => {
  it('fills templates and keeps shipped texts it does not override', () => {
    const config = parseConfig({ kiosk: { language: 'de', messages: { de: { position: 'Ihr Gedicht ist Nummer {n}.', page: { source: '{poet}: „{title}“' } } } } });
    const de = messagesFor('de', config.kiosk.messages as never);
    expect(de.position(3)).toBe('Ihr Gedicht ist Nummer 3.');
    expect(de.page.source('李白', '静夜思')).toBe('李白: „静夜思“');
    expect(de.submit).toBe(MESSAGES.en.submit);
    expect(messagesFor('zh', config.kiosk.messages as never)).toBe(MESSAGES.zh);
  });

  it('refuses an unknown text, a slot the text does not have, or a bad language code, naming it', () => {
    expect(errorOf({ kiosk: { messages: { fr: { headline: 'x' } } } })).toMatch(/^INKVERSE_E_CONFIG: .*unknown key "kiosk\.messages\.fr\.headline"/);
    expect(errorOf({ kiosk: { messages: { fr: { position: 'numéro {num}' } } } })).toMatch(/^INKVERSE_E_CONFIG: .*"kiosk\.messages\.fr\.position": may use only the slots \{n\}/);
    expect(errorOf({ kiosk: { messages: { French: { heading: 'x' } } } })).toMatch(/^INKVERSE_E_CONFIG: .*a language code such as "fr"/);
  });
});
