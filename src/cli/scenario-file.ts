// Scenario files at the edge: YAML or JSON, validated against servesim.scenario/v1. Problems are
// reported on one line as file:line:column: path: message, using the YAML parser's source map.
import { dirname, isAbsolute, resolve } from "node:path";
import { LineCounter, parseDocument, isNode, type Document } from "yaml";
import { ScenarioSpec } from "../scenario/scenario.js";
import { InputError, formatPath } from "../validation.js";
import { readTextFile } from "./files.js";

export interface LoadedScenario {
  readonly spec: ScenarioSpec;
  readonly path: string;
  /** Resolve a path written in the scenario (relative to the scenario file). */
  readonly resolvePath: (p: string) => string;
}

function positionOf(doc: Document, lc: LineCounter, path: readonly PropertyKey[]): string {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n) as unknown[], true);
    if (isNode(node) && node.range) {
      const { line, col } = lc.linePos(node.range[0]);
      return `${line}:${col}`;
    }
  }
  return "1:1";
}

export function loadScenarioFile(path: string): LoadedScenario {
  const text = readTextFile(path, "scenario");
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const err = doc.errors[0];
  if (err !== undefined) {
    const { line, col } = lc.linePos(err.pos[0]);
    throw new InputError(`${path}:${line}:${col}: ${err.message.split("\n")[0]}`);
  }
  const result = ScenarioSpec.safeParse(doc.toJS());
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const where = positionOf(doc, lc, issue.path);
    const p = formatPath(issue.path);
    throw new InputError(`${path}:${where}: ${p === "" ? "" : `${p}: `}${issue.message}`);
  }
  const base = dirname(path);
  return { spec: result.data, path, resolvePath: (p) => (isAbsolute(p) ? p : resolve(base, p)) };
}
