/**
 * @module paperShader: rice paper with ink soaking into it. The ink mask (opaque where the brush went)
 * is sampled around each pixel, jittered by the baked paper grain (paperGrain.ts), so ink feathers into the fibres by `uBleed`;
 * the stroke core darkens at its edges as wet ink pools; grain and a soft vignette give the paper body.
 */
import { CanvasTexture, RepeatWrapping, ShaderMaterial, Vector2, type Texture } from 'three';
import { seededRng } from '../../../engine/rng.ts';
import type { ResourceTracker } from '../resourceTracker.ts';
import { PALETTES } from './inkGlyph.ts';
import { GRAIN_TILE, bakeGrain } from './paperGrain.ts';

export const PAPER_VERT = `
varying vec2 vUv;
void main() { vUv = uv; gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0); }`;

export const PAPER_FRAG = `
uniform sampler2D uMask;
uniform vec2 uTexel;
/** Where the mask's drawn block sits on the screen (inkLayout shift), in UV: the block moves without a redraw. */
uniform vec2 uShift;
uniform float uBleed;
uniform float uGrain;
uniform float uPresence;
uniform vec3 uPaper;
uniform vec3 uInk;
/** The visitor's ink (visitorInk.ts): where the mask is red but not green (inkMask.ts). */
uniform vec3 uVisitorInk;
uniform sampler2D uGrainTex;
uniform float uGrainTile;
varying vec2 vUv;

void main() {
  vec2 px = vUv / uTexel;
  float fibre = texture2D(uGrainTex, px / uGrainTile).r;
  fibre = clamp((fibre - 0.5) * 2.2 + 0.5, 0.0, 1.0);
  vec2 at = vUv - uShift;
  vec2 here = texture2D(uMask, at).rg;
  float core = here.r;
  // Ink spreads along the fibres: a ring of taps whose radius the paper noise varies.
  float radius = (1.5 + 9.0 * uBleed) * (0.6 + 0.8 * fibre);
  float halo = 0.0;
  float haloVisitor = 0.0;
  for (int i = 0; i < 8; i++) {
    float a = float(i) * 0.7854 + fibre * 2.0;
    vec2 tap = texture2D(uMask, at + vec2(cos(a), sin(a)) * radius * uTexel).rg;
    halo += tap.r;
    haloVisitor += tap.r - tap.g;
  }
  // The visitor's share of the ink here: from the stroke itself, else from the wash around it.
  float visitor = clamp(core > 0.02 ? (here.r - here.g) / here.r : haloVisitor / max(halo, 0.001), 0.0, 1.0);
  halo /= 8.0;
  float wash = smoothstep(0.0, 0.9, halo) * (0.35 + 0.45 * uBleed) * smoothstep(0.25, 0.75, fibre + uBleed * 0.5);
  // Wet ink pools at the edge of a stroke: the core is darkest where the halo thins.
  float pooled = core * (0.86 + 0.14 * (1.0 - halo));
  float dry = 1.0 - uGrain * 0.35 * smoothstep(0.55, 0.85, fibre);
  float ink = max(pooled * dry, wash) * uPresence;
  vec3 paper = uPaper * (1.0 - uGrain * 0.07 * (fibre - 0.5));
  vec2 c = vUv - 0.5;
  paper *= 1.0 - dot(c, c) * 0.35;
  gl_FragColor = vec4(mix(paper, mix(uInk, uVisitorInk, visitor), clamp(ink, 0.0, 1.0)), 1.0);
}`;

/** The paper material over `mask`, with its grain baked from `seed`; both are tracked for dispose(). */
export function createPaperMaterial(track: ResourceTracker, mask: Texture, seed: number): ShaderMaterial {
  const grain = track.add(new CanvasTexture(bakeGrain(seededRng(seed))));
  grain.wrapS = grain.wrapT = RepeatWrapping;
  return track.add(
    new ShaderMaterial({
      vertexShader: PAPER_VERT,
      fragmentShader: PAPER_FRAG,
      uniforms: {
        uMask: { value: mask },
        uTexel: { value: new Vector2(1, 1) },
        uShift: { value: new Vector2(0, 0) },
        uBleed: { value: 0 },
        uGrain: { value: 0 },
        uPresence: { value: 1 },
        uPaper: { value: PALETTES.rice.paper.clone() },
        uInk: { value: PALETTES.rice.ink.clone() },
        uVisitorInk: { value: PALETTES.rice.visitor.clone() },
        uGrainTex: { value: grain },
        uGrainTile: { value: GRAIN_TILE },
      },
    }),
  );
}
