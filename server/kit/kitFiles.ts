/**
 * @module kitFiles: the files `npm run params:doc` writes, by path relative to the project root, with their
 * content as the parameter tables give it now (tests compare them with the committed files).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { openStageControlSessionText } from './openStageControlSession.ts';
import { paramReferenceMarkdown, replaceReference } from './paramReference.ts';
import { touchOscLayout } from './touchOscLayout.ts';

export const KIT_FILES = {
  readme: 'README.md',
  openStageControl: 'deploy/open-stage-control/inkverse.json',
  touchOsc: 'deploy/touchosc/inkverse.tosc',
} as const;

/** Each generated file's content (the README with its reference section replaced). */
export function kitFiles(root: string): Record<string, string | Uint8Array> {
  const readme = readFileSync(path.join(root, KIT_FILES.readme), 'utf8');
  return {
    [KIT_FILES.readme]: replaceReference(readme, paramReferenceMarkdown()),
    [KIT_FILES.openStageControl]: openStageControlSessionText(),
    [KIT_FILES.touchOsc]: touchOscLayout(),
  };
}
