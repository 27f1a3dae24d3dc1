// Profile loading at the edge: a built-in name (calibration/profiles/NAME.json in the package) or a
// path to a profile JSON, validated against servesim.profile/v1 with errors naming file and field; and
// built-in sets of profiles (calibration/profiles/sets/NAME.json) that plan --check-on expands.
import { Option } from "@commander-js/extra-typings";
import { z } from "zod";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { forTool, type ToolModel } from "../compute/load-generator.js";
import { Profile } from "../compute/profile.js";
import { closest } from "../server/pbtxt-value.js";
import { InputError } from "../validation.js";
import { readJsonFile } from "./files.js";

export const BUILTIN_PROFILE_DIR = fileURLToPath(new URL("../../calibration/profiles/", import.meta.url));

export function builtinProfileNames(): string[] {
  if (!existsSync(BUILTIN_PROFILE_DIR)) return [];
  return readdirSync(BUILTIN_PROFILE_DIR)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** A profile argument naming a file rather than a built-in profile or set. */
const looksLikePath = (name: string): boolean => name.includes("/") || name.endsWith(".json");

/** A named list of built-in profiles (calibration/profiles/sets/NAME.json): the calibrations of one model
 *  and GPU on several machine starts, for plan --check-on. */
const ProfileSet = z.strictObject({
  schema: z.literal("servesim.profile-set/v1"),
  name: z.string().min(1),
  description: z.string().min(1),
  profiles: z.array(z.string().min(1)).min(1),
});

export const BUILTIN_PROFILE_SET_DIR = `${BUILTIN_PROFILE_DIR}sets/`;

export function builtinProfileSetNames(dir = BUILTIN_PROFILE_SET_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Each name of a built-in profile set replaced by its members (names, in the set's order); any other
 *  name or path is kept as it is. A set whose member is no built-in profile is an input error. */
export function expandProfileSets(names: readonly string[], dir = BUILTIN_PROFILE_SET_DIR): string[] {
  return names.flatMap((name) => {
    const file = `${dir}${name}.json`;
    if (looksLikePath(name) || !existsSync(file)) return [name];
    const set = readJsonFile(ProfileSet, file, "profile set");
    const missing = set.profiles.find((p) => !existsSync(`${BUILTIN_PROFILE_DIR}${p}.json`));
    if (missing !== undefined) throw new InputError(`profile set ${file}: "${missing}" is no built-in profile`);
    return set.profiles;
  });
}

/** The built-in set of other machine starts' calibrations that goes with a built-in profile (the set named
 *  after it plus "-starts"), with its size; undefined when there is none. plan points to it, so a user of
 *  one calibration learns that others of the same model and GPU ship and how to check the pick on them. */
export function startsSetOf(profileName: string, dir = BUILTIN_PROFILE_SET_DIR): { readonly name: string; readonly size: number } | undefined {
  const name = `${profileName}-starts`;
  if (looksLikePath(profileName) || !builtinProfileSetNames(dir).includes(name)) return undefined;
  return { name, size: expandProfileSets([name], dir).length };
}

/** What an unknown profile name could have been: the nearest built-in name when one is within two edits,
 *  else how many built-in profiles there are, the two reference ones and the folder that holds them. */
function builtinHint(name: string): string {
  const names = builtinProfileNames();
  if (names.length === 0) return " (no built-in profiles found)";
  const near = closest(name, names);
  if (near !== undefined) return `; did you mean "${near}"?`;
  const reference = names.filter((n) => /^h100-bert-(base|large)-seq\d+-fp16$/.test(n));
  return ` (${names.length} built-in, e.g. ${reference.join(", ")}; each is a file in ${BUILTIN_PROFILE_DIR})`;
}

export function loadProfile(nameOrPath: string): Profile {
  const isPath = looksLikePath(nameOrPath);
  let path = nameOrPath;
  if (!isPath || !existsSync(nameOrPath)) {
    const builtin = `${BUILTIN_PROFILE_DIR}${nameOrPath}.json`;
    if (!isPath && existsSync(builtin)) path = builtin;
    else if (!existsSync(nameOrPath)) {
      throw new InputError(`profile "${nameOrPath}": no such file or built-in profile${builtinHint(nameOrPath)}`);
    }
  }
  return readJsonFile(Profile, path, "profile");
}

/** simulate's and plan's --measured-by. */
export function measuredByOption() {
  return new Option(
    "--measured-by <tool>",
    "predict as that load generator measures (its own costs, response gap, loaded network time, network drift and the server's output cost per merged request, from the profile's loadGenerators entry), as validate does for a live run; default: the profile's own probe costs and no gap",
  ).choices(["perf_analyzer", "servesim-loadgen"] as const);
}

/** The profile as `tool` measures it (forTool); a profile that never measured that tool is an input error. */
export function measuredBy(profile: Profile, tool: string): ToolModel {
  if (!(profile.loadGenerators ?? []).some((g) => g.tool === tool)) {
    throw new InputError(`--measured-by ${tool}: profile ${profile.name} has no loadGenerators entry for ${tool}`);
  }
  return forTool(profile, tool);
}

/** `--gpu-sharing`: how co-located instances share a GPU, in place of the profile's own choice. */
export function gpuSharingOption() {
  return new Option(
    "--gpu-sharing <mode>",
    "how co-located instances share a GPU: turns (one execution at a time, with the profile's measured switch cost) or shared (processor sharing); default: the profile's gpuSharing, else shared",
  ).choices(["shared", "turns"] as const);
}
