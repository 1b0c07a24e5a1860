import type { Rule } from "../rule";
import { envDuplicateKey } from "./duplicate-key";
import { envEndingBlankLine } from "./ending-blank-line";
import { envExtraBlankLines } from "./extra-blank-lines";
import { envIncorrectDelimiter } from "./incorrect-delimiter";
import { envKeyWithoutValue } from "./key-without-value";
import { envLeadingCharacter } from "./leading-character";
import { envLowercaseKey } from "./lowercase-key";
import { envQuoteCharacter } from "./quote-character";
import { envSpaceCharacter } from "./space-character";
import { envSubstitutionKey } from "./substitution-key";
import { envSyntax } from "./syntax";
import { envTrailingWhitespace } from "./trailing-whitespace";
import { envUnorderedKeys } from "./unordered-keys";

export const envRules: Rule[] = [
  envSyntax,
  envDuplicateKey,
  envIncorrectDelimiter,
  envKeyWithoutValue,
  envLeadingCharacter,
  envLowercaseKey,
  envQuoteCharacter,
  envSpaceCharacter,
  envSubstitutionKey,
  envTrailingWhitespace,
  envEndingBlankLine,
  envExtraBlankLines,
  envUnorderedKeys,
];
