// The command table loads only what a command line names: the one command it names, or every command
// when it names none (top-level help, --version, `help CMD`, a misspelt name), so help and commander's
// suggestions still see them all.
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS, commandsFor } from "../../src/cli/commands.js";

const BIN = join(__dirname, "../../bin/servesim.js");
const ALL = Object.keys(COMMANDS);

describe("commandsFor", () => {
  it("a line that names a command needs that command alone", () => {
    for (const name of ALL) expect(commandsFor([name, "--help"])).toEqual([name]);
  });

  it("a line that names none needs them all, in the table's order", () => {
    for (const args of [[], ["--help"], ["--version"], ["help", "simulate"], ["simulat"], ["toString"], ["--rate", "3000"]]) {
      expect(commandsFor(args)).toEqual(ALL);
    }
  });

  it("every entry loads a register function", async () => {
    for (const name of ALL) expect(typeof (await COMMANDS[name as keyof typeof COMMANDS]())).toBe("function");
  });
});

describe("the CLI with commands loaded on demand", () => {
  it("top-level --help lists every command", () => {
    const help = execFileSync(process.execPath, [BIN, "--help"], { encoding: "utf8" });
    for (const name of ALL) expect(help).toContain(name);
  });

  it("a misspelt command gets commander's suggestion and a non-zero exit", () => {
    const r = spawnSync(process.execPath, [BIN, "simulat"], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/unknown command 'simulat'/);
    expect(r.stderr).toMatch(/Did you mean simulate\?/);
  });
});
