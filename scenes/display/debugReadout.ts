/**
 * @module debugReadout: `/display?debug=1`: frame script time (p50/p99 over the last frames), frames per
 * second, GPU memory as three.js counts it, draw calls and the JS heap where the browser tells it.
 */
import type { DisplayHost } from './displayHost.ts';
import { ResourceTracker } from './resourceTracker.ts';

const REFRESH_MS = 500;

export function percentile(values: readonly number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export function startDebugReadout(el: HTMLElement, host: DisplayHost): () => void {
  let frames = 0;
  let last = performance.now();
  const count = (): void => {
    frames++;
    raf = requestAnimationFrame(count);
  };
  let raf = requestAnimationFrame(count);
  const timer = setInterval(() => {
    const now = performance.now();
    const fps = (frames * 1000) / (now - last);
    frames = 0;
    last = now;
    const info = host.renderer?.info ?? { memory: { geometries: 0, textures: 0 }, render: { calls: 0 } };
    const heap = (performance as Performance & { memory?: { usedJSHeapSize: number } }).memory;
    el.textContent = [
      `scene ${host.scene}  ${fps.toFixed(0)} fps`,
      `script p50 ${percentile(host.frameMs, 50).toFixed(2)} ms  p99 ${percentile(host.frameMs, 99).toFixed(2)} ms`,
      `gpu geometries ${info.memory.geometries}  textures ${info.memory.textures}  calls ${info.render.calls}`,
      `tracked ${ResourceTracker.live}${heap ? `  heap ${(heap.usedJSHeapSize / 1048576).toFixed(1)} MB` : ''}`,
    ].join('\n');
  }, REFRESH_MS);
  return () => {
    clearInterval(timer);
    cancelAnimationFrame(raf);
  };
}
