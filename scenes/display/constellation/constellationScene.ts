/**
 * @module constellationScene: tokens become stars, lines become constellations. Each token's star is born
 * with a flash where its line's constellation walks next; the model's entropy at that token sets how far
 * the star drifts, how cold its colour and how much it flickers (certain tokens burn steady). When a new
 * verse begins the old constellation stays in the sky and fades out slowly; an ended verse lingers.
 */
import { AdditiveBlending, BufferAttribute, BufferGeometry, LineSegments, OrthographicCamera, Points, Scene, ShaderMaterial, Vector2, Vector3, type WebGLRenderTarget } from 'three';
import { seededRng } from '../../../engine/rng.ts';
import type { Seconds } from '../../../protocol/paramSpec.ts';
import { SCENES } from '../../sceneRegistry.ts';
import { VISITOR_INK } from '../../ui/visitorInk.ts';
import { GlyphAtlas } from '../glyphAtlas.ts';
import type { SceneContext, SceneModule } from '../sceneModule.ts';
import { LABEL_FRAG, LABEL_VERT, LINE_FRAG, LINE_VERT, SKY_FRAG, SKY_VERT, STAR_FRAG, STAR_VERT } from './skyShaders.ts';
import { anchors, hashString, walk } from './starChart.ts';

const DEF = SCENES.find((s) => s.name === 'constellation')!;
/** Stars one verse can hold; a verse longer than this keeps its first stars. */
const CAPACITY = 512;
const SKY_STARS = 1400;
/** Seconds an old verse's constellation takes to fade once the next verse begins. */
const HANDOVER: Seconds = 12;
/** Entropy (bits) at which a star counts as fully uncertain. */
const ENTROPY_FULL = 5;
const HAN = /\p{Script=Han}/u;

interface Constellation {
  id: string;
  group: Scene;
  stars: BufferGeometry;
  lines: BufferGeometry;
  labels: BufferGeometry;
  materials: ShaderMaterial[];
  count: number;
  segments: number;
  text: string;
  /** Line index and the seq of the last token placed. */
  lastSeq: number;
  lastOfLine: Map<number, { x: number; y: number; entropy: number; seed: number }>;
  /** Labels whose font slice was still loading: star index -> character. */
  pendingLabels: Map<number, string>;
  /** Stars placed per line so far (the walk's next step). */
  inLine: Map<number, number>;
  /** When the next verse began (the fade-out starts), or null while it is the current one. */
  retiredAt: Seconds | null;
  /** The star each link ends on. */
  segmentEnd: number[];
  /** Lines known to be the visitor's own (their stars are marked). */
  visitorLines: Set<number>;
}

class ConstellationScene implements SceneModule {
  readonly name = DEF.name;
  readonly params = DEF.params;
  #ctx!: SceneContext;
  #scene = new Scene();
  #camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  #atlas!: GlyphAtlas;
  #sky!: ShaderMaterial;
  #current: Constellation | null = null;
  #old: Constellation[] = [];

