/**
 * @module replayArchived: what `npm run verse:replay -- <id|code>` does. It reads the verse's signed record from the
 * archive, checks that its model is here with the very weights it names (sha256), loads that model on the CPU and
 * writes the verse again (engine/provenance/verseReplay.ts) with the installation's moderation and originality
 * judges, as the verse loop ran them. The report says whether the text is identical, character for character.
 */
import path from 'node:path';
import { systemClock } from '../../engine/clock.ts';
import { PROJECT_ROOT } from '../../engine/projectRoot.ts';
import type { Config } from '../../config/schema.ts';
import { Archive } from '../../engine/archive.ts';
import { ModelRegistry, type ModelInfo } from '../../engine/modelRegistry.ts';
import { engineSurface } from '../../engine/control/controlSurface.ts';
import { replayObstacles, replayVerse, type ReplayResult } from '../../engine/provenance/verseReplay.ts';
import { weightsDigest } from '../../engine/provenance/weightsDigest.ts';
import { TransformersGenerator } from '../../engine/transformersGenerator.ts';
import { CorpusIndex } from '../../engine/originality/corpusIndex.ts';
import { InkverseError } from '../../protocol/errors.ts';
import type { VerseRecordV1 } from '../../protocol/provenance.ts';
import { KNOWN_CODE_PATTERN } from '../versePage.ts';
import { createVisitor } from '../visitorServices.ts';

export interface ReplayReport extends ReplayResult {
  record: VerseRecordV1;
}

/** The record of a verse by id or take-away code; throws INKVERSE_E_NOT_FOUND naming what was asked. */
export function readRecord(archive: Archive, target: string): VerseRecordV1 {
  const id = KNOWN_CODE_PATTERN.test(target) ? (archive.idOfCode(target) ?? target) : target;
  const seal = archive.seal(id);
  if (!seal) throw new InkverseError('INKVERSE_E_NOT_FOUND', `No signed verse "${target.slice(0, 80)}" in ${archive.file}: give a verse id (GET /api/verses) or a take-away code.`);
  return JSON.parse(seal.record) as VerseRecordV1;
}

/** A model the record names, checked against the weights it names; throws INKVERSE_E_REPLAY saying exactly what is missing or changed. */
function checkedModel(registry: ModelRegistry, name: string, want: { file: string; sha256: string } | null, dtype: string | null, role: string): ModelInfo {
  let model: ModelInfo;
  try {
    model = registry.get(name);
  } catch (err) {
    throw new InkverseError('INKVERSE_E_REPLAY', `The verse was written by ${role} "${name}", which is not in ${registry.root} here (a tuned or blended model that is missing): ${(err as Error).message}`);
  }
  if (!want || !dtype) throw new InkverseError('INKVERSE_E_REPLAY', `The record does not name the weights of "${name}" (written by a remote or replaying backend), so they cannot be loaded again.`);
  const have = weightsDigest(model.dir, dtype);
  if (!have || have.sha256 !== want.sha256) {
    throw new InkverseError('INKVERSE_E_REPLAY', `The weights of "${name}" changed since the verse was written: the record names ${want.file} with sha256 ${want.sha256}, ${model.dir} has ${have ? `sha256 ${have.sha256}` : `no ${want.file}`}.`);
  }
  return model;
}

/** The record's model and, when it was blended (the style fader), its blend model, each checked against its weights. */
function recordedModels(registry: ModelRegistry, record: VerseRecordV1): { model: ModelInfo; blend: ModelInfo | null } {
  const { name, weights, dtype, blend } = record.model;
  const model = checkedModel(registry, name, weights, dtype, 'the model');
  return { model, blend: blend ? checkedModel(registry, blend.name, blend.weights, dtype, 'the blend model') : null };
}

/** Writes the verse `target` (id or code) again from the archive in `config.data`. */
export async function replayArchived(target: string, config: Config): Promise<ReplayReport> {
  const archive = new Archive(path.resolve(config.data));
  let generator: TransformersGenerator | null = null;
  try {
    const record = readRecord(archive, target);
    const { model, blend } = recordedModels(new ModelRegistry(config.model.dir ?? path.join(PROJECT_ROOT, 'models')), record);
    const corpus = model.corpusIndex ? CorpusIndex.load(model.corpusIndex, model.language === 'zh' ? 'zh' : 'en') : null;
    // The same judges and token hook as the installation's (nothing is saved: the archive is only read).
    const visitor = createVisitor({ config, model, corpus, archive, clock: systemClock });
    generator = new TransformersGenerator({ model, device: 'cpu', dtype: record.model.dtype!, params: engineSurface(), threads: config.model.threads || undefined, blend });
    await generator.load();
    const result = await replayVerse({ record, generator, model, token: (before, raw) => visitor.hooks.token(before, raw), judges: visitor.judges });
    if (record.model.device !== 'cpu' && !result.identical) result.reasons.unshift(`the verse was written on ${record.model.device} and replayed on the CPU, whose arithmetic differs in the last bits`);
    return { ...result, record };
  } finally {
    await generator?.close();
    archive.close();
  }
}

export { replayObstacles };
