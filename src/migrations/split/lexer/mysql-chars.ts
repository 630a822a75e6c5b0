/*
 * The characters MySQL / MariaDB text is lexed by, as char codes, and the character classes.
 * One table for the statement splitter, the query normaliser and the dump reader, so the three
 * read quotes, comments and words alike. Every scanner here works on char codes: it never
 * builds a string to look at one character.
 */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const BANG = 33;
export const DQUOTE = 34;
export const HASH = 35;
export const SQUOTE = 39;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const PLUS = 43;
export const COMMA = 44;
export const DASH = 45;
export const DOT = 46;
export const SLASH = 47;
export const COLON = 58;
export const SEMI = 59;
export const EQUALS = 61;
export const QUESTION = 63;
export const AT = 64;
export const UPPER_M = 77;
export const BACKSLASH = 92;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const LOWER_B = 98;
export const LOWER_D = 100;
export const LOWER_E = 101;
export const LOWER_N = 110;
export const LOWER_X = 120;
export const DEL = 127;

/** Letters, digits, `_`, `$` and every non-ASCII character can be part of an unquoted word. */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Space or tab: what may stand before the DELIMITER command on its line and after it. */
export function isBlank(c: number): boolean {
  return c === SPACE || c === TAB;
}
