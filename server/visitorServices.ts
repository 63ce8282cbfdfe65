/**
 * @module visitorServices: the visitor's side of an installation, composed once: the language bridge,
 * moderation, originality (copied lines and their poems), glosses and pinyin for the verse loop; the kiosk's
 * own requests (its settings, pinyin candidates, idea sparks); and each verse's take-away code, stored in the
 * archive and sent, with a QR code of its page on the installation's LAN address, to the kiosks that submitted
 * its prompt only (attract and performer verses are on the wall for everyone, but nobody's to take home).
 *
 * The tables load on first use, not at start (measured on the 2-core machine: bridge and pinyin table about
 * 0.5 s and 30 MB, glosses 0.2 s, source index 0.13 s and 20 MB), and `warm()` loads them while the model loads.
 */
import QRCode from 'qrcode';
import { publicBaseUrl } from './publicUrl.ts';
import type { Server } from 'socket.io';
import type { Archive } from '../engine/archive.ts';
import type { Clock } from '../engine/clock.ts';
import type { Emitter } from '../engine/emitter.ts';
import { LineAnnotator } from '../engine/annotate/lineAnnotator.ts';
import { LanguageBridge } from '../engine/bridge/languageBridge.ts';
import type { LineJudge, LineVerdict } from '../engine/lineJudge.ts';
import { logger } from '../engine/log.ts';
import type { ModelInfo } from '../engine/modelRegistry.ts';
import { Moderator, type ModerationDecision, type ModeratorOptions } from '../engine/moderation/moderator.ts';
import { Originality } from '../engine/originality/originality.ts';
import { IdeaSparks } from '../engine/sparks/ideaSparks.ts';
import { modeFromShape, promptModesOf } from '../engine/promptModes.ts';
import { createVisitorHooks, type VisitorHooks } from '../engine/visitor/visitorHooks.ts';
import type { VerseLoopEvents } from '../engine/verseLoopEvents.ts';
import type { ClientToServerEvents, KioskInfo, ServerToClientEvents, VerseLine } from '../protocol/events.ts';
import { promptRoom } from './promptStatus.ts';
import { newVerseCode, serveVersePage, type VersePageRecord } from './versePage.ts';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const log = logger('server:visitor');

/** Kiosk requests this module answers (the stream hub routes them here). */
export type KioskRequest = 'kiosk:hello' | 'pinyin:candidates' | 'sparks:get';

export interface VisitorConfig {
  moderation: Pick<ModeratorOptions, 'words' | 'defaults' | 'prompt' | 'line'>;
  originality: { copied: 'mark' | 'redraft' };
  kiosk: { idleSeconds: number; publicUrl?: string; examples?: string[]; language?: string; messages?: Record<string, unknown>; attractCodes?: boolean };
}

export interface VisitorOptions {
  config: VisitorConfig;
  model: ModelInfo;
  corpus: { has(line: string): boolean } | null;
  archive: Archive;
  onModeration?: (d: ModerationDecision) => void;
  onCopied?: () => void;
  /** A drafted line was refused by a judge (it is written again). */
  onRedraft?: (judge: string) => void;
  /** The installation's clock (idea sparks follow the season and the hour). */
  clock: Clock;
}

const EXAMPLES: Record<string, string[]> = {
  zh: ['秋风', '明月', 'autumn wind over the river', '江雪', 'the moon over the mountains', 'ming yue'],
  en: ['the sea at night', 'a letter never sent', 'autumn wind over the river', 'the first snow'],
};

export interface Visitor {
  readonly hooks: VisitorHooks;
  /** LineJudges the drafter asks (only those configured to redraft). */
  readonly judges: LineJudge[];
  handleKiosk(event: KioskRequest, payload: { text?: string }): Record<string, unknown>;
  /** Gives each finished verse a code and tells the kiosks that submitted its prompt. */
  attach(events: Emitter<VerseLoopEvents>, io: Server<ClientToServerEvents, ServerToClientEvents>, port: () => number): () => void;
  /** Answers `/v/<code>` (true), or leaves the route to others (false). */
  page(route: string, res: ServerResponse): boolean;
  /** Loads the tables now (call while the model loads). */
  warm(): void;
  /** Gloss and pinyin of a line (Chinese models), for the machine's other drafts. */
  annotate(line: string): { gloss?: string; pinyin?: string } | null;
  /** A visitor's own line as it may be written (throws `INKVERSE_E_PROMPT_MODERATED` like a prompt). */
  moderateLine(text: string): string;
}

function lazy<T>(make: () => T): () => T {
  let v: { value: T } | null = null;
  return () => (v ??= { value: make() }).value;
}

/** The line judges configured to redraft, each logging and counting what it refuses. */
function redraftJudges(o: VisitorOptions, moderator: Moderator, originality: () => Originality): LineJudge[] {
  const counted = (judge: LineJudge['name'], verdict: (l: string) => LineVerdict): LineJudge => ({
    name: judge,
    judge(line) {
      const v = verdict(line);
      if (!v.ok) (log.info({ judge, line, detail: v.detail }, 'line refused; redrafting'), o.onRedraft?.(judge));
      return v;
    },
  });
  return [
    ...(o.config.moderation.line === 'redraft' ? [counted('moderation', (l) => moderator.judge(l))] : []),
    ...(o.config.originality.copied === 'redraft' ? [counted('originality', (l) => originality().judge(l))] : []),
  ];
}

