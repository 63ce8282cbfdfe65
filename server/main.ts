/**
 * @module main: `npm start`. Loads the config, starts the installation, prints the page URLs,
 * and shuts down cleanly on SIGINT/SIGTERM. A bad config or model stops here with one clear sentence.
 */
import { copyFileSync, existsSync, mkdirSync, statfsSync } from 'node:fs';
import { lanAddress } from './publicUrl.ts';
import path from 'node:path';
import { DEFAULT_CONFIG_PATH, loadConfig } from '../config/loadConfig.ts';
import type { Config } from '../config/schema.ts';
import { STORAGE_EXIT_STATUS, storageStartupLine, type StartupPlace } from './startupError.ts';
import { LEARNED_MAPPINGS_FILE } from '../engine/control/mappingFile.ts';
import { InkverseError } from '../protocol/errors.ts';
import { logger, setLogLevel } from '../engine/log.ts';
import { PAGES } from './pages.ts';
import { startInstallation } from './installation.ts';

const log = logger('main');

function startupPlace(config: Config): StartupPlace {
  const dataDir = path.resolve(config.data);
  let freeBytes: number | undefined;
  try {
    const s = statfsSync(dataDir);
    freeBytes = Number(s.bavail) * Number(s.bsize);
  } catch {
    // a folder that cannot be read: the line says so without the free space
  }
  return { dataDir, backupDir: config.backup.dir ? path.resolve(config.backup.dir) : path.join(dataDir, 'backups'), freeBytes };
}
/** How long after the drain grace a stuck shutdown is cut short (the worker alone may take 5 s to exit). */
const FORCE_EXIT_AFTER_GRACE_MS = 15_000;

const USAGE = `Usage: npm start [-- --help]
Starts the installation: the model writes verses, pages at http://HOST:PORT/{kiosk,display,sound,console,follow}.
Settings come from the config file and the environment:
  INKVERSE_CONFIG   config file (default config/default.json; schema config/inkverse.schema.json)
  INKVERSE_DATA     data folder: archive, queue, presets, learned mappings, keys (default ./data)
  INKVERSE_MODEL    model name under models/ or a path (default tang-poet-zh)
  INKVERSE_DEVICE   cpu | webgpu | cuda | auto
  INKVERSE_TOKEN    console token (without it every console action is refused)
  INKVERSE_REDIS_URL  several servers, one room: shared state and fan-out through Redis
  INKVERSE_REDIS_ROLE auto (writes when elected; default) | edge (pages and fan-out only, no model)
  PORT, OSC_PORT    HTTP + socket.io (8080), OSC over UDP (9000)
  LOG_LEVEL         pino level (info); INKVERSE_LOG_FORMAT=pretty|json (default: pretty on a terminal)
npm run build compiles the server and pages ahead of time; README.md has the rest.`;

