import { checkFileAgainst, DOCX, type DeclaredFile, type FileProblem, type FileRules, GiB, MiB, ODP, ODT, PDF, PPTX } from '../files/upload.rules';
import { MaterialKind } from './material.entity';

/** What each material kind accepts as its file: the material's rules, checked by the files kernel's checkFileAgainst. */

/** Kinds missing here (TEXT, LINK, QUIZ, ASSIGNMENT) keep their content in the database. */
const FILE_RULES: Partial<Record<MaterialKind, FileRules>> = {
  [MaterialKind.VIDEO]: { contentTypes: ['video/mp4', 'video/webm'], maxBytes: 2 * GiB },
  [MaterialKind.AUDIO]: {
    contentTypes: ['audio/mpeg', 'audio/mp4', 'audio/ogg', 'audio/wav', 'audio/webm', 'audio/flac'],
    maxBytes: 500 * MiB,
  },
  [MaterialKind.DOCUMENT]: { contentTypes: [PDF, DOCX, ODT], maxBytes: 100 * MiB },
  [MaterialKind.SLIDES]: { contentTypes: [PDF, PPTX, ODP], maxBytes: 100 * MiB },
  [MaterialKind.IMAGE]: { contentTypes: ['image/png', 'image/jpeg', 'image/webp'], maxBytes: 20 * MiB },
};

export function fileRulesFor(kind: MaterialKind): FileRules | undefined {
  return FILE_RULES[kind];
}

export const kindTakesFiles = (kind: MaterialKind): boolean => FILE_RULES[kind] !== undefined;

/** Why a declared file does not fit the material kind; undefined when it fits. */
export function checkDeclaredFile(kind: MaterialKind, file: DeclaredFile): FileProblem | undefined {
  return checkFileAgainst(fileRulesFor(kind), materialFileNames(kind), file);
}

/** How a material's file is named in the messages of its rules. */
export const materialFileNames = (kind: MaterialKind) => ({ subject: `A ${kind} material`, file: `A ${kind} file` });