/** Gives each finished verse a take-away code and sends it, with a QR code, to the kiosks that asked for it. */
function attachVerseCodes(o: VisitorOptions, events: Emitter<VerseLoopEvents>, io: Server<ClientToServerEvents, ServerToClientEvents>, port: () => number): () => void {
  const archive = o.archive;
  const lines = new Map<string, VerseLine[]>();
  const themes = new Map<string, string | undefined>();
  const offs = [
    // Attract verses get no code unless configured: nobody takes them home, and every code is one more to guess.
    events.on('verse:start', (s) => (s.source === 'attract' && !o.config.kiosk.attractCodes) || (lines.set(s.id, []), themes.set(s.id, s.theme))),
    events.on('verse:line', (l) => lines.get(l.id)?.push(l)),
    events.on('verse:end', (end) => {
      const mine = lines.get(end.id);
      const theme = themes.get(end.id);
      lines.delete(end.id);
      themes.delete(end.id);
      // Only the kiosks that submitted this verse's prompt hear its code (a code opens the visitor's page).
      const kiosks = io.of('/kiosk');
      const room = promptRoom(end.id);
      const release = (): void => kiosks.in(room).socketsLeave(room);
      // Cut short and requeued (not archived under its own id): its kiosks hear the code of the verse written again.
      if (!archive.get(end.id)) return end.reason === 'interrupted' ? undefined : release();
      if (!mine || end.reason === 'error') return release();
      const code = newVerseCode();
      const record: VersePageRecord = { ...(theme ? { theme } : {}), lines: mine.map(({ text, gloss, pinyin, copied, source, author }) => ({ text, gloss, pinyin, copied, source, author })) };
      try {
        archive.savePage(code, end.id, record);
      } catch (err) {
        release();
        return log.error({ err, verse: end.id }, 'could not store the take-away page');
      }
      const url = `${publicBaseUrl(o.config.kiosk.publicUrl, port())}/v/${code}`;
      QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' })
        .then((qr) => kiosks.to(room).emit('verse:code', { id: end.id, code, url, qr }))
        .catch((err: unknown) => log.error({ err }, 'could not draw the QR code'))
        .finally(release);
    }),
  ];
  return () => offs.forEach((off) => off());
}

export function createVisitor(o: VisitorOptions): Visitor {
  const zh = o.model.language === 'zh';
  const tokenizer = path.join(o.model.dir, 'tokenizer.json');
  const bridge = lazy(() => (zh ? LanguageBridge.forModel(tokenizer) : null));
  const annotator = lazy(() => (zh ? LineAnnotator.load() : null));
  const originality = lazy(() => (zh ? Originality.forChinese(o.corpus) : new Originality(o.corpus, null)));
  const moderator = new Moderator({ ...o.config.moderation, onDecision: (d) => (log.info(d, 'moderation'), o.onModeration?.(d)) });
  const sparks = lazy(() => new IdeaSparks({ bridge: bridge(), annotator: annotator(), language: o.model.language }));
  const parts = {
    get bridge() { return bridge(); },
    get annotator() { return annotator(); },
    get originality() { return originality(); },
    moderator,
  };
  const base = createVisitorHooks(parts);
  const hooks: VisitorHooks = {
    ...base,
    line(line) {
      const out = base.line(line);
      if (out.copied) o.onCopied?.();
      return out;
    },
  };
  const judges = redraftJudges(o, moderator, originality);
  const info = (): KioskInfo => ({
    idleSeconds: o.config.kiosk.idleSeconds,
    examples: o.config.kiosk.examples ?? EXAMPLES[o.model.language] ?? EXAMPLES.en!,
    language: o.model.language,
    // The running model's verse modes, offered as the kiosk's choices (prompt:submit refuses others).
    modes: promptModesOf(o.model),
    autoMode: modeFromShape(o.model),
    visitorLanguage: o.config.kiosk.language,
    messages: o.config.kiosk.messages as KioskInfo['messages'],
  });
  return {
    hooks,
    judges,
    handleKiosk(event, payload) {
      const text = typeof payload?.text === 'string' ? payload.text : '';
      if (event === 'kiosk:hello') return { ...info() };
      if (event === 'pinyin:candidates') return { candidates: bridge()?.pinyin.candidates(text) ?? [] };
      return { sparks: sparks().sparks(text, new Date(o.clock.now())) };
    },
    page: (route, res) => serveVersePage(o.archive, route, res),
    annotate: (line) => annotator()?.annotate(line) ?? null,
    moderateLine: (text) => moderator.checkPrompt(text),
    attach: (events, io, port) => attachVerseCodes(o, events, io, port),
    warm() {
      setTimeout(() => {
        try {
          bridge();
          annotator();
          originality();
        } catch (err) {
          log.error({ err }, 'could not load the visitor tables');
        }
      }, 0).unref();
    },
  };
}
