/** Text on one line: line breaks and the whitespace around them become one space. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * Text bound for a CI log, with lines that may come from a migration or the server: the
 * Actions runner reads a line as a workflow command when it starts with `::` after any
 * whitespace, and its older form `##[` anywhere. A zero-width space between the characters
 * keeps the text readable and makes it inert (`::add-mask::`, `::error file=…::` and the like).
 */
export function logSafe(text: string): string {
  return text.replace(/^(\s*):(?=:)/gm, '$1:\u200b').replace(/##\[/g, '#\u200b#[');
}