/** Copies learned mappings saved beside the config (before they moved to the data folder) into the data folder, once. */
function adoptLegacyMappings(configDir: string, dataDir: string): void {
  const legacy = path.join(configDir, LEARNED_MAPPINGS_FILE);
  const current = path.join(dataDir, LEARNED_MAPPINGS_FILE);
  if (configDir === dataDir || !existsSync(legacy) || existsSync(current)) return;
  mkdirSync(dataDir, { recursive: true });
  copyFileSync(legacy, current);
  log.info({ from: legacy, to: current }, 'learned mappings moved to the data folder');
}
/** The config once loaded, for explaining a start-up that failed on its data folder. */
let loaded: Config | null = null;

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return void process.stdout.write(`${USAGE}\n`);
  if (args.length > 0) throw new InkverseError('INKVERSE_E_CONFIG', `unknown argument "${args[0]}": npm start takes no arguments besides --help; settings come from the config file and the environment.\n\n${USAGE}`);
  const config = (loaded = loadConfig());
  setLogLevel(config.log.level);
  // Learned mappings live in the data folder with the rest of the writable state: under the shipped systemd unit
  // the config folder belongs to root. A file learned beside the config by an older version moves over once.
  const dataDir = path.resolve(config.data);
  adoptLegacyMappings(process.env.INKVERSE_CONFIG ? path.dirname(path.resolve(process.env.INKVERSE_CONFIG)) : path.dirname(DEFAULT_CONFIG_PATH), dataDir);
  const installation = await startInstallation({ config, configDir: dataDir });
  const lan = lanAddress();
  const lines = [
    '',
    `inkverse is running — model ${installation.model.name} on ${config.model.device}`,
    ...PAGES.map((p) => `  ${p.padEnd(8)} ${installation.url}/${p}${lan && config.server.host === '0.0.0.0' ? `   (LAN: http://${lan}:${installation.port}/${p})` : ''}`),
    `  health   ${installation.url}/health`,
    `  osc      udp://${config.osc.host}:${installation.osc.address().port}  (/inkverse/param/<name>, /inkverse/prompt, /inkverse/skip, /inkverse/scene)`,
    `           senders allowed (osc.allow): ${installation.osc.allow.describe()}`,
    config.hours ? `  hours    open ${config.hours.open}–${config.hours.close} (days ${config.hours.days.join(',')}, 0 = Sunday; local time)${config.hours.closed.length ? `; closed ${config.hours.closed.join(', ')}` : ''}` : '  hours    always open',
    config.backup.everyHours > 0 ? `  backups  every ${config.backup.everyHours} h, ${config.backup.keep} kept` : '  backups  off (backup.everyHours = 0)',
    config.server.token ? '  console  token set (INKVERSE_TOKEN)' : '  console  locked: set INKVERSE_TOKEN to enable performer control',
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
  installation.ready.then(
    () => log.info({ device: installation.generator.info.device }, 'model loaded; writing'),
    () => process.stdout.write('The model could not be loaded; see the log above. Pages stay up and wait.\n'),
  );

  let stopping = false;
  const stop = (signal: string): void => {
    // A second signal while draining stops waiting: the verse is archived as interrupted and requeued.
    if (stopping) return void installation.loop.close();
    stopping = true;
    // SIGTERM (a service manager) drains: the verse being written may finish within the grace. SIGINT stops at once.
    const graceMs = signal === 'SIGTERM' ? config.engine.shutdownGrace * 1000 : 0;
    log.info({ signal, graceMs }, 'shutting down');
    // A last resort only: it comes well after the grace and the generator worker's own close timeout, never racing them.
    const force = setTimeout(() => process.exit(1), graceMs + FORCE_EXIT_AFTER_GRACE_MS);
    force.unref();
    void installation.close({ graceMs }).then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

// A fault that escaped every guard leaves the process in an unknown state: log it and exit, so the service
// manager restarts a clean one (the queue and the running verse are on disk).
process.on('uncaughtException', (err) => {
  log.fatal({ err }, 'uncaught exception; exiting for a clean restart');
  process.exit(1);
});
process.on('unhandledRejection', (err) => {
  log.fatal({ err }, 'unhandled rejection; exiting for a clean restart');
  process.exit(1);
});

main().catch((err: unknown) => {
  const storageLine = loaded && storageStartupLine(err, startupPlace(loaded));
  if (storageLine) {
    process.stderr.write(`${storageLine}\n`);
    process.exit(STORAGE_EXIT_STATUS);
  }
  if (err instanceof InkverseError) {
    process.stderr.write(`\ninkverse could not start: ${err.message}\n[${err.code}]\n`);
  } else if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    process.stderr.write(`\ninkverse could not start: port ${(err as { port?: number }).port ?? ''} is in use; set PORT to another port.\n[INKVERSE_E_CONFIG]\n`);
  } else {
    process.stderr.write(`\ninkverse could not start: ${(err as Error).stack ?? String(err)}\n`);
  }
  process.exit(1);
});
