/**
 * @module skyShaders: the constellation scene's GLSL. Positions are a share of the screen (0..1, y down);
 * every star, line end and label drifts by the same function of its seed and entropy, so lines stay on
 * their stars. Uncertain tokens (high entropy) wander further and flicker; certain ones burn steady. The stars,
 * links and labels of the visitor's own lines (`aVisitor` 1) shine in the visitor's ink (`uVisitor`, visitorInk.ts).
 */

const DRIFT = `
uniform float uTime;
uniform float uDrift;
uniform float uFade;
uniform vec2 uView;
attribute float aEntropy;
attribute float aSeed;
attribute float aBorn;
attribute float aVisitor;
varying float vVisitor;
vec2 driftOf(float seed, float e) {
  float amp = uDrift * (0.002 + 0.016 * e);
  return vec2(sin(uTime * (0.11 + seed * 0.19) + seed * 40.0), cos(uTime * (0.09 + seed * 0.15) + seed * 90.0)) * amp;
}
vec4 toClip(vec2 p) { return vec4(p.x * 2.0 - 1.0, 1.0 - p.y * 2.0, 0.0, 1.0); }
float birth() { return clamp((uTime - aBorn) / 1.2, 0.0, 1.0); }
`;

export const STAR_VERT = `${DRIFT}
uniform float uGlow;
varying float vAlpha;
varying float vEntropy;
void main() {
  float b = birth();
  vec2 p = position.xy + driftOf(aSeed, aEntropy);
  gl_Position = toClip(p);
  float flash = 1.0 + 2.5 * (1.0 - b) * b * 4.0;
  float twinkle = 1.0 - aEntropy * 0.45 * (0.5 + 0.5 * sin(uTime * (2.0 + aSeed * 5.0) + aSeed * 17.0));
  gl_PointSize = (8.0 + 30.0 * uGlow * (1.0 - 0.5 * aEntropy)) * flash * (uView.y / 1080.0) * position.z;
  vAlpha = b * uFade * twinkle;
  vEntropy = aEntropy;
  vVisitor = aVisitor;
}`;

export const STAR_FRAG = `
uniform float uGlow;
uniform vec3 uVisitor;
varying float vAlpha;
varying float vEntropy;
varying float vVisitor;
void main() {
  float d = length(gl_PointCoord - 0.5) * 2.0;
  float core = exp(-d * d * 28.0);
  float halo = exp(-d * d * 4.5) * 0.4 * uGlow;
  vec3 warm = vec3(1.0, 0.93, 0.78);
  vec3 cold = vec3(0.62, 0.76, 1.0);
  vec3 color = mix(mix(warm, cold, clamp(vEntropy, 0.0, 1.0)), uVisitor, vVisitor);
  gl_FragColor = vec4(color * (core + halo) * vAlpha, 1.0);
}`;

export const LINE_VERT = `${DRIFT}
varying float vAlpha;
void main() {
  gl_Position = toClip(position.xy + driftOf(aSeed, aEntropy));
  vAlpha = birth() * uFade;
  vVisitor = aVisitor;
}`;

export const LINE_FRAG = `
uniform vec3 uVisitor;
varying float vAlpha;
varying float vVisitor;
void main() { gl_FragColor = vec4(mix(vec3(0.55, 0.65, 0.85), uVisitor, vVisitor) * 0.45 * vAlpha, 1.0); }`;

export const LABEL_VERT = `${DRIFT}
attribute float aCell;
varying float vAlpha;
varying vec2 vCell;
uniform float uGrid;
void main() {
  vec2 p = position.xy + driftOf(aSeed, aEntropy);
  gl_Position = toClip(p) + vec4(vec2(22.0, -22.0) / uView * (uView.y / 1080.0) * 2.0, 0.0, 0.0);
  gl_PointSize = aCell < 0.0 ? 0.0 : 34.0 * (uView.y / 1080.0);
  vAlpha = birth() * uFade * 0.85;
  vCell = vec2(mod(aCell, uGrid), floor(aCell / uGrid));
  vVisitor = aVisitor;
}`;

export const LABEL_FRAG = `
uniform sampler2D uAtlas;
uniform float uGrid;
uniform vec3 uVisitor;
varying float vAlpha;
varying vec2 vCell;
varying float vVisitor;
void main() {
  vec2 uv = (vCell + vec2(gl_PointCoord.x, gl_PointCoord.y)) / uGrid;
  float a = texture2D(uAtlas, vec2(uv.x, 1.0 - uv.y)).a;
  gl_FragColor = vec4(mix(vec3(0.86, 0.88, 0.95), uVisitor, vVisitor) * a * vAlpha, 1.0);
}`;

export const SKY_VERT = `
uniform float uTime;
uniform vec2 uView;
attribute float aSeed;
varying float vAlpha;
void main() {
  gl_Position = vec4(position.x * 2.0 - 1.0, 1.0 - position.y * 2.0, 0.0, 1.0);
  gl_PointSize = max(1.0, (1.0 + 2.0 * position.z) * uView.y / 1080.0);
  vAlpha = (0.25 + 0.5 * position.z) * (0.7 + 0.3 * sin(uTime * (0.3 + aSeed) + aSeed * 50.0));
}`;

export const SKY_FRAG = `
varying float vAlpha;
void main() {
  float d = length(gl_PointCoord - 0.5) * 2.0;
  gl_FragColor = vec4(vec3(0.8, 0.85, 1.0) * vAlpha * (1.0 - smoothstep(0.4, 1.0, d)), 1.0);
}`;
