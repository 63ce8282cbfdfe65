/**
 * @module displayComposite: the display host's GPU side: creating the WebGL renderer, and the two render
 * targets and full-screen quad through which one scene crossfades into the next.
 */
import { Mesh, OrthographicCamera, PlaneGeometry, Scene, ShaderMaterial, WebGLRenderer, WebGLRenderTarget } from 'three';

const COMPOSITE_VERT = 'varying vec2 vUv; void main() { vUv = uv; gl_Position = vec4(position.xy, 0.0, 1.0); }';
const COMPOSITE_FRAG = `
uniform sampler2D tFrom; uniform sampler2D tTo; uniform float uMix;
varying vec2 vUv;
void main() {
  vec4 a = texture2D(tFrom, vUv); vec4 b = texture2D(tTo, vUv);
  // An eased mix, so the crossfade starts and lands softly.
  float t = uMix * uMix * (3.0 - 2.0 * uMix);
  gl_FragColor = vec4(mix(a.rgb, b.rgb, t), 1.0);
}`;

/** The crossfade's render targets and the quad that mixes them onto the canvas. */
export interface Composite {
  targets: [WebGLRenderTarget, WebGLRenderTarget];
  quad: Mesh<PlaneGeometry, ShaderMaterial>;
  scene: Scene;
  camera: OrthographicCamera;
}

export function buildComposite(renderer: WebGLRenderer): Composite {
  const w = Math.max(1, renderer.domElement.width);
  const h = Math.max(1, renderer.domElement.height);
  const targets: [WebGLRenderTarget, WebGLRenderTarget] = [new WebGLRenderTarget(w, h), new WebGLRenderTarget(w, h)];
  const material = new ShaderMaterial({
    uniforms: { tFrom: { value: targets[0].texture }, tTo: { value: targets[1].texture }, uMix: { value: 0 } },
    vertexShader: COMPOSITE_VERT,
    fragmentShader: COMPOSITE_FRAG,
    depthTest: false,
    depthWrite: false,
  });
  const quad = new Mesh(new PlaneGeometry(2, 2), material);
  const scene = new Scene();
  scene.add(quad);
  const camera = new OrthographicCamera(-1, 1, 1, -1, 0, 1);
  const gpu: Composite = { targets, quad, scene, camera };
  // Upload both targets and the quad now, so they are part of the baseline the leak test compares with.
  for (const t of targets) renderer.initRenderTarget(t);
  renderer.setRenderTarget(null);
  renderer.render(scene, camera);
  return gpu;
}

export function freeComposite(gpu: Composite): void {
  for (const t of gpu.targets) t.dispose();
  gpu.quad.geometry.dispose();
  gpu.quad.material.dispose();
}

/** The renderer, or null where WebGL is unavailable (a browser started with `--disable-gpu`, an old driver). */
export function createRenderer(): WebGLRenderer | null {
  try {
    const r = new WebGLRenderer({ antialias: true, powerPreference: 'low-power' });
    r.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
    r.setClearColor(0x000000, 1);
    return r;
  } catch {
    return null;
  }
}
