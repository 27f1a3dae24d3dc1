// Word-wrapping for titles and subtitles: vega draws each array entry as one line and never wraps,
// so long scenario descriptions would otherwise widen the SVG without bound.
export const SUBTITLE_LINE_CHARS = 95;

export function wrapText(text: string, maxChars = SUBTITLE_LINE_CHARS): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line !== "" && line.length + 1 + word.length > maxChars) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Several subtitle paragraphs, each wrapped. */
export function subtitleLines(paragraphs: readonly string[], maxChars = SUBTITLE_LINE_CHARS): string[] {
  return paragraphs.flatMap((p) => wrapText(p, maxChars));
}