  mount(ctx: SceneContext): void {
    this.#ctx = ctx;
    this.#atlas = new GlyphAtlas(ctx.fonts);
    ctx.track.add(this.#atlas.texture);
    const rng = seededRng(ctx.seed);
    const pos = new Float32Array(SKY_STARS * 3);
    const seeds = new Float32Array(SKY_STARS);
    for (let i = 0; i < SKY_STARS; i++) {
      pos.set([rng(), rng(), rng() ** 4], i * 3);
      seeds[i] = rng();
    }
    const sky = ctx.track.add(new BufferGeometry());
    sky.setAttribute('position', new BufferAttribute(pos, 3));
    sky.setAttribute('aSeed', new BufferAttribute(seeds, 1));
    this.#sky = ctx.track.add(this.#material(SKY_VERT, SKY_FRAG));
    const points = new Points(sky, this.#sky);
    points.frustumCulled = false;
    this.#scene.add(points);
  }

  #material(vertexShader: string, fragmentShader: string): ShaderMaterial {
    return new ShaderMaterial({
      vertexShader,
      fragmentShader,
      uniforms: {
        uTime: { value: 0 },
        uDrift: { value: 1 },
        uFade: { value: 1 },
        uGlow: { value: 1 },
        uView: { value: new Vector2(1, 1) },
        uAtlas: { value: this.#atlas.texture },
        uGrid: { value: this.#atlas.grid },
        uVisitor: { value: new Vector3(...VISITOR_INK.onDark.rgb) },
      },
      transparent: true,
      depthTest: false,
      depthWrite: false,
      blending: AdditiveBlending,
    });
  }

  #constellation(id: string): Constellation {
    const t = this.#ctx.track;
    const geometry = (sizes: Record<string, number>, vertices: number): BufferGeometry => {
      const g = t.add(new BufferGeometry());
      for (const [name, size] of Object.entries(sizes)) g.setAttribute(name, new BufferAttribute(new Float32Array(vertices * size), size));
      g.setDrawRange(0, 0);
      return g;
    };
    const attrs = { position: 3, aEntropy: 1, aSeed: 1, aBorn: 1, aVisitor: 1 };
    const stars = geometry(attrs, CAPACITY);
    const lines = geometry(attrs, CAPACITY * 2);
    const labels = geometry({ ...attrs, aCell: 1 }, CAPACITY);
    const materials = [t.add(this.#material(LINE_VERT, LINE_FRAG)), t.add(this.#material(STAR_VERT, STAR_FRAG)), t.add(this.#material(LABEL_VERT, LABEL_FRAG))];
    const group = new Scene();
    const objects = [new LineSegments(lines, materials[0]), new Points(stars, materials[1]), new Points(labels, materials[2])];
    for (const o of objects) o.frustumCulled = false;
    group.add(...objects);
    this.#scene.add(group);
    return { id, group, stars, lines, labels, materials, count: 0, segments: 0, text: '', lastSeq: -1, lastOfLine: new Map(), inLine: new Map(), pendingLabels: new Map(), retiredAt: null, segmentEnd: [], visitorLines: new Set() };
  }

  update(_dt: Seconds, elapsed: Seconds): void {
    const ctx = this.#ctx;
    const v = ctx.verse;
    if (v.id && v.id !== this.#current?.id) {
      if (this.#current) {
        this.#current.retiredAt = elapsed;
        this.#old.push(this.#current);
      }
      this.#current = this.#constellation(v.id);
    }
    if (this.#current) {
      this.#labelPending(this.#current);
      this.#place(this.#current, elapsed);
      this.#markVisitors(this.#current);
    }
    const { width, height } = ctx.size();
    const p = ctx.params;
    const presence = ctx.presence(elapsed);
    for (const c of [...this.#old, ...(this.#current ? [this.#current] : [])]) {
      const fade = c.retiredAt === null ? presence : Math.max(0, 1 - (elapsed - c.retiredAt) / HANDOVER) * 0.6;
      if (c.retiredAt !== null && fade <= 0) {
        this.#release(c);
        continue;
      }
      c.materials.forEach((m, i) => {
        m.uniforms.uTime!.value = elapsed;
        m.uniforms.uDrift!.value = Number(p.drift);
        m.uniforms.uGlow!.value = Number(p.glow);
        m.uniforms.uFade!.value = i === 2 && !p.labels ? 0 : fade;
        (m.uniforms.uView!.value as Vector2).set(width, height);
      });
    }
    this.#sky.uniforms.uTime!.value = elapsed;
    (this.#sky.uniforms.uView!.value as Vector2).set(width, height);
  }

  /** Adds a star for every token not yet placed (whitespace makes none). */
  #place(c: Constellation, elapsed: Seconds): void {
    const tokens = this.#ctx.verse.tokens();
    if (!tokens.length || tokens[tokens.length - 1]!.seq <= c.lastSeq) return;
    const { width, height } = this.#ctx.size();
    const aspect = width / Math.max(1, height);
    const lineCount = Math.max(4, ...tokens.map((t) => t.line + 1));
    const starts = anchors(this.#ctx.seed, c.id, lineCount, aspect);
    for (const t of tokens) {
      if (t.seq <= c.lastSeq) continue;
      c.lastSeq = t.seq;
      for (const ch of t.text) {
        if (!ch.trim() || c.count >= CAPACITY) continue;
        const index = [...c.text].length;
        const inLine = c.inLine.get(t.line) ?? 0;
        c.inLine.set(t.line, inLine + 1);
        const path = walk(this.#ctx.seed, c.id, t.line, starts[t.line % starts.length]!, inLine + 1, aspect);
        const at = path[path.length - 1]!;
        const entropy = Math.min(1, (t.entropy ?? 1.5) / ENTROPY_FULL);
        const seed = seededRng(hashString(c.id) + index)();
        const punct = /[\p{P}]/u.test(ch);
        const size = punct ? 0.35 : 1;
        this.#write(c.stars, c.count, at.x, at.y, size, entropy, seed, elapsed);
        this.#write(c.labels, c.count, at.x, at.y, 1, entropy, seed, elapsed);
        const cell = HAN.test(ch) ? this.#atlas.cell(ch) : -1;
        (c.labels.getAttribute('aCell') as BufferAttribute).setX(c.count, cell);
        if (cell < 0 && HAN.test(ch)) c.pendingLabels.set(c.count, ch);
        const prev = c.lastOfLine.get(t.line);
        if (prev && !punct && c.segments < CAPACITY) {
          this.#write(c.lines, c.segments * 2, prev.x, prev.y, 1, prev.entropy, prev.seed, elapsed);
          this.#write(c.lines, c.segments * 2 + 1, at.x, at.y, 1, entropy, seed, elapsed);
          c.segmentEnd[c.segments] = c.count;
          c.segments++;
        }
        if (!punct) c.lastOfLine.set(t.line, { x: at.x, y: at.y, entropy, seed });
        c.count++;
        c.text += ch;
      }
    }
    c.stars.setDrawRange(0, c.count);
    c.labels.setDrawRange(0, c.count);
    c.lines.setDrawRange(0, c.segments * 2);
  }

  /**
   * A line that turned out to be the visitor's (its author comes when it is finished): its stars, labels and links
   * take their ink. Stars are found by their place in the verse's characters, not by their token's line: a revision's
   * kept lines and the visitor's line may come as one token.
   */
  #markVisitors(c: Constellation): void {
    let at = 0;
    for (const line of this.#ctx.verse.lines()) {
      const n = [...line.text].filter((ch) => ch.trim()).length;
      const [from, to] = [at, at + n];
      at = to;
      if (line.author !== 'visitor' || c.visitorLines.has(line.index) || to > c.count) continue;
      c.visitorLines.add(line.index);
      for (const g of [c.stars, c.labels]) {
        const a = g.getAttribute('aVisitor') as BufferAttribute;
        for (let i = from; i < to; i++) a.setX(i, 1);
        a.needsUpdate = true;
      }
      const ends = c.lines.getAttribute('aVisitor') as BufferAttribute;
      c.segmentEnd.forEach((end, k) => {
        if (end < from || end >= to) return;
        ends.setX(k * 2, 1);
        ends.setX(k * 2 + 1, 1);
      });
      ends.needsUpdate = true;
    }
  }

  /** Gives labels whose glyphs have loaded since their star was born their atlas cell. */
  #labelPending(c: Constellation): void {
    if (!c.pendingLabels.size) return;
    const cells = c.labels.getAttribute('aCell') as BufferAttribute;
    for (const [i, ch] of c.pendingLabels) {
      const cell = this.#atlas.cell(ch);
      if (cell < 0) continue;
      cells.setX(i, cell);
      cells.needsUpdate = true;
      c.pendingLabels.delete(i);
    }
  }

  #write(g: BufferGeometry, i: number, x: number, y: number, z: number, entropy: number, seed: number, born: Seconds): void {
    (g.getAttribute('position') as BufferAttribute).setXYZ(i, x, y, z);
    (g.getAttribute('aEntropy') as BufferAttribute).setX(i, entropy);
    (g.getAttribute('aSeed') as BufferAttribute).setX(i, seed);
    (g.getAttribute('aBorn') as BufferAttribute).setX(i, born);
    for (const name of ['position', 'aEntropy', 'aSeed', 'aBorn', 'aCell', 'aVisitor']) {
      const a = g.getAttribute(name) as BufferAttribute | undefined;
      if (a) a.needsUpdate = true;
    }
  }

  #release(c: Constellation): void {
    this.#old = this.#old.filter((o) => o !== c);
    this.#scene.remove(c.group);
    for (const r of [c.stars, c.lines, c.labels, ...c.materials]) this.#ctx.track.release(r);
  }

  render(target: WebGLRenderTarget | null): void {
    const r = this.#ctx.renderer;
    this.#atlas.flush(r);
    r.setRenderTarget(target);
    r.setClearColor(0x03040b, 1);
    r.render(this.#scene, this.#camera);
    r.setClearColor(0x000000, 1);
  }

  resize(): void {}

  shownText(): string {
    return this.#current?.text ?? '';
  }

  dispose(): void {
    this.#scene.clear();
    this.#current = null;
    this.#old = [];
  }
}

export default (): SceneModule => new ConstellationScene();
