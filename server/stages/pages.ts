/**
 * @module pages (installation stage): the HTTP side: the bundled pages, static assets, `/health`, `/metrics`,
 * `/api/verses`, each verse's take-away page and its signed record, on a hardened node:http server that is not yet listening
 * (the installation listens once every stage is up). socket.io attaches to the same server.
 */
import type { Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Config } from '../../config/schema.ts';
import { createRoutes, type Health } from '../httpRoutes.ts';
import { followQrRoute } from '../followQr.ts';
import { publicBaseUrl } from '../publicUrl.ts';
import { createHttpServer } from '../httpServer.ts';
import type { Metrics } from '../metrics.ts';
import { loadPages } from '../pages.ts';
import { createStaticAssets } from '../staticAssets.ts';
import { createProvenanceRoutes } from '../provenance/provenanceRoutes.ts';
import { verseMidi } from '../provenance/verseMidi.ts';
import type { Clock } from '../../engine/clock.ts';
import type { StorageStage } from './storage.ts';
import type { Visitor } from '../visitorServices.ts';

export interface PagesStageOptions {
  config: Config;
  metrics: Metrics;
  clock: Clock;
  storage: Pick<StorageStage, 'archive' | 'keys'>;
  visitor: Pick<Visitor, 'page'>;
  health(): Health;
}

export interface PagesStage {
  readonly http: HttpServer;
  /** The bound port; 0 until the server listens. */
  port(): number;
  dispose(): Promise<void>;
}

export async function servePages(o: PagesStageOptions): Promise<PagesStage> {
  const { config } = o;
  const pages = await loadPages({ root: PROJECT_ROOT });
  const assets = createStaticAssets({ root: PROJECT_ROOT, staticDir: path.join(PROJECT_ROOT, 'scenes', 'assets') });
  const { archive, keys } = o.storage;
  const provenance = createProvenanceRoutes({ archive, keys, midi: verseMidi });
  let http: HttpServer | null = null;
  const port = (): number => (http?.address() as AddressInfo | null)?.port ?? 0;
  const followQr = followQrRoute({ base: () => publicBaseUrl(config.kiosk.publicUrl, port()) });
  const routes = createRoutes({ pages, archive, metrics: o.metrics, health: o.health, token: config.server.token, protectEndpoints: config.server.protectEndpoints, versePage: o.visitor.page, provenance, followQr, assets, now: () => o.clock.now() });
  http = createHttpServer(routes, { now: () => o.clock.now() });
  return {
    http,
    port,
    async dispose() {
      http?.closeAllConnections();
    },
  };
}
