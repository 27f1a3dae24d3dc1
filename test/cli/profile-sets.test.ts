// Built-in profile sets (calibration/profiles/sets/): a set's name stands for its members, in order, each a
// built-in profile that loads; any other name or path passes through; a set naming a missing profile, or
// not in the set schema, is an input error naming the file; a built-in profile's set of other starts is found by name;
// an unknown profile name gets a near built-in name, or the reference ones.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { builtinProfileSetNames, expandProfileSets, loadProfile, startsSetOf } from "../../src/cli/profiles.js";
import { InputError } from "../../src/validation.js";

describe("profile sets", () => {
  it("the H100 BERT-Base starts: 30 one-start calibrations of the standard server, each loading", () => {
    expect(builtinProfileSetNames()).toContain("h100-bert-base-seq128-fp16-starts");
    const names = expandProfileSets(["h100-bert-base-seq128-fp16-starts"]);
    expect(names).toHaveLength(30);
    expect(new Set(names).size).toBe(30);
    for (const n of names) {
      const p = loadProfile(n);
      expect(p.name).toBe(n);
      expect(p.metadata.gpu).toBe("NVIDIA H100 80GB HBM3");
    }
    expect(names).not.toContain("h100-bert-base-seq128-fp16");
  });

  it("an unknown profile name is an input error that suggests a built-in name within two edits, else names the reference ones", () => {
    expect(() => loadProfile("h100-bert-large-seq384-fp17")).toThrow(/no such file or built-in profile; did you mean "h100-bert-large-seq384-fp16"\?/);
    expect(() => loadProfile("nope")).toThrow(InputError);
    expect(() => loadProfile("nope")).toThrow(/\(\d+ built-in, e\.g\. h100-bert-base-seq128-fp16, h100-bert-large-seq384-fp16; each is a file in /);
  });

  it("other names and paths pass through, in place", () => {
    const sets = expandProfileSets(["a", "h100-bert-base-seq128-fp16-starts", "x/y.json"]);
    expect(sets[0]).toBe("a");
    expect(sets.at(-1)).toBe("x/y.json");
    expect(sets).toHaveLength(32);
  });

  it("a built-in profile's starts set is the set named after it plus -starts; other profiles and paths have none", () => {
    expect(startsSetOf("h100-bert-base-seq128-fp16")).toEqual({ name: "h100-bert-base-seq128-fp16-starts", size: 30 });
    expect(startsSetOf("h100-bert-base-seq128-fp16-fresh")).toBeUndefined();
    expect(startsSetOf("h100-bert-large-seq384-fp16")).toBeUndefined();
    expect(startsSetOf("calibration/profiles/h100-bert-base-seq128-fp16")).toBeUndefined();
    const dir = `${mkdtempSync(join(tmpdir(), "sets-"))}/`;
    const set = { schema: "servesim.profile-set/v1", name: "s", description: "d", profiles: ["h100-bert-base-seq128-fp16-fresh", "h100-bert-base-seq128-fp16-fresh2"] };
    writeFileSync(`${dir}h100-bert-large-seq384-fp16-starts.json`, JSON.stringify(set));
    expect(startsSetOf("h100-bert-large-seq384-fp16", dir)).toEqual({ name: "h100-bert-large-seq384-fp16-starts", size: 2 });
  });

  it("a set naming a missing profile, or not in the schema, is an input error naming the file", () => {
    const dir = `${mkdtempSync(join(tmpdir(), "sets-"))}/`;
    const set = (profiles: string[]) => ({ schema: "servesim.profile-set/v1", name: "s", description: "d", profiles });
    writeFileSync(`${dir}missing.json`, JSON.stringify(set(["h100-bert-base-seq128-fp16", "no-such-start"])));
    writeFileSync(`${dir}bad.json`, JSON.stringify({ ...set(["h100-bert-base-seq128-fp16"]), extra: 1 }));
    expect(expandProfileSets(["h100-bert-base-seq128-fp16"], dir)).toEqual(["h100-bert-base-seq128-fp16"]);
    expect(() => expandProfileSets(["missing"], dir)).toThrow(InputError);
    expect(() => expandProfileSets(["missing"], dir)).toThrow(/missing\.json: "no-such-start" is no built-in profile/);
    expect(() => expandProfileSets(["bad"], dir)).toThrow(/bad\.json/);
  });
});
