/**
 * Finds broken relative links and `#anchors` in markdown, resolved the way GitHub renders them.
 * Hand-written: no markdown parser is in the tree, and this needs only ATX headings, inline and
 * reference links, and code to skip; anchors are GitHub's heading slugs (github-slugger's rule).
 */
import { posix } from "node:path";

/** What the checker may read: repository-relative posix paths. */
export interface Repo {
  /** The file's text, or undefined when it is not a readable file. */
  read(path: string): string | undefined;
  /** True for an existing file or directory. */
  exists(path: string): boolean;
}

export interface Link {
  target: string;
  line: number;
}

/** Fenced code blocks become empty lines (line numbers stay), inline code spans become `x`. */
function withoutCode(markdown: string): string[] {
  let fence: string | undefined;
  return markdown.split("\n").map((line) => {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && f.length >= fence.length && line.trim() === f) fence = undefined;
      return "";
    }
    if (f) {
      fence = f;
      return "";
    }
    return line.replace(/(`+)(?:(?!\1)[^])*?\1/g, "x");
  });
}

/** GitHub's slug of a heading's text: markup dropped, lower case, punctuation removed, each space a dash. */
export function githubSlug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1") // links and images: their text
    .replace(/<[^>]+>/g, "") // inline HTML tags
    .replace(/[*`]/g, ""); // emphasis and code marks
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "")
    .replace(/ /g, "-");
}

/** Every anchor a markdown file defines: heading slugs (repeats get -1, -2, … as on GitHub) and HTML ids. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  let fence: string | undefined;
  for (const line of markdown.split("\n")) {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && line.trim() === f) fence = undefined;
      continue;
    }
    if (f) {
      fence = f;
      continue;
    }
    const h = /^\s{0,3}#{1,6}\s+(.*?)(?:\s+#+)?\s*$/.exec(line);
    if (h) {
      const base = githubSlug(h[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      anchors.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:[^>]*\s)?(?:id|name)="([^"]+)"/g)) anchors.add(m[1]!);
  }
  return anchors;
}

/** Inline links and images `[text](target)`, reference definitions `[x]: target`, and HTML `href`/`src`. */
export function linksOf(markdown: string): Link[] {
  const links: Link[] = [];
  withoutCode(markdown).forEach((line, i) => {
    const add = (target: string) => links.push({ target, line: i + 1 });
    for (const m of line.matchAll(/\]\(\s*<?([^\s)>]*)>?(?:\s+["'(][^)]*)?\)/g)) add(m[1]!);
    const def = /^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)>?/.exec(line);
    if (def) add(def[1]!);
    for (const m of line.matchAll(/\s(?:href|src)="([^"]*)"/g)) add(m[1]!);
  });
  return links;
}

const EXTERNAL = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/** Problems with the relative links of the markdown file at `path`, one message each ("path:line: …"). */
export function brokenLinks(path: string, repo: Repo): string[] {
  const markdown = repo.read(path);
  if (markdown === undefined) return [`${path}: cannot read`];
  const problems: string[] = [];
  for (const { target, line } of linksOf(markdown)) {
    if (EXTERNAL.test(target)) continue;
    const at = `${path}:${line}: ${target || "(empty link)"}`;
    const hash = target.indexOf("#");
    const filePart = decodeURI(hash < 0 ? target : target.slice(0, hash));
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    if (!filePart && anchor === undefined) {
      problems.push(`${at}: empty link`);
      continue;
    }
    const resolved = filePart
      ? filePart.startsWith("/")
        ? posix.normalize(filePart.slice(1))
        : posix.normalize(posix.join(posix.dirname(path), filePart))
      : path;
    if (resolved === ".." || resolved.startsWith("../")) {
      problems.push(`${at}: points outside the repository`);
      continue;
    }
    if (!repo.exists(resolved)) {
      problems.push(`${at}: ${resolved} does not exist`);
      continue;
    }
    if (anchor === undefined) continue;
    if (!resolved.endsWith(".md")) {
      problems.push(`${at}: an anchor into ${resolved}, which is not markdown`);
      continue;
    }
    const text = repo.read(resolved);
    if (text === undefined || !anchorsOf(text).has(anchor)) problems.push(`${at}: no heading #${anchor} in ${resolved}`);
  }
  return problems;
}

/** Repository paths named in inline code (`src/verify/hmac.ts`, `cli/`), outside fenced blocks; globs are skipped. */
export function codePathsOf(markdown: string): Link[] {
  const paths: Link[] = [];
  let fence: string | undefined;
  markdown.split("\n").forEach((line, i) => {
    const f = /^\s{0,3}(`{3,}|~{3,})/.exec(line)?.[1];
    if (fence) {
      if (f && f[0] === fence[0] && line.trim() === f) fence = undefined;
      return;
    }
    if (f) {
      fence = f;
      return;
    }
    for (const m of line.matchAll(/`((?:src|test|cli|bench|examples|docs)\/[\w./-]*)`/g)) paths.push({ target: m[1]!, line: i + 1 });
  });
  return paths;
}

/** Paths named in inline code that do not exist ("path:line: …"), so a moved file cannot leave a stale name behind. */
export function missingCodePaths(path: string, repo: Repo): string[] {
  const markdown = repo.read(path) ?? "";
  return codePathsOf(markdown)
    .filter(({ target }) => !repo.exists(target.replace(/\/$/, "")))
    .map(({ target, line }) => `${path}:${line}: \`${target}\` does not exist`);
}
