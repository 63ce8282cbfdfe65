/**
 * @module sealStamp: the ink scene's seal as an object on screen: a canvas carved once per verse (seal.ts),
 * stamped at the verse's end and pressed down over STAMP_TIME, following the block as it glides.
 */
import { CanvasTexture, Mesh, MeshBasicMaterial, PlaneGeometry, SRGBColorSpace } from 'three';
import type { Rng } from '../../../engine/rng.ts';
import type { Seconds } from '../../../protocol/paramSpec.ts';
import type { ResourceTracker } from '../resourceTracker.ts';
import { drawSeal } from './seal.ts';

const SEAL_PX = 256;
/** Seconds the seal takes to press down. */
const STAMP_TIME: Seconds = 0.35;

type Point = { x: number; y: number };

export class SealStamp {
  readonly mesh: Mesh<PlaneGeometry, MeshBasicMaterial>;
  readonly #canvas: HTMLCanvasElement;
  #at: Seconds | null = null;

  constructor(track: ResourceTracker) {
    this.#canvas = document.createElement('canvas');
    this.#canvas.width = this.#canvas.height = SEAL_PX;
    const texture = track.add(new CanvasTexture(this.#canvas));
    texture.colorSpace = SRGBColorSpace;
    this.mesh = new Mesh(track.add(new PlaneGeometry(1, 1)), track.add(new MeshBasicMaterial({ map: texture, transparent: true, opacity: 0, depthTest: false })));
    this.mesh.visible = false;
    this.mesh.renderOrder = 1;
  }

  /** True once this verse's seal is stamped. */
  get stamped(): boolean {
    return this.#at !== null;
  }

  /** Carves `ch` and stamps it at `at` (the anchored seal place) moved by `offset`. */
  stamp(ch: string, font: (px: number) => string, rng: Rng, at: Point, offset: Point, elapsed: Seconds): void {
    drawSeal(this.#canvas.getContext('2d', { willReadFrequently: true })!, SEAL_PX, ch, font, rng);
    this.mesh.material.map!.needsUpdate = true;
    this.mesh.position.set(at.x + offset.x, -(at.y + offset.y), 0.5);
    this.mesh.rotation.z = (rng() - 0.5) * 0.08;
    this.mesh.visible = true;
    this.#at = elapsed;
  }

  /** Presses the stamped seal down and keeps it on the block; `seal` is its anchored place and size. */
  update(elapsed: Seconds, seal: (Point & { size: number }) | undefined, offset: Point, presence: number): void {
    if (this.#at === null) return;
    const t = Math.min(1, (elapsed - this.#at) / STAMP_TIME);
    const size = (seal?.size ?? 0) * (1.25 - 0.25 * t);
    this.mesh.scale.set(size, size, 1);
    this.mesh.material.opacity = t * 0.92 * presence;
    if (seal) this.mesh.position.set(seal.x + offset.x, -(seal.y + offset.y), 0.5);
  }

  /** Lifts the seal for the next verse. */
  clear(): void {
    this.#at = null;
    this.mesh.visible = false;
  }
}
